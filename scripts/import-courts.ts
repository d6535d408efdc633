// `npm run import-courts -- FILE.csv [--dry-run]`: brings the official registry of judicial bodies
// into the directory, matching bodies by code (src/courts/README.md lists the columns).
// Exit status: 0 all rows imported, 1 some rows rejected (the rest imported), 2 nothing imported
// (wrong arguments, unreadable file, bad header, database error).
import { readFile } from 'node:fs/promises';
import { databaseSettings } from '../src/config.ts';
import { openDatabase } from '../src/db/database.ts';
import { formatReport, importBodies, parseBodiesCsv } from '../src/courts/csv-import.ts';

const USAGE = 'Використання: npm run import-courts -- ФАЙЛ.csv [--dry-run]';

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const dryRun = args.includes('--dry-run');
  const files = args.filter((arg) => arg !== '--dry-run');
  const unknown = files.filter((arg) => arg.startsWith('--'));
  if (args.includes('--help') || files.length !== 1 || unknown.length > 0) {
    console.error(unknown.length > 0 && !args.includes('--help') ? `Невідомий параметр ${unknown[0]}\n${USAGE}` : USAGE);
    return 2;
  }
  const file = files[0]!;

  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(await readFile(file));
  } catch (error) {
    const code = (error as { code?: string }).code;
    console.error(code === 'ENOENT' ? `Файл ${file} не знайдено`
      : error instanceof TypeError ? `Файл ${file} не в кодуванні UTF-8: збережіть його як «CSV UTF-8»`
      : `Не вдалося прочитати ${file}: ${String(error)}`);
    return 2;
  }

  const parsed = parseBodiesCsv(text);
  if (parsed.fileError) {
    console.error(`Файл не імпортовано: ${parsed.fileError}`);
    return 2;
  }

  const where = databaseSettings();
  const database = await openDatabase({ url: where.databaseUrl, dataDir: where.pgliteDir });
  try {
    const report = await importBodies(database.db, parsed, { dryRun, now: new Date() });
    console.log(formatReport(report));
    return report.rejected.length > 0 ? 1 : 0;
  } catch (error) {
    // The message only: a database error's detail may quote the file's contents.
    console.error(`Імпорт не виконано, до бази нічого не записано: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  } finally {
    await database.close();
  }
}

process.exitCode = await main();
