/**
 * A fresh directory per `vitest` invocation for the shared example runs, and the service in this (main)
 * process that runs them (test/fixtures/example-run-service.ts); it runs nothing until a test file asks,
 * so a single unit-test file pays nothing.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startExampleRunService } from './fixtures/example-run-service.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sp-example-runs-'));
  const service = await startExampleRunService(dir);
  project.provide('exampleRunsUrl', service.url);
  return async () => {
    await service.close();
    await rm(dir, { recursive: true, force: true });
  };
}
