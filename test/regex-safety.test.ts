// No regular expression in Dovira may take super-linear time on any text: one request's text must
// never stall the server (or an operator's browser). The lint (eslint.config.js) holds the same
// rules; this test names the requirement and cannot be switched off by a comment in a file.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import regexp from 'eslint-plugin-regexp';
import { analyse } from 'scslre';
import tseslint from 'typescript-eslint';
import { REGION_PATTERNS } from '../src/forwarding/suggestions.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
// Everything that runs: the server, the browser workspace, the scripts, the bench and the test
// helpers. Test files themselves may keep an old pattern as the reference for its replacement,
// marked for the lint; each is run on short texts only.
const SOURCES = ['src', 'web/src', 'scripts', 'bench', 'test'];
const NOT_SOURCES = ['**/*.test.ts', 'bench/results/**', 'web/dist/**', 'web/dist.*/**'];
const RULES = ['regexp/no-super-linear-backtracking', 'regexp/no-super-linear-move'] as const;

function superLinearLinter(): ESLint {
  return new ESLint({
    cwd: ROOT,
    overrideConfigFile: true,
    allowInlineConfig: false,
    ignorePatterns: NOT_SOURCES,
    overrideConfig: [{
      files: ['**/*.ts', '**/*.tsx', '**/*.js'],
      languageOptions: { parser: tseslint.parser },
      plugins: { regexp },
      rules: Object.fromEntries(RULES.map((rule) => [rule, 'error'])),
    }],
  });
}

const findings = (results: ESLint.LintResult[]): string[] => results.flatMap((result) =>
  result.messages.map((m) => `${path.relative(ROOT, result.filePath)}:${m.line}:${m.column} ${m.ruleId ?? 'parse error'}: ${m.message}`));

describe('regular expressions take linear time', () => {
  let results: ESLint.LintResult[];
  before(async () => { results = await superLinearLinter().lintFiles(SOURCES); });

  test('the analysis finds super-linear patterns and names their file and line', async () => {
    const sample = 'const fine = /^\\d+(?:\\.\\d+)?$/;\nconst backtracks = /^(a+)+$/;\nconst retried = /\\s+$/;\n';
    const found = findings(await superLinearLinter().lintText(sample, { filePath: path.join(ROOT, 'src/sample.ts') }));
    assert.ok(found.some((f) => /^src\/sample\.ts:2:\d+ regexp\/no-super-linear-backtracking/.test(f)), found.join('\n'));
    assert.ok(found.some((f) => /^src\/sample\.ts:3:\d+ regexp\/no-super-linear-move/.test(f)), found.join('\n'));
    assert.ok(found.every((f) => !f.startsWith('src/sample.ts:1:')), found.join('\n'));
  });

  test('no pattern written in the code base can backtrack or be retried super-linearly', () => {
    const files = results.map((r) => path.relative(ROOT, r.filePath));
    assert.ok(files.includes('src/knowledge/text.ts') && files.includes('web/src/knowledge/Markdown.tsx') && files.includes('bench/run.ts'), `files read: ${files.length}`);
    assert.ok(files.length > 150, `only ${files.length} files were read`);
    assert.deepEqual(findings(results), []);
  });

  test('patterns built from data are checked by the same analysis', () => {
    assert.ok(REGION_PATTERNS.length > 40, 'every region has its patterns');
    const found = REGION_PATTERNS.flatMap(({ code, pattern }) => analyse({ source: pattern.source, flags: pattern.flags }).reports
      .map((report) => `src/forwarding/suggestions.ts REGION_PATTERNS (${code}) ${pattern}: ${report.type} on «${report.character.pick}»`));
    assert.deepEqual(found, []);
  });

  test('no other code builds a pattern from data, where neither the lint nor this test could read it', () => {
    // suggestions.ts: its patterns are checked above. schema-arbitrary.ts: it compiles the routes' own
    // patterns (from their zod schemas, linted where they are written) to generate test input only.
    const checked = new Set(['src/forwarding/suggestions.ts', 'test/schema-arbitrary.ts']);
    const built: string[] = [];
    for (const result of results) {
      const file = path.relative(ROOT, result.filePath);
      if (checked.has(file)) continue;
      readFileSync(result.filePath, 'utf8').split('\n').forEach((line, index) => {
        if (/\bRegExp\(/.test(line)) built.push(`${file}:${index + 1}: ${line.trim()}`);
      });
    }
    assert.deepEqual(built, []);
  });
});
