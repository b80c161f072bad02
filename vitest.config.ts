import { defineConfig } from 'vitest/config';
import { testBrowserEnv } from './test/fixtures/test-browser.js';

/**
 * Files that judge how the tool behaves against the clock (Ctrl-C with logouts under a short deadline,
 * sessions evicting one another between readings, stalled answers, short request timeouts): they run after
 * the others, a few at a time, so four busy workers on two cores do not stand in for the slow target they are
 * about. Three, and at most three tests at once within a file (faults.test runs its tests side by side): they
 * mostly wait (~13 CPU-seconds in the 33 s the phase took two at a time), so three leave the machine idle
 * enough, and the phase lasts as long as its longest file (~18 s, the stalled replays of faults.test).
 */
const CLOCK_BOUND = [
  'test/e2e/interrupt.test.ts',
  'test/integration/eviction.test.ts',
  'test/integration/stalling.test.ts',
  'test/integration/sampling-schedule.test.ts',
  // Its target must answer within a 1.5 s request timeout, so that its stalls cost seconds, not minutes.
  'test/e2e/faults.test.ts',
];

export default defineConfig({
  test: {
    globalSetup: ['test/global-setup.ts'],
    env: testBrowserEnv(),
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          // Pure functions over fixtures, no servers: one module graph per worker, not one per file, cuts
          // their CPU time to a third (31 → 12 CPU-seconds; importing src/ again for each of 55 files was most of it).
          isolate: false,
          // Runs in the same group as 'suite', which needs the same number of workers.
          maxWorkers: 4,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'suite',
          include: ['test/e2e/**/*.test.ts', 'test/integration/**/*.test.ts'],
          exclude: CLOCK_BOUND,
          // Most files wait on targets' timers, sockets, child processes and Chromium rather than on the CPU: four
          // workers overlap those waits on a two-core machine, where vitest's default (cores − 1) ran one file at a time.
          maxWorkers: 4,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: { name: 'clock-bound', include: CLOCK_BOUND, maxWorkers: 3, maxConcurrency: 3, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
