/**
 * Every check in the catalogue is tested through the CheckTester (test/fixtures/check-tester.ts): a unit
 * test file that hands rows to `testCheckTable` imports the check's module, or its suite's index. A check
 * judged only by a runner of the test's own making fails here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../suites/index.js';

const UNIT = resolve(import.meta.dirname);
const SUITES = resolve(UNIT, '..', '..', 'suites');

/** The source file defining each check id. */
function checkFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const suite of readdirSync(SUITES, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    for (const file of readdirSync(join(SUITES, suite.name)).filter((f) => f.endsWith('.ts'))) {
      const path = join(SUITES, suite.name, file);
      const source = readFileSync(path, 'utf8');
      if (!source.includes('defineCheck(')) continue;
      for (const [, id] of source.matchAll(/^\s*id: '([a-z-]+\.[a-z-]+)',$/gm)) files.set(id!, path);
    }
  }
  return files;
}

/** The suites modules imported by the unit test files that use the CheckTester. */
function testedModules(): Set<string> {
  const modules = new Set<string>();
  for (const file of readdirSync(UNIT).filter((f) => f.endsWith('.test.ts'))) {
    const source = readFileSync(join(UNIT, file), 'utf8');
    if (!/testCheckTable[<(]/.test(source)) continue;
    for (const [, spec] of source.matchAll(/from '(\.\.\/\.\.\/suites\/[^']+)\.js'/g)) modules.add(resolve(UNIT, `${spec}.ts`));
  }
  return modules;
}

describe('check tests', () => {
  it('judge every check in the catalogue through the CheckTester', () => {
    const files = checkFiles();
    const tested = testedModules();
    expect(CHECKS.map((c) => c.meta.id).filter((id) => !files.has(id))).toEqual([]);
    const untested = CHECKS.map((c) => c.meta.id).filter((id) => {
      const file = files.get(id)!;
      return !tested.has(file) && !tested.has(join(file, '..', 'index.ts'));
    });
    expect(untested).toEqual([]);
  });
});
