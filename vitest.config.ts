import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Most files wait on targets' timers, sockets, child processes and Chromium rather than on the CPU: four
    // workers overlap those waits on a two-core machine, where vitest's default (cores − 1) ran one file at a time.
    maxWorkers: 4,
  },
});
