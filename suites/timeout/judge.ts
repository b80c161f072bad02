/**
 * What the four timeout checks share: reading the timed sessions the probe recorded, the bracket a
 * set of alive/dead observations gives, and the timeline rows the report draws.
 */
import { outcome, type Finding, type Outcome } from '../../src/model/check.js';
import type { NotPlanned, Reading, TimedSession, TimeoutArtifact } from '../../src/model/artifacts.js';
import type { Bracket, TimelineMark, TimelineRow } from '../../src/model/timeline.js';
import { formatDuration } from '../../src/config/durations.js';
import { exchangesOf } from '../shared/checks-common.js';

export type TimedRequest = TimedSession['requests'][number];

export function notPlannedOutcome(p: NotPlanned, expected: string): Outcome {
  return p.notPlanned.verdict === 'skipped' ? outcome.skipped(p.notPlanned.reason) : outcome.inconclusive(expected, p.notPlanned.reason);
}

/**
 * Why a session cannot support a verdict from its reading at index `reading` (default: its last): it
 * did not get that far, its positive control after login failed, or it was lost early — a later
 * positive control before that reading found it logged out, as a session limit evicting it would.
 * `what` names it in the sentence ("the T+g session").
 */
export function sessionProblem(
  session: TimedSession,
  what: string,
  expected: string,
  reading?: number,
  /** Requests that must have found the session alive (keep-alives, for a session kept active). */
  controls: readonly TimedRequest['kind'][] = ['control'],
): Outcome | null {
  if (session.status !== 'done' && (reading === undefined || !session.requests[reading])) {
    return outcome.inconclusive(expected, `${what} ${session.status === 'interrupted' ? 'was interrupted' : 'could not be driven'}: ${session.reason ?? 'no reason recorded'}`);
  }
  const control = session.requests[0];
  if (!control) return outcome.inconclusive(expected, `${what} has no positive control`);
  if (control.answer !== 'yes') {
    return outcome.inconclusive(expected, `${what} was not logged in right after its login (${control.reason}), so nothing can be concluded`, [
      { message: `positive control failed: ${control.reason}`, exchanges: exchangesOf(control) },
    ]);
  }
  const lost = session.requests.slice(1, reading ?? session.requests.length).find((r) => controls.includes(r.kind) && r.answer !== 'yes');
  if (lost) {
    const age = formatDuration(Math.round(lost.startedAt - control.endedAt));
    const state = lost.answer === 'no' ? 'logged out' : 'of unknown state';
    return outcome.inconclusive(
      expected,
      `${what} was lost early: ${state} at its positive control ${age} after login (${lost.reason}), before the reading that decides; a session limit may have evicted it, so nothing can be concluded`,
      [{ message: `positive control ${age} after login: ${state}`, exchanges: exchangesOf(lost) }],
    );
  }
  return null;
}

/**
 * The reading and the last request before it that found the session alive: the idle time counts from
 * there (a request that found it logged out restarted nothing). Null when there is none.
 */
export function readingOf(r: Reading): { from: TimedRequest; at: TimedRequest } | null {
  const at = r.session.requests[r.at];
  const from = r.session.requests
    .slice(0, r.at)
    .reverse()
    .find((x) => x.answer === 'yes' && x.kind !== 'replay');
  return at && from ? { from, at } : null;
}

/**
 * Sessions kept active that ended anyway: how old each was (since its login) when last seen alive and
 * when first seen logged out. A session limit evicts at any moment; a timeout that runs from login ends
 * every such session at the same age, so two of them overlapping corroborate each other.
 */
export function endedWhileActive(a: TimeoutArtifact): Array<{ session: TimedSession; atLeast: number; atMost: number }> {
  const absolute = 'notPlanned' in a.absolute ? null : a.absolute.session;
  const readings: Reading[] = [
    ...(absolute ? [{ session: absolute, at: absolute.requests.findIndex((r) => r.answer === 'no' && r.kind !== 'replay') }] : []),
    ...('notPlanned' in a.sliding ? [] : [a.sliding.active]),
  ];
  return readings.flatMap(({ session, at }) => {
    const alive = session.requests[at - 1];
    const dead = session.requests[at];
    if (at < 1 || !session.login || !alive || !dead || alive.answer !== 'yes' || dead.answer !== 'no') return [];
    return [{ session, atLeast: alive.startedAt - session.login.endedAt, atMost: dead.endedAt - session.login.startedAt }];
  });
}

/**
 * Why a logged-out reading of an idle session may be the doing of a lifetime that runs from login whatever
 * the activity (the absolute timeout as the spec states it, or the age at which sessions kept active were
 * found ended) rather than of idleness: the session was at least that old when read — a reading a busy
 * machine or target delayed lands there. Null when it was younger, or when such a lifetime is itself no
 * longer than idle + grace (then it ends every session idle that long, and the idle requirement holds).
 */
export function lifetimeMayExplain(a: TimeoutArtifact, absoluteMs: number | null, session: TimedSession, reading: TimedRequest, idleAndGraceMs: number): string | null {
  const born = session.login?.startedAt ?? session.requests[0]?.startedAt;
  if (born === undefined) return null;
  const age = reading.endedAt - born;
  const ended = endedWhileActive(a);
  if (ended.some((e) => e.atMost <= idleAndGraceMs)) return null;
  const lifetimes = [
    ...(absoluteMs !== null && absoluteMs > idleAndGraceMs ? [{ ms: absoluteMs, what: `the absolute timeout (${formatDuration(absoluteMs)})` }] : []),
    ...ended.map((e) => ({ ms: e.atMost, what: `the age (${formatDuration(Math.round(e.atMost))}) by which a session kept active was logged out` })),
  ];
  const passed = lifetimes.filter((l) => age > l.ms).sort((x, y) => x.ms - y.ms)[0];
  return passed ? `the session was up to ${formatDuration(Math.round(age))} old when read, past ${passed.what}, so its logout may be that lifetime's doing rather than idleness (the reading came late: a busy machine or target)` : null;
}

/** Whether another session kept active ended at the same age as `session` did. */
export function corroborated(a: TimeoutArtifact, session: TimedSession): boolean {
  const ended = endedWhileActive(a);
  const own = ended.find((e) => e.session === session);
  return own !== undefined && ended.some((e) => e.session !== session && e.atLeast < own.atMost && own.atLeast < e.atMost);
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
