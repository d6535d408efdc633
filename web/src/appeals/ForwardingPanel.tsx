// A3: forwarding a registered appeal to the competent body the same day. (Stub.)
export function ForwardingPanel(_props: { appealId: string }) {
  return null;
}
