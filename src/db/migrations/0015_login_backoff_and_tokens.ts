import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // Logins: failures are counted per key in one shared table (src/auth/login-throttle.ts) instead of
  // a counter on the user, which an outsider could drive to lock the user out and which parallel
  // attempts raced past. Locks in force on the old columns are not carried over (15 minutes at most).
  await sql`
    CREATE TABLE login_throttle (
      key text PRIMARY KEY,
      failures integer NOT NULL CHECK (failures >= 0),
      first_failure_at timestamptz NOT NULL,
      last_failure_at timestamptz NOT NULL,
      blocked_until timestamptz
    );
    CREATE INDEX login_throttle_last_failure_idx ON login_throttle (last_failure_at);

    CREATE TABLE known_devices (
      token_hash text PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL
    );
    CREATE INDEX known_devices_user_idx ON known_devices (user_id);

    ALTER TABLE users DROP COLUMN failed_logins, DROP COLUMN locked_until;
  `.execute(db);

  // API tokens: machine users only, each with a scope and an expiry. Tokens already issued keep
  // working for a year from now (time to issue their successors); those of people are revoked, each
  // with its audit event, by Dovira itself.
  await sql`
    ALTER TABLE api_tokens
      ADD COLUMN scope text NOT NULL DEFAULT 'telephony' CHECK (scope IN ('telephony')),
      ADD COLUMN expires_at timestamptz;
    UPDATE api_tokens SET expires_at = now() + interval '365 days';
    ALTER TABLE api_tokens ALTER COLUMN expires_at SET NOT NULL, ALTER COLUMN scope DROP DEFAULT;

    WITH revoked AS (
      UPDATE api_tokens t SET revoked_at = now()
      FROM users u
      WHERE u.id = t.user_id AND u.role <> 'pbx' AND t.revoked_at IS NULL
      RETURNING t.id, t.user_id, t.name
    )
    INSERT INTO audit_events (actor_user_id, actor_ip, entity_type, entity_id, action, changes)
    SELECT NULL, NULL, 'api_token', id::text, 'revoked',
           jsonb_build_object('userId', user_id, 'name', name, 'reason', 'API-токени видають лише машинним користувачам (роль pbx)')
    FROM revoked ORDER BY id;
  `.execute(db);
}
