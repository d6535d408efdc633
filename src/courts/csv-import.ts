// Importing the official registry of judicial bodies from CSV (`npm run import-courts`, see
// README.md here). First a pure step: text → rows to import and rows rejected with their line and
// reason. Then an upsert by `code` in one transaction, each change with its audit event.
import type { z } from 'zod';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { normaliseApostrophes } from '../http/fields.ts';
import { detectDelimiter, parseCsv, type CsvProblem } from './csv.ts';
import { address, bodyName, code, officialEmail, phones, website } from './inputs.ts';
import { BODY_KINDS, INSTANCES, REGIONS, defaultInstance, type BodyKind, type Instance, type RegionCode } from './kinds.ts';
import {
  SYSTEM, bodyErrors, bodyValues, changedFields, insertBody, mergeBodyValues, newBodyValues, updateBody,
  type BodyPatch, type BodyValues,
} from './repository.ts';
import type { BodyRow } from './view.ts';

/** The columns of the file, by their header; Ukrainian headers are accepted too. */
export const COLUMNS = {
  code: ['code', 'код'],
  name: ['name', 'назва'],
  kind: ['kind', 'вид'],
  instance: ['instance', 'інстанція'],
  region: ['region', 'регіон'],
  address: ['address', 'адреса'],
  phones: ['phones', 'телефони'],
  email: ['email', 'електронна пошта'],
  website: ['website', 'вебсайт'],
  active: ['active', 'чинний'],
} as const;
export type Column = keyof typeof COLUMNS;
const REQUIRED: Column[] = ['code', 'name', 'kind'];

export interface ImportRow {
  line: number;
  code: string;
  /** Only the columns the file has: a column left out of the file leaves that value untouched. */
  patch: BodyPatch & { code: string; name: string; kind: BodyKind };
}

export type Rejected = CsvProblem;

export interface ParsedImport {
  rows: ImportRow[];
  rejected: Rejected[];
  /** A problem with the file as a whole (its header); nothing can be imported then. */
  fileError: string | null;
}

const folded = (text: string): string => normaliseApostrophes(text).toLowerCase().replace(/\s+/g, ' ').trim();

function headerColumn(header: string): Column | undefined {
  const name = folded(header);
  return (Object.keys(COLUMNS) as Column[]).find((column) => (COLUMNS[column] as readonly string[]).includes(name));
}

/** A kind by its code or its Ukrainian label. */
function kindOf(cell: string): BodyKind | undefined {
  const value = folded(cell);
  return (Object.keys(BODY_KINDS) as BodyKind[]).find((kind) => kind === value || folded(BODY_KINDS[kind].label) === value);
}

function instanceOf(cell: string): Instance | undefined {
  const value = folded(cell).replace(/ інстанція$/, '');
  return (Object.keys(INSTANCES) as Instance[]).find((instance) => instance === value || folded(INSTANCES[instance]).replace(/ інстанція$/, '') === value);
}

// «Вінницька область», «Вінницька обл.», «Вінницька», «м. Київ», «Київ», «АР Крим» all name a region.
const regionWords = (text: string): string => folded(text)
  .replace(/^(м\.|місто)\s*/u, '')
  .replace(/\s(область|обл\.?)$/u, '')
  .replace(/^ар\s/u, 'автономна республіка ');

function regionOf(cell: string): RegionCode | undefined {
  const value = folded(cell);
  const words = regionWords(cell);
  return (Object.keys(REGIONS) as RegionCode[]).find((region) => region === value || regionWords(REGIONS[region]) === words);
}

const YES = ['так', 'true', '1', 'yes', 'чинний', 'діє'];
const NO = ['ні', 'false', '0', 'no', 'нечинний', 'не діє'];

/** Validates one cell with a field rule, adding its Ukrainian message to `errors` when it fails. */
function check<T>(schema: z.ZodType<T, string>, cell: string, errors: string[]): T | undefined {
  const result = schema.safeParse(cell);
  if (result.success) return result.data;
  errors.push(...result.error.issues.map((issue) => issue.message));
  return undefined;
}

/** Reads the CSV text (with or without BOM, `;` or `,`) into rows to import and rows rejected. */
export function parseBodiesCsv(text: string): ParsedImport {
  const delimiter = detectDelimiter(text);
  const { records, problems } = parseCsv(text, delimiter);
  const rejected: Rejected[] = [...problems];
  const header = records[0];
  if (!header || header.line !== 1) {
    return { rows: [], rejected, fileError: 'Перший рядок файлу має бути заголовком з назвами стовпців (code, name, kind, …)' };
  }
  const columns: Column[] = [];
  for (const [index, title] of header.fields.entries()) {
    const column = headerColumn(title);
    if (!column) return { rows: [], rejected, fileError: `Невідомий стовпець «${title.trim()}» (№ ${index + 1}); можливі: ${Object.keys(COLUMNS).join(', ')}` };
    if (columns.includes(column)) return { rows: [], rejected, fileError: `Стовпець ${column} повторюється` };
    columns.push(column);
  }
  const missing = REQUIRED.filter((column) => !columns.includes(column));
  if (missing.length > 0) return { rows: [], rejected, fileError: `Немає обов’язкових стовпців: ${missing.join(', ')}` };

  const rows: ImportRow[] = [];
  const seen = new Map<string, number>();
  for (const record of records.slice(1)) {
    if (record.fields.length !== columns.length) {
      rejected.push({ line: record.line, reason: `полів у рядку ${record.fields.length}, а стовпців у заголовку ${columns.length}` });
      continue;
    }
    const cells = Object.fromEntries(columns.map((column, i) => [column, record.fields[i]!])) as Partial<Record<Column, string>>;
    const { row, errors } = readRow(record.line, cells);
    if (row && seen.has(row.code)) errors.push(`код ${row.code} уже був у рядку ${seen.get(row.code)}`);
    if (!row || errors.length > 0) {
      rejected.push({ line: record.line, reason: errors.join('; ') });
      continue;
    }
    seen.set(row.code, row.line);
    rows.push(row);
  }
  rejected.sort((a, b) => a.line - b.line);
  return { rows, rejected, fileError: null };
}

function readRow(line: number, cells: Partial<Record<Column, string>>): { row: ImportRow | null; errors: string[] } {
  const errors: string[] = [];
  const present = (column: Column): string | undefined => cells[column];
  const optional = <T>(column: Column, schema: z.ZodType<T, string>): T | null | undefined => {
    const cell = present(column);
    if (cell === undefined) return undefined;
    return cell.trim() === '' ? null : check(schema, cell, errors);
  };

  const bodyCode = check(code, present('code') ?? '', errors);
  const name = check(bodyName, present('name') ?? '', errors);
  const kindCell = present('kind') ?? '';
  const kind = kindOf(kindCell);
  if (!kind) errors.push(kindCell.trim() === '' ? 'Вид органу: поле обов’язкове' : `Вид органу: невідоме значення «${kindCell.trim()}»; можливі: ${Object.keys(BODY_KINDS).join(', ')}`);

  const patch: BodyPatch = {
    address: optional('address', address),
    email: optional('email', officialEmail),
    website: optional('website', website),
  };
  const instanceCell = present('instance');
  if (instanceCell !== undefined) {
    // An empty cell means the kind's usual instance, as for a body entered by hand.
    if (instanceCell.trim() === '') patch.instance = kind ? defaultInstance(kind) : null;
    else {
      patch.instance = instanceOf(instanceCell);
      if (!patch.instance) errors.push(`Інстанція: невідоме значення «${instanceCell.trim()}»; можливі: ${Object.keys(INSTANCES).join(', ')}`);
    }
  }
  const regionCell = present('region');
  if (regionCell !== undefined) {
    if (regionCell.trim() === '') patch.region = null;
    else {
      patch.region = regionOf(regionCell);
      if (!patch.region) errors.push(`Регіон: невідоме значення «${regionCell.trim()}»; вкажіть назву області (напр. «Вінницька область»), «м. Київ» або код`);
    }
  }
  const phonesCell = present('phones');
  if (phonesCell !== undefined) {
    const list = phonesCell.split(/[,;\r\n]+/).map((part) => part.trim()).filter((part) => part !== '');
    const result = phones.safeParse(list);
    if (result.success) patch.phones = result.data;
    else errors.push(...new Set(result.error.issues.map((issue) => issue.message)));
  }
  const activeCell = present('active');
  if (activeCell !== undefined && activeCell.trim() !== '') {
    const value = folded(activeCell);
    if (YES.includes(value)) patch.active = true;
    else if (NO.includes(value)) patch.active = false;
    else errors.push(`Чинний: очікується «так» або «ні», отримано «${activeCell.trim()}»`);
  } else if (activeCell !== undefined) {
    patch.active = true;
  }

  if (errors.length > 0 || bodyCode === undefined || name === undefined || kind === undefined) return { row: null, errors };
  return { row: { line, code: bodyCode, patch: { ...patch, code: bodyCode, name, kind } }, errors };
}

export interface PlannedChange {
  line: number;
  code: string;
  /** For an update: the fields that change. */
  fields: string[];
}

export interface ImportReport {
  dryRun: boolean;
  created: PlannedChange[];
  updated: PlannedChange[];
  unchanged: PlannedChange[];
  rejected: Rejected[];
}

interface Plan {
  report: ImportReport;
  writes: { row: ImportRow; before: BodyRow | undefined; after: BodyValues }[];
}

async function plan(db: Kysely<Database>, rows: ImportRow[], rejectedEarlier: Rejected[], dryRun: boolean, lock: boolean): Promise<Plan> {
  const existing = new Map<string, BodyRow>();
  for (let i = 0; i < rows.length; i += 1000) {
    const codes = rows.slice(i, i + 1000).map((row) => row.code);
    let query = db.selectFrom('judicial_bodies').selectAll().where('code', 'in', codes);
    if (lock) query = query.forUpdate();
    for (const body of await query.execute()) existing.set(body.code, body);
  }
  const report: ImportReport = { dryRun, created: [], updated: [], unchanged: [], rejected: [...rejectedEarlier] };
  const writes: Plan['writes'] = [];
  for (const row of rows) {
    const before = existing.get(row.code);
    const after = before ? mergeBodyValues(bodyValues(before), row.patch) : newBodyValues(row.patch);
    const errors = bodyErrors(after);
    if (errors.length > 0) {
      report.rejected.push({ line: row.line, reason: errors.map((error) => error.message).join('; ') });
      continue;
    }
    const change = { line: row.line, code: row.code, fields: before ? changedFields(bodyValues(before), after) : [] };
    if (!before) report.created.push(change);
    else if (change.fields.length > 0) report.updated.push(change);
    else { report.unchanged.push(change); continue; }
    writes.push({ row, before, after });
  }
  report.rejected.sort((a, b) => a.line - b.line);
  return { report, writes };
}

/**
 * Upserts the parsed rows by code in one transaction, as the system (no user), with an audit event
 * per created or changed body. A dry run reads only and reports what would change. Bodies missing
 * from the file are left as they are.
 */
export async function importBodies(db: Kysely<Database>, parsed: ParsedImport, options: { dryRun: boolean; now: Date }): Promise<ImportReport> {
  if (options.dryRun) return (await plan(db, parsed.rows, parsed.rejected, true, false)).report;
  return db.transaction().execute(async (trx) => {
    const { report, writes } = await plan(trx, parsed.rows, parsed.rejected, false, true);
    for (const { before, after } of writes) {
      if (before) await updateBody(trx, SYSTEM, before, after, options.now, { via: 'csv-import' });
      else await insertBody(trx, SYSTEM, after, options.now, { via: 'csv-import' });
    }
    return report;
  });
}

/** The report as the command prints it, in Ukrainian. */
export function formatReport(report: ImportReport): string {
  const counts = `створено: ${report.created.length}, оновлено: ${report.updated.length}, без змін: ${report.unchanged.length}; відхилено рядків: ${report.rejected.length}`;
  const lines = report.dryRun
    ? ['Пробний запуск (--dry-run): до бази нічого не записано.', `Було б ${counts}`]
    : [counts.charAt(0).toUpperCase() + counts.slice(1)];
  for (const change of report.created) lines.push(`  + рядок ${change.line}: ${change.code} (новий)`);
  for (const change of report.updated) lines.push(`  ~ рядок ${change.line}: ${change.code} (змінюються: ${change.fields.join(', ')})`);
  if (report.rejected.length > 0) {
    lines.push('Відхилені рядки (не імпортовано):');
    for (const rejected of report.rejected) lines.push(`  ! рядок ${rejected.line}: ${rejected.reason}`);
  }
  return lines.join('\n');
}
