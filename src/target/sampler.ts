/**
 * Collecting many session IDs quickly and politely: a fixed number of workers on one keep-alive pool,
 * an optional rate (for logins), progress on stderr, and an early stop when the target starts refusing
 * (429/503, connection errors) or stops issuing IDs. Raw values stay in memory; nothing is recorded.
 */
import type { TokenSample } from '../token/analysis/index.js';
import type { Progress } from '../progress.js';
import { systemClock } from '../scheduler.js';

/** One attempt: a value, or why there was none. `refused` counts toward stopping early. */
export type Take = { value: string } | { refused: string } | { missing: string };

export interface SamplingOptions {
  n: number;
  concurrency: number;
  /** Attempts started per second at most; unlimited when absent. */
  perSecond?: number;
  what: string;
  progress: Progress;
  take(index: number): Promise<Take>;
}

export interface SamplingResult {
  samples: TokenSample[];
  attempts: number;
  stoppedEarly: string | null;
  durationMs: number;
}

/** Consecutive refusals (or attempts without an ID) after which sampling gives up. */
const STOP_AFTER = 5;
const PROGRESS_EVERY_MS = 2_000;

export async function sample(o: SamplingOptions): Promise<SamplingResult> {
  const t0 = performance.now();
  const samples: TokenSample[] = [];
  let attempts = 0;
  let streak = 0;
  let stoppedEarly: string | null = null;
  let nextStart = t0;
  let lastReport = t0;
  const interval = o.perSecond ? 1000 / o.perSecond : 0;

  const report = () => {
    const now = performance.now();
    if (now - lastReport < PROGRESS_EVERY_MS) return;
    lastReport = now;
    const rate = samples.length / ((now - t0) / 1000);
    const left = rate > 0 ? Math.ceil((o.n - samples.length) / rate) : NaN;
    o.progress.step(`${o.what}: ${samples.length}/${o.n} collected${Number.isFinite(left) ? `, about ${left}s left` : ''}`);
  };

  const worker = async () => {
    while (!stoppedEarly && attempts < o.n * 2 && samples.length < o.n) {
      const index = attempts++;
      if (interval > 0) {
        const start = Math.max(nextStart, performance.now());
        nextStart = start + interval;
        const wait = start - performance.now();
        if (wait > 0) await systemClock.sleep(wait);
      }
      let take: Take;
      try {
        take = await o.take(index);
      } catch (error) {
        take = { refused: error instanceof Error ? error.message : String(error) };
      }
      if ('value' in take) {
        streak = 0;
        if (samples.length < o.n) samples.push({ value: take.value, issuedAt: Date.now() });
      } else if (++streak >= STOP_AFTER && !stoppedEarly) {
        stoppedEarly = `${STOP_AFTER} attempts in a row failed after ${samples.length} IDs: ${'refused' in take ? take.refused : take.missing}`;
      }
      report();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, o.concurrency) }, worker));
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- the workers set it, which narrowing does not follow
  if (!stoppedEarly && samples.length < o.n) stoppedEarly = `only ${samples.length} of ${attempts} attempts yielded an ID`;
  // Responses arrive out of order under concurrency; the analysis wants issue order.
  samples.sort((a, b) => a.issuedAt - b.issuedAt);
  return { samples, attempts, stoppedEarly, durationMs: Math.round(performance.now() - t0) };
}
