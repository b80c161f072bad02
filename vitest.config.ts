import { defineConfig } from 'vitest/config';

/**
 * Files that judge how the tool behaves against the clock (Ctrl-C with logouts under a short deadline,
 * sessions evicting one another between readings, stalled answers, short request timeouts, discovered
 * configs run against the timed examples): they keep the CPU priority the other files give up
 * (test/fixtures/lower-priority.ts), so the slow target they are about is not stood in for by a busy machine.
 */
const CLOCK_BOUND = [
  'test/e2e/interrupt.test.ts',
  'test/integration/eviction.test.ts',
  'test/integration/stalling.test.ts',
  'test/integration/sampling-schedule.test.ts',
  // Its target must answer within a 1.5 s request timeout, so that its stalls cost seconds, not minutes.
  'test/e2e/faults.test.ts',
  'test/integration/discover-examples.test.ts',
];

/**
 * The long pole: it waits for every shared example run, then spends minutes of Chromium on their reports.
 * It starts that work only once the runs are over, so it cannot crowd them, and at normal priority it is
 * not left for last.
 */
const LONG_POLE = ['test/integration/report-html.test.ts'];

/**
 * Most files wait on targets' timers, sockets, child processes and Chromium rather than on the CPU: more
 * workers than cores overlap those waits. Projects that run together must agree on it.
 */
const WORKERS = 5;

export default defineConfig({
  test: {
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    maxWorkers: WORKERS,
    projects: [
      {
        extends: true,
        test: { name: 'suite', include: ['test/**/*.test.ts'], exclude: [...CLOCK_BOUND, ...LONG_POLE], setupFiles: ['test/fixtures/lower-priority.ts'] },
      },
      { extends: true, test: { name: 'clock-bound', include: [...CLOCK_BOUND, ...LONG_POLE] } },
    ],
  },
});
