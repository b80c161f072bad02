import { describe, expect, it } from 'vitest';
import { oracleRttMs, type ProbeContext } from '../../src/probe.js';

/** The two oracle readings of the established run, with these round trips (undefined: not in the evidence). */
function context(authenticatedMs: number | undefined, anonymousMs: number | undefined): Pick<ProbeContext, 'session' | 'established'> {
  const durations = new Map<number, number | undefined>([
    [1, authenticatedMs],
    [2, anonymousMs],
  ]);
  return {
    session: { evidence: { byId: (id: number) => (durations.get(id) === undefined ? undefined : { durationMs: durations.get(id) }) } },
    established: { oracle: { authenticated: { exchange: 1 }, anonymous: { exchange: 2 } } },
  } as unknown as Pick<ProbeContext, 'session' | 'established'>;
}

describe('oracleRttMs', () => {
  it.each([
    { authenticatedMs: 203, anonymousMs: 4, rtt: 4, why: 'one reading a busy machine delayed does not stand for every request' },
    { authenticatedMs: 3, anonymousMs: 180, rtt: 3, why: 'whichever reading was delayed' },
    { authenticatedMs: 7, anonymousMs: undefined, rtt: 7, why: 'the one reading recorded' },
    { authenticatedMs: undefined, anonymousMs: undefined, rtt: 0, why: 'no reading recorded' },
  ])('is $rtt ms for readings of $authenticatedMs and $anonymousMs ms: $why', ({ authenticatedMs, anonymousMs, rtt }) => {
    expect(oracleRttMs(context(authenticatedMs, anonymousMs))).toBe(rtt);
  });
});
