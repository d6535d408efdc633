import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // Each process keeps the sessions it has looked up (src/auth/principal.ts) for as long as it hears
  // these notices. The database itself announces every change that could make a kept session wrong
  // (a logout, a password change, a deactivation, a new role), whichever code or person made it, once
  // the change commits.
  await sql`
    CREATE FUNCTION notify_session_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('dovira_sessions', CASE TG_TABLE_NAME WHEN 'sessions' THEN 'session:' ELSE 'user:' END || OLD.id);
      RETURN NULL;
    END
    $$;
    CREATE TRIGGER sessions_changed AFTER UPDATE OR DELETE ON sessions
      FOR EACH ROW EXECUTE FUNCTION notify_session_change();
    -- Only what a session carries: failed-login counters and the like change nothing kept.
    CREATE TRIGGER users_changed AFTER UPDATE ON users
      FOR EACH ROW
      WHEN ((OLD.role, OLD.active, OLD.login, OLD.full_name, OLD.operator_number, OLD.judicial_body_id)
            IS DISTINCT FROM (NEW.role, NEW.active, NEW.login, NEW.full_name, NEW.operator_number, NEW.judicial_body_id))
      EXECUTE FUNCTION notify_session_change();
    CREATE TRIGGER users_deleted AFTER DELETE ON users
      FOR EACH ROW EXECUTE FUNCTION notify_session_change();
  `.execute(db);
}
