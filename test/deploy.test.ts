// The files an operator installs from deploy/: the systemd units run the project's own Node 24
// hardened, the settings file lists every setting, and the alert rules are valid, tested, and read
// only metrics Dovira exposes.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/database.ts';
import { parseExposition } from '../src/metrics/test-exposition.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const INSTALL_DIR = '/opt/dovira';
const execWithoutDeadline = promisify(execFile);
/** Runs a program; one still running after a minute is stopped and fails the test, naming the program. */
const exec = (file: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) =>
  execWithoutDeadline(file, args, { timeout: 60_000, ...options });

/** Where a program lives, or undefined; in CI a missing one fails the test instead of skipping it. */
function program(name: string, debianPackage: string): { path: string | undefined; skip: string | false } {
  const found = ['/usr/bin', '/bin', '/usr/sbin', '/usr/local/bin'].map((dir) => path.join(dir, name)).find((candidate) => existsSync(candidate));
  if (found || process.env.CI) return { path: found, skip: false };
  return { path: undefined, skip: `needs ${name} (Debian package ${debianPackage})` };
}

/** A unit file read strictly: comments, [Section] headers and Key=Value lines, nothing else. */
function parseUnit(text: string, file: string): Map<string, [string, string][]> {
  const sections = new Map<string, [string, string][]>();
  let current: [string, string][] | undefined;
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '' || /^[#;]/.test(line)) return;
    const header = /^\[([A-Za-z]+)\]$/.exec(line);
    if (header) {
      current = [];
      sections.set(header[1]!, current);
      return;
    }
    const entry = /^([A-Za-z][A-Za-z0-9]*)=(.*)$/.exec(line);
    assert.ok(entry && current, `${file}:${index + 1} is not a unit file line: ${line}`);
    current.push([entry[1]!, entry[2]!]);
  });
  return sections;
}

function values(unit: Map<string, [string, string][]>, section: string, key: string): string[] {
  return (unit.get(section) ?? []).filter(([k]) => k === key).map(([, v]) => v);
}

const readDeploy = (file: string) => readFile(path.join(ROOT, 'deploy', file), 'utf8');

describe('deploy/dovira.service', () => {
  test('runs the project\'s own Node 24 on src/main.ts from the install directory, as its own user, with its settings file, restarting on failure', async () => {
    const unit = parseUnit(await readDeploy('dovira.service'), 'dovira.service');
    assert.deepEqual(values(unit, 'Service', 'ExecStart'), [`${INSTALL_DIR}/node_modules/.bin/node src/main.ts`]);
    assert.deepEqual(values(unit, 'Service', 'WorkingDirectory'), [INSTALL_DIR]);
    assert.deepEqual(values(unit, 'Service', 'User'), ['dovira']);
    assert.deepEqual(values(unit, 'Service', 'EnvironmentFile'), ['/etc/dovira/dovira.env']);
    assert.deepEqual(values(unit, 'Service', 'Restart'), ['on-failure']);
    assert.deepEqual(values(unit, 'Install', 'WantedBy'), ['multi-user.target']);
    // What ExecStart names exists in a checkout, and is Node 24.
    assert.ok(existsSync(path.join(ROOT, 'src/main.ts')));
    const { stdout } = await exec(path.join(ROOT, 'node_modules/.bin/node'), ['--version']);
    assert.match(stdout, /^v24\./);
  });

  test('is hardened, and keeps MemoryDenyWriteExecute off for V8\'s JIT, saying why', async () => {
    const text = await readDeploy('dovira.service');
    const unit = parseUnit(text, 'dovira.service');
    const expected: Record<string, string> = {
      NoNewPrivileges: 'yes', ProtectSystem: 'strict', ProtectHome: 'yes', PrivateTmp: 'yes', PrivateDevices: 'yes',
      ProtectKernelTunables: 'yes', ProtectKernelModules: 'yes', ProtectKernelLogs: 'yes', ProtectControlGroups: 'yes',
      RestrictNamespaces: 'yes', LockPersonality: 'yes', CapabilityBoundingSet: '', ReadWritePaths: '/var/lib/dovira',
      RestrictAddressFamilies: 'AF_UNIX AF_INET AF_INET6 AF_NETLINK', MemoryDenyWriteExecute: 'no',
    };
    for (const [key, value] of Object.entries(expected)) assert.deepEqual(values(unit, 'Service', key), [value], key);
    assert.ok(values(unit, 'Service', 'SystemCallFilter').includes('@system-service'));
    const lines = text.split('\n');
    const mdwx = lines.findIndex((line) => line.startsWith('MemoryDenyWriteExecute='));
    assert.match(lines.slice(mdwx - 3, mdwx).join(' '), /JIT/, 'the comment above says why it is off');
  });
});

describe('systemd reads the units as written', () => {
  const analyze = program('systemd-analyze', 'systemd');

  test('systemd-analyze verify finds nothing to say about dovira.service, dovira-backup.service and dovira-backup.timer', { skip: analyze.skip }, async () => {
    assert.ok(analyze.path, 'systemd-analyze is installed (Debian package systemd)');
    const dir = await mkdtemp(path.join(tmpdir(), 'dovira-units-'));
    try {
      // The units as installed from this checkout: its own path in place of /opt/dovira.
      const units = ['dovira.service', 'dovira-backup.service', 'dovira-backup.timer'];
      for (const unit of units) await writeFile(path.join(dir, unit), (await readDeploy(unit)).replaceAll(INSTALL_DIR, ROOT));
      const verified = await exec(analyze.path, ['verify', ...units.map((unit) => path.join(dir, unit))]);
      assert.equal(verified.stderr, '', 'no unknown key, no missing program');
      for (const service of ['dovira.service', 'dovira-backup.service']) {
        const { stdout } = await exec(analyze.path, ['security', '--offline=yes', '--no-pager', path.join(dir, service)]).catch((error: { stdout: string }) => error);
        const exposure = Number(/Overall exposure level for \S+: ([\d.]+)/.exec(stdout)?.[1]);
        assert.ok(exposure <= 2, `${service}: exposure ${exposure} (systemd-analyze security), at most 2.0`);
      }
      // A unit whose program is missing is refused: the check above would catch a wrong ExecStart.
      await writeFile(path.join(dir, 'dovira.service'), (await readDeploy('dovira.service')).replaceAll(INSTALL_DIR, path.join(dir, 'nowhere')));
      await assert.rejects(exec(analyze.path, ['verify', path.join(dir, 'dovira.service')]), /is not executable/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('deploy/dovira.env.example', () => {
  test('lists every setting of the README\'s configuration table, each with a comment, and names nothing undocumented', async () => {
    const example = await readDeploy('dovira.env.example');
    const readme = await readFile(path.join(ROOT, 'README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('For tests and benchmarks only'));
    const documented = [...table.matchAll(/^\| `([A-Z][A-Z0-9_]+)` \|/gm)].map((m) => m[1]!);
    assert.ok(documented.length > 30, `the table was found (${documented.length} rows)`);
    const lines = example.split('\n');
    const listed = new Map<string, number>();
    lines.forEach((line, index) => {
      const setting = /^#?([A-Z][A-Z0-9_]+)=/.exec(line);
      if (setting) listed.set(setting[1]!, index);
    });
    for (const name of documented) assert.ok(listed.has(name), `${name} is in the example`);
    const backupScript = await readDeploy('backup.sh');
    for (const [name, index] of listed) {
      assert.ok(readme.includes(`\`${name}`) || backupScript.includes(name), `${name} is documented in the README or deploy/backup.sh`);
      // Its comment: the nearest line above that is not another setting.
      const above = lines.slice(0, index).reverse().find((line) => !/^#?[A-Z][A-Z0-9_]+=/.test(line));
      assert.ok(above?.startsWith('# ') && !above.startsWith('# ---'), `${name} has a comment above it`);
    }
    for (const name of ['DOVIRA_MODE', 'NODE_ENV', 'DOVIRA_SECURE_COOKIES', 'DOVIRA_TRUSTED_PROXIES', 'DATABASE_URL', 'DOVIRA_DEMO_DATA']) {
      assert.ok(lines.some((line) => line.startsWith(`${name}=`)), `${name} is set, not left commented out`);
    }
  });

  test('Dovira accepts its values as shipped, and with every commented-out setting turned on', async () => {
    const example = await readDeploy('dovira.env.example');
    const settings = (uncomment: boolean) => Object.fromEntries(example.split('\n')
      .map((line) => /^(#?)([A-Z][A-Z0-9_]*)=(.*)$/.exec(line))
      .filter((m): m is RegExpExecArray => m !== null && (m[1] === '' || uncomment))
      .map((m) => [m[2]!, m[3]!.replace(/^"(.*)"$/, '$1')]));
    const shipped = loadConfig(settings(false));
    assert.equal(shipped.databaseUrl, 'postgres://dovira:CHANGE-ME@127.0.0.1:5432/dovira');
    assert.equal(shipped.secureCookies, true);
    assert.equal(shipped.seedDemo, false);
    assert.equal(shipped.mailFrom, 'Dovira <no-reply@example.gov.ua>');
    const everything = loadConfig(settings(true));
    assert.ok(everything.kamailioEvapi && everything.ari && everything.surveyBaresip.length === 1 && everything.diallerBaresip.length === 1);
  });

  test('reads the same in systemd and in the shell: one NAME=value a line, quoted where the shell would misread it', async () => {
    const example = await readDeploy('dovira.env.example');
    for (const line of example.split('\n')) {
      if (line === '' || line.startsWith('#')) continue;
      assert.match(line, /^[A-Z][A-Z0-9_]*=(?:"[^"\\$`]*"|[^\s"'\\$`<>|;&()]*)$/, line);
    }
    const { stdout } = await exec('bash', ['-c', 'set -a && . "$1" && printf "%s\\n" "$MAIL_FROM" "$DOVIRA_MODE" "$DOVIRA_TRUSTED_PROXIES"', 'bash', path.join(ROOT, 'deploy/dovira.env.example')], { env: {} });
    assert.deepEqual(stdout.split('\n').slice(0, 3), ['Dovira <no-reply@example.gov.ua>', 'production', '127.0.0.1']);
  });
});

describe('deploy/backup.sh', () => {
  test('keeps the database password off the command line (libpq gets it decoded in PGPASSWORD), and leaves no half-written archive when pg_dump fails', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'dovira-backup-'));
    try {
      // A stand-in pg_dump that tells what it was given, then fails as a lost connection would.
      const bin = path.join(dir, 'bin');
      const seen = path.join(dir, 'seen');
      await exec('mkdir', [bin]);
      await writeFile(path.join(bin, 'pg_dump'), `#!/bin/sh\nprintf '%s\\n' "$PGPASSWORD" "$*" > '${seen}'\necho 'pg_dump: connection lost' >&2\nexit 1\n`, { mode: 0o755 });
      const archives = path.join(dir, 'archives');
      const failed = await exec('bash', [path.join(ROOT, 'deploy/backup.sh'), archives], {
        env: { PATH: process.env.PATH, PG_BIN: bin, DATABASE_URL: 'postgres://dovira:p%40ss%2Fw%C3%B6rd@db.example:5432/dovira?sslmode=require' },
      }).then(() => undefined, (error: { code: number; stderr: string }) => error);
      assert.ok(failed, 'the backup fails with pg_dump');
      assert.notEqual(failed.code, 0);
      assert.match(failed.stderr, /connection lost/);
      const [password, args] = (await readFile(seen, 'utf8')).split('\n');
      assert.equal(password, 'p@ss/wörd');
      assert.ok(!args!.includes('p%40ss') && !args!.includes('p@ss'), args);
      assert.match(args!, /--dbname=postgres:\/\/dovira@db\.example:5432\/dovira\?sslmode=require/);
      assert.deepEqual(await readdir(archives), [], 'nothing half-written is left');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('deploy/prometheus-alerts.yml', () => {
  const promtool = program('promtool', 'prometheus');

  test('promtool accepts the rules, and the rules\' own tests pass (each alert fires when it should and not before)', { skip: promtool.skip }, async () => {
    assert.ok(promtool.path, 'promtool is installed (Debian package prometheus)');
    const deploy = path.join(ROOT, 'deploy');
    const checked = await exec(promtool.path, ['check', 'rules', 'prometheus-alerts.yml'], { cwd: deploy });
    assert.match(checked.stdout, /SUCCESS: \d+ rules found/);
    const tested = await exec(promtool.path, ['test', 'rules', 'prometheus-alerts.test.yml'], { cwd: deploy }).catch((error: { stdout: string }) => assert.fail(error.stdout));
    assert.match(tested.stdout, /SUCCESS/);
  });

  test('every metric the rules read is one Dovira\'s /metrics exposes (or backup.sh writes), and the alerts that matter are there', async () => {
    const rules = await readDeploy('prometheus-alerts.yml');
    const expressions = ruleExpressions(rules);
    const alerts = [...rules.matchAll(/^ +- alert: (\w+)$/gm)].map((m) => m[1]!);
    assert.equal(expressions.length, alerts.length, 'one expression per alert');
    for (const alert of ['DoviraOutboxStuck', 'DoviraExchangeDisconnected', 'DoviraForwardingLate', 'DoviraServerErrors', 'DoviraDatabasePoolWaiting']) {
      assert.ok(alerts.includes(alert), alert);
    }

    // Every family the endpoint can show: an exchange and a pool configured, a request made.
    const token = 'm'.repeat(40);
    const database = await openDatabase({});
    const config = { ...loadConfig({}), metricsToken: token, kamailioEvapi: { host: '127.0.0.1', port: 8448 }, ari: { url: 'http://127.0.0.1:8088', username: 'u', password: 'p', app: 'dovira' } };
    const app = await buildApp({ db: database.db, config, metrics: { pool: database.pool } });
    let exposed: Set<string>;
    try {
      await app.inject({ method: 'GET', url: '/api/v1/health' });
      const scraped = parseExposition((await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${token}` } })).body);
      exposed = new Set(scraped.samples.map((sample) => sample.name));
    } finally {
      await app.close();
      await database.close();
    }
    const written = [...(await readDeploy('backup.sh')).matchAll(/# TYPE (\w+) /g)].map((m) => m[1]!);
    const known = new Set([...exposed, ...written, 'up']);
    const used = new Set(expressions.flatMap(metricNames));
    assert.ok(used.size >= 8, `names found: ${[...used].join(', ')}`);
    for (const name of used) assert.ok(known.has(name), `${name} is exposed by /metrics or written by backup.sh`);
  });
});

/** The `expr:` of each rule, one line or a folded block (`>-`) of the lines indented below it. */
function ruleExpressions(yaml: string): string[] {
  const lines = yaml.split('\n');
  const found: string[] = [];
  lines.forEach((line, index) => {
    const match = /^(\s*)expr: (.*)$/.exec(line);
    if (!match) return;
    if (!/^[>|]-?$/.test(match[2]!)) {
      found.push(match[2]!);
      return;
    }
    const block: string[] = [];
    for (const next of lines.slice(index + 1)) {
      if (next.trim() !== '' && next.search(/\S/) <= match[1]!.length) break;
      block.push(next.trim());
    }
    found.push(block.join(' '));
  });
  return found;
}

const PROMQL_WORDS = new Set(['and', 'or', 'unless', 'bool', 'offset', 'inf', 'nan']);

/** The metric names in a PromQL expression: what is left once strings, matchers, ranges, groupings and function names are gone. */
function metricNames(expression: string): string[] {
  const bare = expression
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^{}]*\}/g, ' ')
    .replace(/\[[^[\]]*\]/g, ' ')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  return [...bare.matchAll(/(?<![\w:.])([a-zA-Z_:][\w:]*)(?![\w:]|\s*\()/g)].map((m) => m[1]!).filter((word) => !PROMQL_WORDS.has(word));
}
