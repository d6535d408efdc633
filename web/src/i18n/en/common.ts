import type { common as uk } from '../uk/common.ts';

export const common: typeof uk = {
  appName: 'Dovira',
  appSubtitle: 'Unified Contact Centre of the Judiciary of Ukraine',
  language: 'Interface language',
  languageNames: { uk: 'Українська', en: 'English' },
  login: {
    title: 'Sign in to Dovira',
    login: 'Login',
    password: 'Password',
    submit: 'Sign in',
    loginRequired: 'Enter your login',
    passwordRequired: 'Enter your password',
    tooManyAttempts: (seconds: number) => `Too many sign-in attempts. Try again in ${seconds < 60 ? `${seconds} s` : `${Math.ceil(seconds / 60)} min`}.`,
    hint: 'Your login and password are issued by the contact centre administrator.',
  },
  logout: 'Sign out',
  roles: { operator: 'Operator', supervisor: 'Supervisor', admin: 'Administrator', court_clerk: 'Court clerk', pbx: 'Telephone exchange' },
  /** The labels of an appeal's card (A1), the same for management and for the court. */
  appealFacts: {
    applicant: 'Applicant',
    residence: 'Place of residence',
    phone: 'Phone',
    email: 'E-mail',
    noEmail: 'none',
    kind: 'Kind',
    essence: 'Essence of the matter',
  },
  nav: {
    workspace: 'Workspace',
    console: 'Supervisor console',
    inbox: 'Court inbox',
    users: 'Users',
    settings: 'Settings',
  },
  live: {
    connected: 'Live updates are on',
    connecting: 'Connecting to live updates…',
    lost: 'Connection lost. Reconnecting automatically…',
    crowded: 'Dovira is open in too many tabs: close the ones you do not need and live updates resume here',
  },
  loading: 'Loading…',
  retry: 'Try again',
  reload: 'Reload the page',
  screenFailed: 'This screen could not be opened: Dovira may have been updated or the connection dropped. Reload the page — anything already saved elsewhere is kept.',
  save: 'Save',
  cancel: 'Cancel',
  closeAlert: 'Close the alert',
  close: 'Close',
  back: 'Back',
  search: 'Search',
  errorTitle: 'The action failed',
  loadError: 'Could not load the data',
  savedFormKept: 'What you typed is kept in the form — correct it and send again.',
  notFound: { title: 'Page not found', hint: 'Dovira has no such address: it may have a typo. Go back to the home page or use the menu on the left.', home: 'Go to the home page' },
  noRoleScreen: 'Your role has no screen in the browser. Use the API.',
  shortcuts: 'Keys',
  time: (value: string) => `at ${value}`,
  duration: (seconds: number) => {
    const hours = Math.floor(seconds / 3600);
    const minutes = Math.floor((seconds % 3600) / 60);
    const rest = seconds % 60;
    if (hours > 0) return minutes > 0 ? `${hours} h ${minutes} min` : `${hours} h`;
    if (minutes > 0) return rest > 0 ? `${minutes} min ${rest} s` : `${minutes} min`;
    return `${rest} s`;
  },
};
