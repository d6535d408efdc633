// H2: the knowledge base search beside the call. (Stub.)
import type { Ref } from 'react';
export function KnowledgePanel(_props: { autoFocusRef?: Ref<HTMLInputElement> }) {
  return null;
}
