/**
 * A fresh directory per `vitest` invocation for the shared example runs, and the service in this (main)
 * process that runs them (test/fixtures/example-run-service.ts); it runs nothing until a test file asks,
 * so a single unit-test file pays nothing. Every project runs this setup (vitest.config.ts): they share one
 * service, kept on the process, so a file of either project reads the same run of an example.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startExampleRunService, type ExampleRunService } from './fixtures/example-run-service.js';

interface Shared {
  service: Promise<{ service: ExampleRunService; dir: string }>;
  users: number;
}

const KEY = Symbol.for('sessionprobe.exampleRunService');
const host = globalThis as { [KEY]?: Shared };

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const shared = (host[KEY] ??= {
    service: (async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'sp-example-runs-'));
      return { service: await startExampleRunService(dir), dir };
    })(),
    users: 0,
  });
  shared.users++;
  const { service, dir } = await shared.service;
  project.provide('exampleRunsUrl', service.url);
  return async () => {
    if (--shared.users > 0) return;
    delete host[KEY];
    await service.close();
    await rm(dir, { recursive: true, force: true });
  };
}
