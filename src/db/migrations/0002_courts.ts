import { sql, type Kysely } from 'kysely';

// Search and ordering must not depend on the database's locale: lower() leaves Cyrillic alone under a
// C ctype, and code-point order puts І, Ї, Є after Я. So both are spelled out here, as data, and
// run through translate(), which behaves the same on every PostgreSQL and on PGlite.

// The search form of a text: lower case, ґ read as г, apostrophes dropped (Кам’янець = Камянець),
// and Latin letters that look Cyrillic read as Cyrillic (мукачiвськ typed with a Latin i).
const LOOKALIKES: Record<string, string> = { a: 'а', b: 'в', c: 'с', e: 'е', h: 'н', i: 'і', k: 'к', m: 'м', o: 'о', p: 'р', t: 'т', x: 'х', y: 'у', ï: 'ї' };
const FOLD: [string, string][] = [
  ...pairs('АБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЬЮЯЁЪЫЭ', 'абвггдеєжзиіїйклмнопрстуфхцчшщьюяёъыэ'),
  ['ґ', 'г'],
  ...Object.entries(LOOKALIKES).flatMap(([latin, cyrillic]): [string, string][] => [[latin.toUpperCase(), cyrillic], [latin, cyrillic]]),
  ...pairs('DFGJLNQRSUVWZ', 'dfgjlnqrsuvwz'),
];
const APOSTROPHES = '\'’ʼ‘`´ʹ';
// Ukrainian alphabetical order, mapped onto consecutive private-use characters so that a plain
// byte-wise ("C") comparison of the key sorts names as a Ukrainian reader expects.
const ALPHABET = 'абвгдеєжзиіїйклмнопрстуфхцчшщьюя';
const ORDERED = Array.from(ALPHABET, (_, i) => String.fromCodePoint(0xe000 + i)).join('');

function pairs(from: string, to: string): [string, string][] {
  const f = Array.from(from);
  const t = Array.from(to);
  if (f.length !== t.length) throw new Error(`translate lists differ in length: ${from} / ${to}`);
  return f.map((char, i) => [char, t[i]!]);
}

const foldFrom = sql.lit(FOLD.map(([from]) => from).join('') + APOSTROPHES);
const foldTo = sql.lit(FOLD.map(([, to]) => to).join(''));

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- Self-contained bodies (no call of one function from the other), so that a restore with an
    -- empty search_path can still compute the generated columns below.
    CREATE FUNCTION uk_search_fold(value text) RETURNS text
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
      AS $$ SELECT translate(value, ${foldFrom}, ${foldTo}) $$;
    CREATE FUNCTION uk_sort_key(value text) RETURNS text
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
      AS $$ SELECT translate(translate(value, ${foldFrom}, ${foldTo}), ${sql.lit(ALPHABET)}, ${sql.lit(ORDERED)}) $$;

    -- The directory (довідник органів судової влади). Rows made before it have no kind yet (NULL).
    -- The codes of kind, instance and region are those of src/courts/kinds.ts.
    ALTER TABLE judicial_bodies
      ADD COLUMN kind text CHECK (kind IN (
        'local_general', 'local_administrative', 'local_commercial',
        'appellate_general', 'appellate_administrative', 'appellate_commercial',
        'high_anti_corruption_court', 'supreme_court', 'cassation_court',
        'high_council_of_justice', 'qualification_commission', 'state_judicial_administration',
        'judicial_administration_office', 'other_judiciary_body', 'constitutional_court')),
      ADD COLUMN instance text CHECK (instance IN ('first', 'appellate', 'cassation')),
      ADD COLUMN region text CHECK (region IN (
        'crimea', 'vinnytsia', 'volyn', 'dnipropetrovsk', 'donetsk', 'zhytomyr', 'zakarpattia',
        'zaporizhzhia', 'ivano-frankivsk', 'kyiv-oblast', 'kirovohrad', 'luhansk', 'lviv', 'mykolaiv',
        'odesa', 'poltava', 'rivne', 'sumy', 'ternopil', 'kharkiv', 'kherson', 'khmelnytskyi',
        'cherkasy', 'chernivtsi', 'chernihiv', 'kyiv-city', 'sevastopol')),
      ADD COLUMN address text,
      ADD COLUMN phones text[] NOT NULL DEFAULT '{}',
      ADD COLUMN email text,
      ADD COLUMN website text,
      ADD COLUMN active boolean NOT NULL DEFAULT true,
      ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
      ADD COLUMN search_text text GENERATED ALWAYS AS (uk_search_fold(name || ' ' || code || ' ' || coalesce(address, ''))) STORED,
      ADD COLUMN sort_key text COLLATE "C" GENERATED ALWAYS AS (uk_sort_key(name)) STORED;
    -- Words are matched anywhere inside search_text (LIKE '%…%'), which no B-tree serves and a
    -- trigram index would need the pg_trgm extension. A scan is cheap at the directory's size
    -- (3 000 bodies: about 1 ms on PostgreSQL 15, 4 ms on PGlite). The indexes serve the order of
    -- the list and its filters.
    CREATE INDEX judicial_bodies_sort_idx ON judicial_bodies (sort_key, id);
    CREATE INDEX judicial_bodies_kind_region_idx ON judicial_bodies (kind, region);

    -- Уповноважена особа (розпорядник інформації): who answers information requests for a body;
    -- the person an operator transfers a call to when the information could not be found (H4).
    CREATE TABLE authorised_persons (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      judicial_body_id uuid NOT NULL REFERENCES judicial_bodies(id),
      full_name text NOT NULL,
      position text NOT NULL,
      phone text NOT NULL,
      email text,
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      search_text text GENERATED ALWAYS AS (uk_search_fold(full_name || ' ' || position)) STORED,
      sort_key text COLLATE "C" GENERATED ALWAYS AS (uk_sort_key(full_name)) STORED
    );
    CREATE INDEX authorised_persons_body_idx ON authorised_persons (judicial_body_id, sort_key, id);
    CREATE INDEX authorised_persons_sort_idx ON authorised_persons (sort_key, id);
  `.execute(db);
}
