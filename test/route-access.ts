// Who may call each route, decided by a person from what the route does and from the README's
// "People and access", never copied from the route's own declaration. test/access-matrix.test.ts
// proves every entry through real requests (each role with its own session, the exchange with its
// API token) and fails when a route's declaration (`config.access`, `config.tokenScope`) says
// anything else, when a route is missing here, or when an entry here names no route.
//
// Adding a route: decide who may call it, add it here under its group (or a new group with a line
// saying why), and declare the same on the route.
import type { Role, TokenScope } from '../src/db/schema.ts';

/** Who may call a route: anybody without logging in, anybody logged in, or the roles listed. */
export type Admitted = 'public' | 'authenticated' | readonly Role[];

export interface RouteRule {
  /** Who may call it with a session (the browser's cookie and CSRF token). */
  roles: Admitted;
  /** The API-token scope that opens it. API tokens are given to pbx users only, with the scope telephony. */
  token?: TokenScope;
  /** A route that reads only an API token takes a session for no login at all (401). */
  sessions?: 'ignored';
  /** What a route that checks its caller itself declares instead of `roles` and `token`. */
  declares?: { access: Admitted; tokenScope?: TokenScope };
}

const STAFF = ['operator', 'supervisor', 'admin'] as const;
const CALL_TAKERS = ['operator', 'supervisor'] as const;
const MANAGEMENT = ['supervisor', 'admin'] as const;

export const ROUTE_ACCESS: Readonly<Record<string, Admitted | RouteRule>> = {
  // Anybody: the health check for the load balancer, Prometheus (its bearer token is checked by the
  // route, 404 without one), the Standard a citizen may read, and the login itself.
  'GET /api/v1/health': 'public',
  'GET /metrics': 'public',
  'GET /api/v1/standard': 'public',
  'POST /api/v1/auth/login': 'public',

  // The browser workspace's pages and assets hold no data (the API behind them does), and the login page is one of them.
  'GET /': 'public',
  'GET /assets/*': 'public',
  'GET /favicon.ico': 'public',
  'GET /favicon.svg': 'public',
  'GET /operator': 'public',
  'GET /operator/*': 'public',
  'GET /supervisor': 'public',
  'GET /supervisor/*': 'public',
  'GET /clerk': 'public',
  'GET /clerk/*': 'public',
  'GET /admin': 'public',
  'GET /admin/*': 'public',
  'GET /login': 'public',
  'GET /login/*': 'public',
  'GET /no-screen': 'public',
  'GET /no-screen/*': 'public',

  // Everybody logged in: their own session, the live channel (which sends each role only what it may
  // see), the greeting boundaries every screen shows, and the directory of courts (public facts).
  'POST /api/v1/auth/logout': 'authenticated',
  'GET /api/v1/auth/me': 'authenticated',
  'GET /api/v1/live': 'authenticated',
  'GET /api/v1/settings/greeting-boundaries': 'authenticated',
  'GET /api/v1/judicial-bodies': 'authenticated',
  'GET /api/v1/judicial-bodies/:id': 'authenticated',

  // The admin alone manages people, their API tokens, the settings, the directory, the exchange's
  // extensions and SIP passwords, and reads the audit trail.
  'GET /api/v1/users': ['admin'],
  'GET /api/v1/users/:id': ['admin'],
  'POST /api/v1/users': ['admin'],
  'PATCH /api/v1/users/:id': ['admin'],
  'GET /api/v1/users/:id/api-tokens': ['admin'],
  'POST /api/v1/users/:id/api-tokens': ['admin'],
  'DELETE /api/v1/api-tokens/:id': ['admin'],
  'GET /api/v1/audit-events': ['admin'],
  'PUT /api/v1/settings/greeting-boundaries': ['admin'],
  'GET /api/v1/settings/blocked-numbers': ['admin'],
  'PUT /api/v1/settings/blocked-numbers/:phone': ['admin'],
  'DELETE /api/v1/settings/blocked-numbers/:phone': ['admin'],
  'POST /api/v1/judicial-bodies': ['admin'],
  'PATCH /api/v1/judicial-bodies/:id': ['admin'],
  'POST /api/v1/judicial-bodies/:id/authorised-persons': ['admin'],
  'PATCH /api/v1/authorised-persons/:id': ['admin'],
  'GET /api/v1/telephony/extensions': ['admin'],
  'GET /api/v1/telephony/extensions/:extension': ['admin'],
  'PUT /api/v1/telephony/extensions/:extension': ['admin'],
  'DELETE /api/v1/telephony/extensions/:extension': ['admin'],
  'PUT /api/v1/telephony/extensions/:extension/sip-password': ['admin'],
  'POST /api/v1/telephony/extensions/:extension/sip-password': ['admin'],
  'DELETE /api/v1/telephony/extensions/:extension/sip-password': ['admin'],

  // Only the operator on the line takes a call and records its steps; supervisors and admins read
  // calls (an operator only their own), clerks never see calls.
  'POST /api/v1/calls': ['operator'],
  'POST /api/v1/calls/:id/events': ['operator'],
  'GET /api/v1/calls': STAFF,
  'GET /api/v1/calls/:id': STAFF,
  'GET /api/v1/calls/:id/script': STAFF,

  // Appeals are registered and forwarded by those who take calls (the supervisor too); management
  // closes them; the admin reads the register; a clerk sees appeals only through the court's inbox.
  'POST /api/v1/appeals': CALL_TAKERS,
  'POST /api/v1/appeals/repeat-check': CALL_TAKERS,
  'GET /api/v1/appeals': STAFF,
  'GET /api/v1/appeals/:id': STAFF,
  'POST /api/v1/appeals/:id/status': MANAGEMENT,
  'GET /api/v1/appeals/:id/forwarding-suggestions': CALL_TAKERS,
  'POST /api/v1/appeals/:id/forward': CALL_TAKERS,
  'POST /api/v1/appeals/:id/applicant-informed': CALL_TAKERS,
  'GET /api/v1/appeals/:id/forwarding': STAFF,
  'GET /api/v1/forwarding/due': MANAGEMENT,
  'GET /api/v1/notifications/deliveries': MANAGEMENT,

  // The forwarding letter is read by the contact centre and by the clerk of the court it was sent to
  // (the route checks the court).
  'GET /api/v1/appeals/:id/forwarding-letter.pdf': [...STAFF, 'court_clerk'],

  // The court clerk's inbox: their own court's appeals, received and answered by them alone.
  'GET /api/v1/clerk/inbox': ['court_clerk'],
  'GET /api/v1/clerk/inbox/:appealId': ['court_clerk'],
  'POST /api/v1/clerk/inbox/:appealId/acknowledge': ['court_clerk'],
  'POST /api/v1/clerk/inbox/:appealId/answer': ['court_clerk'],

  // Knowledge base: read while the caller waits (H2); written and vouched for by management.
  'GET /api/v1/knowledge/articles': STAFF,
  'GET /api/v1/knowledge/articles/:id': STAFF,
  'POST /api/v1/knowledge/articles': MANAGEMENT,
  'PATCH /api/v1/knowledge/articles/:id': MANAGEMENT,
  'POST /api/v1/knowledge/articles/:id/reviewed': MANAGEMENT,
  // Whom to transfer a call to (H4): the staff's lookup.
  'GET /api/v1/authorised-persons': STAFF,

  // Callbacks (H3): scheduled by those who take calls, worked (claimed, tried, dialled) by an
  // operator, released, closed or cancelled by them or the shift's supervisor; read by the staff.
  'POST /api/v1/callbacks': CALL_TAKERS,
  'GET /api/v1/callbacks': STAFF,
  'GET /api/v1/callbacks/:id': STAFF,
  'POST /api/v1/callbacks/:id/claim': ['operator'],
  'POST /api/v1/callbacks/:id/attempts': ['operator'],
  'POST /api/v1/callbacks/:id/dial': ['operator'],
  'POST /api/v1/callbacks/:id/release': CALL_TAKERS,
  'POST /api/v1/callbacks/:id/close': CALL_TAKERS,
  'POST /api/v1/callbacks/:id/cancel': CALL_TAKERS,

  // What the caller's number brought before, and missed calls: for those who pick up and call back.
  'GET /api/v1/telephony/callers/:phone': CALL_TAKERS,
  'GET /api/v1/telephony/missed-calls': CALL_TAKERS,

  // Callers nobody answered (H3): management sets the rule that calls them back and reads the figures.
  'GET /api/v1/settings/missed-call-rule': MANAGEMENT,
  'PUT /api/v1/settings/missed-call-rule': MANAGEMENT,
  'GET /api/v1/calls/unanswered/figures': MANAGEMENT,

  // The citizens' ratings (Q1): an operator their own, management all.
  'GET /api/v1/survey/ratings': STAFF,
  'GET /api/v1/survey/summary': STAFF,

  // The exchange reports its calls, with its API token (scope telephony). The Zammad-compatible
  // webhook is declared public because Zammad's exchanges put the token in the URL; the route checks
  // it itself, takes nothing but the exchange's token and answers any session 401.
  'POST /api/v1/telephony/events': { roles: ['pbx'], token: 'telephony' },
  'POST /api/v1/telephony/zammad': { roles: [], sessions: 'ignored', token: 'telephony', declares: { access: 'public' } },
};
