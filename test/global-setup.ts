/**
 * A fresh directory per `vitest` invocation for the shared example runs (test/fixtures/example-runs.ts);
 * nothing runs here, so a single unit-test file pays nothing.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sp-example-runs-'));
  project.provide('exampleRunsDir', dir);
  return () => rm(dir, { recursive: true, force: true });
}
