import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // The digest password of each extension's phone, kept only as HA1 = md5(extension:realm:password).
  // A removed password stays as a row without HA1, so an exchange that was away when it went hears of
  // it too. Every change takes the next version: the exchange keeps the newest version of each phone,
  // whichever Dovira process told it and in whatever order. Versions are 32-bit, as kamailio's
  // integers are. Not tied to pbx_extensions by a foreign key: a removed extension's row must stay.
  await sql`
    CREATE SEQUENCE pbx_sip_credential_versions AS integer;
    CREATE TABLE pbx_sip_credentials (
      extension text PRIMARY KEY CHECK (extension ~ '^[0-9A-Za-z*#+._-]{1,32}$'),
      ha1 text CHECK (ha1 ~ '^[0-9a-f]{32}$'),
      realm text CHECK (realm ~ '^[A-Za-z0-9.-]{1,100}$'),
      version integer NOT NULL DEFAULT nextval('pbx_sip_credential_versions'),
      updated_at timestamptz NOT NULL,
      CHECK ((ha1 IS NULL) = (realm IS NULL))
    );
  `.execute(db);
}
