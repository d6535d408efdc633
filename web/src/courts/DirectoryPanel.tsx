// The directory of judicial bodies beside the call. (Stub.)
import type { Ref } from 'react';
export function DirectoryPanel(_props: { autoFocusRef?: Ref<HTMLInputElement> }) {
  return null;
}
