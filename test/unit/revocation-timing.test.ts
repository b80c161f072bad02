import { describe, expect, it } from 'vitest';
import { replaySchedule } from '../../src/target/revocation-timing.js';

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
