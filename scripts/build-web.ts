// Builds the browser workspace (web/ → web/dist) with Vite. `npm install` runs it; `npm start` and
// the browser tests run it with --if-stale, which builds only when a source is newer than the build.
import { createReadStream, createWriteStream, existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createBrotliCompress, createGzip, constants } from 'node:zlib';

const root = path.resolve(import.meta.dirname, '..');
const webDir = path.join(root, 'web');
const distDir = path.join(webDir, 'dist');
const builtMarker = path.join(distDir, 'index.html');
// The web app imports shared rules from these server folders, so they count as its sources too.
const SOURCES = ['web/src', 'web/index.html', 'web/vite.config.ts', 'src/standard', 'src/http/fields.ts', 'src/calls/events.ts', 'src/appeals/input.ts', 'package-lock.json'];

function newestChange(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(entry).map((name) => newestChange(path.join(entry, name))));
}

export function webBuildIsStale(): boolean {
  if (!existsSync(builtMarker)) return true;
  const built = statSync(builtMarker).mtimeMs;
  return SOURCES.some((source) => newestChange(path.join(root, source)) > built);
}

// Served as-is by @fastify/static (preCompressed), so no request pays for compression.
async function precompress(): Promise<void> {
  const assets = path.join(distDir, 'assets');
  for (const name of readdirSync(assets)) {
    if (!/\.(js|css|svg)$/.test(name)) continue;
    const file = path.join(assets, name);
    await pipeline(createReadStream(file), createGzip({ level: 9 }), createWriteStream(`${file}.gz`));
    await pipeline(createReadStream(file), createBrotliCompress({ params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }), createWriteStream(`${file}.br`));
  }
}

export async function buildWeb(): Promise<void> {
  const { build } = await import('vite');
  await build({ configFile: path.join(webDir, 'vite.config.ts'), root: webDir, logLevel: 'warn' });
  await precompress();
}

if (import.meta.main) {
  const ifStale = process.argv.includes('--if-stale');
  if (ifStale && !webBuildIsStale()) process.exit(0);
  console.log('Dovira: збирання вебінтерфейсу (web/ → web/dist)…');
  const started = Date.now();
  await buildWeb();
  console.log(`Dovira: вебінтерфейс зібрано за ${((Date.now() - started) / 1000).toFixed(1)} с`);
}
