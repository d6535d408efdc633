// Builds the browser workspace (web/ → web/dist) with Vite. `npm install` runs it; `npm start` and
// the browser tests run it with --if-stale, which builds only when a source is newer than the build.
import { createReadStream, createWriteStream, existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createBrotliCompress, createGzip, constants } from 'node:zlib';

const root = path.resolve(import.meta.dirname, '..');
const webDir = path.join(root, 'web');
const distDir = path.join(webDir, 'dist');
const builtMarker = path.join(distDir, 'index.html');
// Every source file the last build bundled (the web app's own and the shared rules it imports from
// src/), written by the build itself, so a change to any of them makes the build stale.
const SOURCES_FILE = 'sources.json';
const ALWAYS = ['web/src', 'web/index.html', 'web/vite.config.ts', 'package-lock.json'];

function newestChange(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(entry).map((name) => newestChange(path.join(entry, name))));
}

export function webBuildIsStale(): boolean {
  const sourcesFile = path.join(distDir, SOURCES_FILE);
  if (!existsSync(builtMarker) || !existsSync(sourcesFile)) return true;
  const built = statSync(builtMarker).mtimeMs;
  const bundled = JSON.parse(readFileSync(sourcesFile, 'utf8')) as string[];
  // A bundled file that is gone means the sources moved: build again.
  if (bundled.some((source) => !existsSync(path.join(root, source)))) return true;
  return [...ALWAYS, ...bundled].some((source) => newestChange(path.join(root, source)) > built);
}

// Served as-is by @fastify/static (preCompressed), so no request pays for compression.
async function precompress(dir: string): Promise<void> {
  const assets = path.join(dir, 'assets');
  for (const name of readdirSync(assets)) {
    if (!/\.(js|css|svg)$/.test(name)) continue;
    const file = path.join(assets, name);
    await pipeline(createReadStream(file), createGzip({ level: 9 }), createWriteStream(`${file}.gz`));
    await pipeline(createReadStream(file), createBrotliCompress({ params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }), createWriteStream(`${file}.br`));
  }
}

export async function buildWeb(): Promise<void> {
  const { build } = await import('vite');
  // Built beside the served copy and swapped in at the end, so a running server never sees a half-built app.
  const staging = path.join(webDir, `dist.building-${process.pid}`);
  const previous = path.join(webDir, `dist.previous-${process.pid}`);
  try {
    const output = await build({ configFile: path.join(webDir, 'vite.config.ts'), root: webDir, logLevel: 'warn', build: { outDir: staging, emptyOutDir: true } });
    const chunks = [output].flat().flatMap((result) => ('output' in result ? result.output : []));
    const bundled = new Set<string>();
    for (const chunk of chunks) {
      if (chunk.type !== 'chunk') continue;
      for (const id of chunk.moduleIds) {
        const file = path.relative(root, id.split('?')[0]!);
        if (!file.startsWith('..') && !file.startsWith('node_modules') && !file.startsWith('\0') && existsSync(path.join(root, file))) bundled.add(file);
      }
    }
    writeFileSync(path.join(staging, SOURCES_FILE), `${JSON.stringify([...bundled].sort(), null, 1)}\n`);
    await precompress(staging);
    if (existsSync(distDir)) renameSync(distDir, previous);
    renameSync(staging, distDir);
  } finally {
    rmSync(staging, { recursive: true, force: true });
    rmSync(previous, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  const ifStale = process.argv.includes('--if-stale');
  if (ifStale && !webBuildIsStale()) process.exit(0);
  console.log('Dovira: збирання вебінтерфейсу (web/ → web/dist)…');
  const started = Date.now();
  await buildWeb();
  console.log(`Dovira: вебінтерфейс зібрано за ${((Date.now() - started) / 1000).toFixed(1)} с`);
}
