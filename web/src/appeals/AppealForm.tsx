// A1: registering an oral appeal during a call. (Stub: the panel's author replaces it.)
export interface RegisteredAppeal {
  id: string;
  registrationNumber: string | null;
  lookupCode: string;
  status: string;
}

export function AppealForm(_props: { callId: string; callerPhone?: string | null; onRegistered: (appeal: RegisteredAppeal) => void }) {
  return null;
}
