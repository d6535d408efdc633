// bench/results/<UTC date>.json: one key per scenario; a later run on the same day replaces that key only.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

export async function saveResult(repoRoot: string, key: string, data: Record<string, unknown>, at: Date): Promise<string> {
  const dir = path.join(repoRoot, 'bench', 'results');
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${at.toISOString().slice(0, 10)}.json`);
  let existing: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) existing = parsed as Record<string, unknown>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`${file} exists but is not a JSON object; move it aside first`, { cause: error });
  }
  existing[key] = data;
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(existing, null, 2)}\n`);
  await rename(temporary, file);
  return file;
}
