/**
 * What the four timeout checks share: reading the timed sessions the probe recorded, the bracket a
 * set of alive/dead observations gives, and the timeline rows the report draws.
 */
import { outcome, type Finding, type Outcome } from '../../src/model/check.js';
import type { NotPlanned, TimedSession } from '../../src/model/artifacts.js';
import type { Bracket, TimelineMark, TimelineRow } from '../../src/model/timeline.js';
import { formatDuration } from '../../src/config/durations.js';
import { exchangesOf } from '../shared/checks-common.js';

export type TimedRequest = TimedSession['requests'][number];

export function notPlannedOutcome(p: NotPlanned, expected: string): Outcome {
  return p.notPlanned.verdict === 'skipped' ? outcome.skipped(p.notPlanned.reason) : outcome.inconclusive(expected, p.notPlanned.reason);
}

/**
 * Why a session cannot support a verdict: it did not finish, or its positive control failed. `what`
 * names it in the sentence ("the T+g session").
 */
export function sessionProblem(session: TimedSession, what: string, expected: string): Outcome | null {
  if (session.status !== 'done') {
    return outcome.inconclusive(expected, `${what} ${session.status === 'interrupted' ? 'was interrupted' : 'could not be driven'}: ${session.reason ?? 'no reason recorded'}`);
  }
  const control = session.requests[0];
  if (!control) return outcome.inconclusive(expected, `${what} has no positive control`);
  if (control.answer !== 'yes') {
    return outcome.inconclusive(expected, `${what} was not logged in right after its login (${control.reason}), so nothing can be concluded`, [
      { message: `positive control failed: ${control.reason}`, exchanges: exchangesOf(control) },
    ]);
  }
  return null;
}

/** The first request of `kind` after the control. */
export function requestOf(session: TimedSession, kind: TimedRequest['kind']): TimedRequest | undefined {
  return session.requests.find((r) => r.kind === kind);
}

/**
 * The server's timer started somewhere inside request `from` and was read somewhere inside `at`, so
 * the time between lies in [at.start − from.end, at.end − from.start]. Alive gives a lower bound of
 * the timeout (the low end), dead an upper bound (the high end).
 */
export function elapsed(from: { startedAt: number; endedAt: number }, at: { startedAt: number; endedAt: number }) {
  return { atLeast: at.startedAt - from.endedAt, atMost: at.endedAt - from.startedAt };
}

export function bracketOf(
  quantity: string,
  from: string,
  specMs: number | null,
  samples: ReadonlyArray<{ answer: 'yes' | 'no' | 'unknown'; atLeast: number; atMost: number }>,
): Bracket {
  const alive = samples.filter((s) => s.answer === 'yes').map((s) => s.atLeast);
  const dead = samples.filter((s) => s.answer === 'no').map((s) => s.atMost);
  return {
    quantity,
    from,
    specMs,
    aliveMs: alive.length ? Math.max(...alive) : null,
    deadMs: dead.length ? Math.min(...dead) : null,
  };
}

/** "expired between 2.95s and 4.02s after the last request". */
export function describeBracket(b: Bracket): string {
  const f = (ms: number) => formatDuration(Math.max(0, Math.round(ms)));
  if (b.deadMs !== null && b.aliveMs !== null) return `expired between ${f(b.aliveMs)} and ${f(b.deadMs)} ${b.from}`;
  if (b.deadMs !== null) return `expired within ${f(b.deadMs)} ${b.from}`;
  if (b.aliveMs !== null) return `still logged in ${f(b.aliveMs)} ${b.from}`;
  return 'not measured';
}

export function measuredOf(b: Bracket, graceMs: number): Record<string, number | null> {
  const s = (ms: number | null) => (ms === null ? null : Math.round(ms) / 1000);
  return { specSeconds: s(b.specMs), graceSeconds: s(graceMs), aliveAtLeastSeconds: s(b.aliveMs), deadByAtMostSeconds: s(b.deadMs) };
}

/** One row of the timeline: the login, then every request on the session, as offsets from `origin`. */
export function timelineRow(label: string, session: TimedSession, origin: number, deadline?: number): TimelineRow {
  const marks: TimelineMark[] = [];
  if (session.login) {
    marks.push({ kind: 'login', startMs: session.login.startedAt - origin, endMs: session.login.endedAt - origin, label: 'login' });
  }
  for (const r of session.requests) {
    marks.push({
      kind: r.kind,
      startMs: r.startedAt - origin,
      endMs: r.endedAt - origin,
      answer: r.answer,
      ...(r.exchange > 0 && { exchange: r.exchange }),
      label: `${r.label}: ${r.answer === 'yes' ? 'logged in' : r.answer === 'no' ? 'logged out' : 'unknown'}`,
    });
  }
  return {
    label,
    marks,
    ...(deadline !== undefined && { deadlineMs: deadline - origin }),
    ...(session.status !== 'done' && { note: session.reason ?? session.status }),
  };
}

export function findingOf(message: string, ...requests: Array<TimedRequest | undefined>): Finding {
  return { message, exchanges: exchangesOf(...requests) };
}
