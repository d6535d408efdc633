// The arrows between the folders of src/ run one way: no folder imports, even through others, a
// folder that imports it (docs/architecture.md draws the layers). A circle makes the load order
// decide what works, and a newcomer cannot read one area without the other.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { circles, describeCircle, folderArrows, folderOf, importsOf, readSources, type ImportArrow } from './import-graph.ts';

const SRC = path.resolve(import.meta.dirname, '..', 'src');
const atRunTime = (arrow: ImportArrow) => !arrow.typeOnly;

describe('import circles between the folders of src/', () => {
  test('no two folders of src/ import each other at run time, directly or through others', () => {
    const arrows = folderArrows(readSources(SRC));
    const found = circles(arrows, atRunTime);
    assert.deepEqual(found.map((group) => describeCircle(group, arrows, atRunTime)), []);
  });

  test('the check finds a circle through a third folder, and not one made only of erased type imports', () => {
    const files = new Map([
      ['calls/routes.ts', "import { hold } from '../telephony/control.ts';"],
      ['telephony/control.ts', "export { rules } from '../appeals/rules.ts';"],
      ['appeals/rules.ts', "const view = await import('../calls/view.ts');"],
      ['calls/view.ts', "import type { Court } from '../courts/court.ts';"],
      ['courts/court.ts', "import type { View } from '../calls/view.ts';"],
    ]);
    const arrows = folderArrows(files);
    assert.deepEqual(circles(arrows, atRunTime), [['appeals', 'calls', 'telephony']]);
    assert.deepEqual(circles(arrows, () => true), [['appeals', 'calls', 'courts', 'telephony']]);
  });

  test('`import { type A }` loads its module and counts; `import type` and `import("…")` types do not', () => {
    assert.deepEqual(importsOf('a.ts', "import { type A } from './b.ts';\nimport type { C } from './c.ts';\nlet d: import('./d.ts').D;"), [
      { specifier: './b.ts', typeOnly: false },
      { specifier: './c.ts', typeOnly: true },
      { specifier: './d.ts', typeOnly: true },
    ]);
  });

  test('a file at the top of src/ is its own folder; each PBX adapter is a folder of its own', () => {
    assert.equal(folderOf('main.ts'), 'main');
    assert.equal(folderOf('appeals/register.ts'), 'appeals');
    assert.equal(folderOf('telephony/adapters/kamailio/stream.ts'), 'telephony/adapters/kamailio');
    assert.equal(folderOf('telephony/ingest.ts'), 'telephony');
  });
});
