/**
 * The plan's estimate of a probe that waits, kept true while it runs. The plan assumes every timed session
 * lasts its planned wait; a target that ends sessions early (a fixed idle timeout ends even the kept-active
 * one) or a session that fails proves it wrong. The probe then reports when it now expects to end, and a
 * move of more than REVISE_SHARE of the estimate in force becomes a revision: printed with its reason, and
 * recorded in the report between the first plan and the actual time.
 */
import { formatDuration } from './config/durations.js';
import type { PlanRevision } from './model/result.js';

/** Smaller moves are the noise of round trips and logins: a revision for them would say nothing new. */
export const REVISE_SHARE = 0.05;

export class PlanEstimate {
  readonly revisions: PlanRevision[] = [];

  /** `startedAt`: the probe's start in clock time, from which every estimate counts. */
  constructor(
    private readonly startedAt: number,
    readonly plannedMs: number,
  ) {}

  /** The estimate in force: the last revision's, or the plan's. */
  get expectedMs(): number {
    return this.revisions.at(-1)?.expectedMs ?? this.plannedMs;
  }

  /** The revision a forecast end at `endsAt` makes at `now`, or null when it stays within REVISE_SHARE of the estimate in force. */
  revise(now: number, endsAt: number, reason: string): PlanRevision | null {
    const expectedMs = Math.round(endsAt - this.startedAt);
    if (Math.abs(expectedMs - this.expectedMs) <= REVISE_SHARE * this.expectedMs) return null;
    const revision = { atMs: Math.round(now - this.startedAt), expectedMs, reason };
    this.revisions.push(revision);
    return revision;
  }
}

/** "timeouts revised at 3.7s: now about 5.3s in all, 1.6s left (planned 6.8s) — why". */
export function revisionLine(title: string, plannedMs: number, r: PlanRevision): string {
  const f = formatDuration;
  return `${title} revised at ${f(r.atMs)}: now about ${f(r.expectedMs)} in all, ${f(Math.max(0, r.expectedMs - r.atMs))} left (planned ${f(plannedMs)}) — ${r.reason}`;
}
