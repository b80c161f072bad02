import { describe, expect, it } from 'vitest';
import { measureRevocation, replaySchedule } from '../../src/target/revocation-timing.js';
import type { TargetSession } from '../../src/target/session.js';
import type { Credentials } from '../../src/drivers/http.js';
import type { OracleObservation } from '../../src/model/observation.js';
import type { Progress } from '../../src/progress.js';
import { VirtualClock } from '../fixtures/virtual-clock.js';

describe('replaySchedule (rule 25: a rising schedule after a revocation event)', () => {
  it('starts at the event, rises by half, and ends at the bound', () => {
    expect(replaySchedule(5000)).toEqual([0, 250, 500, 750, 1125, 1688, 2532, 3532, 4532, 5000]);
  });

  it('never leaves a gap wider than a second, so a bracket is at most a second wide', () => {
    const times = replaySchedule(60_000);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(Math.max(...gaps)).toBe(1000);
    expect(gaps.every((g) => g > 0)).toBe(true);
    expect(times.at(-1)).toBe(60_000);
  });

  it('asks once, right away, when nothing may lag (a zero bound)', () => {
    expect(replaySchedule(0)).toEqual([0]);
    expect(replaySchedule(100)).toEqual([0, 100]);
  });
});

describe('measureRevocation (rule 25: the schedule ends near its bound)', () => {
  const progress = { status: () => undefined } as unknown as Progress;

  /** A target whose every replay takes `replayMs` and is never answered with a refusal. */
  function slowTarget(clock: VirtualClock, replayMs: number) {
    const sent: number[] = [];
    const session = {
      replay: async (): Promise<OracleObservation> => {
        sent.push(clock.now());
        await clock.sleep(replayMs);
        return { answer: 'unknown', exchange: sent.length, reason: 'no answer within target.requestTimeout' };
      },
    } as unknown as TargetSession;
    return { session, sent };
  }

  const measure = (clock: VirtualClock, session: TargetSession, boundMs: number) =>
    measureRevocation(session, {} as Credentials, [{ target: 'baseUrl' }], [], clock.now(), {
      event: 'logout',
      boundMs,
      clock,
      signal: new AbortController().signal,
      progress,
    });

  it('asks at every point of the schedule when the target answers quickly', async () => {
    const clock = new VirtualClock();
    const start = clock.now();
    const { session, sent } = slowTarget(clock, 10);
    await clock.run(measure(clock, session, 5000));
    expect(sent.map((t) => t - start)).toEqual(replaySchedule(5000));
  });

  it('asks once for all the points a slow replay let pass, and stops within one replay of the bound', async () => {
    const clock = new VirtualClock();
    const start = clock.now();
    const { session, sent } = slowTarget(clock, 5750);
    const timing = await clock.run(measure(clock, session, 10_500));
    // 0, then the latest point passed by 5.75s, then the bound itself (passed by 11.5s): not the 15 points back to back.
    expect(sent.map((t) => t - start)).toEqual([0, 5750, 11_500]);
    expect(timing.places[0]!.replays.map((r) => r.atMs)).toEqual([0, 5750, 11_500]);
    expect(clock.now() - start).toBeLessThanOrEqual(10_500 + 2 * 5750);
  });
});
