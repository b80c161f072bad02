/**
 * The timeout checks over recorded timed sessions: a row per verdict, plus the bracket and
 * timeline they hand to the reports.
 */
import { describe, expect, it } from 'vitest';
import { evaluateWith } from '../fixtures/evaluate.js';
import type { Check, OutcomeVerdict } from '../../src/model/check.js';
import { testCheckTable, type CheckRow } from '../fixtures/check-tester.js';
import type { ExpiryReplay, JarReplay, TimedRequestKind, TimedSession, TimeoutArtifact } from '../../src/model/artifacts.js';
import type { Spec } from '../../src/config/types.js';
import idle from '../../suites/timeout/idle.js';
import absolute from '../../suites/timeout/absolute.js';
import sliding from '../../suites/timeout/sliding.js';
import serverEnforced from '../../suites/timeout/server-enforced.js';
import renewal from '../../suites/timeout/renewal.js';
import { RECOMMENDED_SPEC } from '../fixtures/spec.js';
import { sessionArtifact } from '../fixtures/evidence.js';
import type { OracleAnswer } from '../../src/model/observation.js';

const ORIGIN = 1_700_000_000_000;
const SPEC: Spec = { ...RECOMMENDED_SPEC, timeouts: { idleMs: 3000, absoluteMs: 6000, sliding: true, renewal: { everyMs: 2000, overlapMs: 1000 }, graceMs: 800 } };
let nextExchange = 1;

/** A session logged in at `loginAt` (seconds after the origin) with requests at the given seconds; each takes 5 ms. */
function session(loginAt: number, requests: Array<[TimedRequestKind, number, OracleAnswer]>, status: TimedSession['status'] = 'done'): TimedSession {
  const at = (s: number) => ORIGIN + s * 1000;
  return {
    status,
    ...(status !== 'done' && { reason: status === 'interrupted' ? 'the run was interrupted before this session finished' : 'login failed' }),
    login: { startedAt: at(loginAt), endedAt: at(loginAt) + 20, exchanges: [] },
    requests: requests.map(([kind, s, answer]) => ({ kind, label: kind, answer, reason: `fixture: ${answer}`, exchange: nextExchange++, startedAt: at(s), endedAt: at(s) + 5 })),
  };
}

const skipped = (reason: string) => ({ notPlanned: { verdict: 'skipped' as const, reason } });
const overBudget = { notPlanned: { verdict: 'inconclusive' as const, reason: 'wait budget: T+g is 30m5s away, beyond the run’s wait budget of 10m' } };

function artifact(parts: Partial<TimeoutArtifact>): TimeoutArtifact {
  return {
    origin: ORIGIN,
    budgetMs: 600_000,
    rttMs: 2,
    idle: skipped('idle not in this row'),
    absolute: skipped('absolute not in this row'),
    sliding: skipped('sliding not in this row'),
    serverEnforced: skipped('server-enforced not in this row'),
    renewal: skipped('renewal not in this row'),
    ...parts,
  };
}

function judge(check: Check, parts: Partial<TimeoutArtifact>, spec: Spec = SPEC) {
  return evaluateWith(check, { evidence: [], artifacts: { session: sessionArtifact(), timeout: artifact(parts) } }, spec);
}

interface Row extends CheckRow {
  /** The parts of the timeout artifact the row records; the others are skipped. */
  parts: Partial<TimeoutArtifact>;
  spec?: Spec;
}
const row = (name: string, parts: Partial<TimeoutArtifact>, verdict: OutcomeVerdict, observed: RegExp, spec?: Spec): Row => ({ name, parts, verdict, observed, spec });

/** One timeout check's rows through the CheckTester: each reaches every verdict. Timed sessions hold no secret. */
function verdicts(check: Check, rows: Row[]): void {
  testCheckTable('verdicts', { checks: [check], judge: (c, r) => judge(c, r.parts, r.spec), secrets: [], defaultReachable: ['pass', 'fail', 'inconclusive', 'skipped'], rows: { [check.meta.id]: rows } });
}

/**
 * The idle readings: one session read at its positive control 1.4s after login (answer `control`) and
 * T+g after that (`decisive`); another read once at T−g (`low`). `idleSession` replaces the first.
 */
function idleReadings(control: OracleAnswer, decisive: OracleAnswer, low: OracleAnswer = 'yes', idleSession?: TimedSession, jar: JarReplay | null = null): TimeoutArtifact['idle'] {
  const s = idleSession ?? session(0, [['control', 0.1, 'yes'], ['control', 1.5, control], ['probe', 5.31, decisive]]);
  return {
    idleMs: 3000,
    graceMs: 800,
    rungs: [
      { label: 'control', offsetMs: 1400, session: s, at: 1 },
      { label: 'T−g', offsetMs: 2200, session: session(0, [['control', 0.1, 'yes'], ['probe', 2.3, low]]), at: 1 },
      { label: 'T+g', offsetMs: 3800, session: s, at: 2 },
    ],
    jar,
  };
}

/** The jar (sid + auth) held before the decisive reading, replayed afterwards: logged in, and only with auth (ablation). */
const REVIVED: JarReplay = {
  cookies: ['sid', 'auth'],
  observation: { answer: 'yes', reason: 'status 200', exchange: 500 },
  revival: {
    necessary: ['auth'],
    sufficient: [],
    trials: [
      { removed: 'sid', observation: { answer: 'yes', reason: 'status 200', exchange: 501 } },
      { removed: 'auth', observation: { answer: 'no', reason: 'status 302', exchange: 502 } },
    ],
  },
};

describe('timeout.idle', () => {
  verdicts(idle, ([
    ['pass: alive at its control, logged out T+g later', idleReadings('yes', 'no'), 'pass', /^logged out at T\+g: expired between 2\.195s and 3\.815s after the last request$/],
    ['pass, noting a stricter timeout', idleReadings('yes', 'no', 'no'), 'pass', /already logged out at T−g/],
    ['fail: alive at T+g', idleReadings('yes', 'yes'), 'fail', /idle for 3\.805s \(probe T\+g\) was still logged in/],
    ['fail: alive at T+g although the T−g session was gone (lazy expiry)', idleReadings('yes', 'yes', 'no'), 'fail', /idle for 3\.805s \(probe T\+g\) was still logged in/],
    ['fail: alive at T+g, brought back by auth (the jar ablated)', idleReadings('yes', 'yes', 'yes', undefined, REVIVED), 'fail', /was still logged in: .*; replaying the whole jar held before the idle timeout \(sid \+ auth\) is logged in again .*auth brings the session back/],
    // The reading decides; a jar replayed afterwards that is not logged in (or unclear) only names no cookie.
    ['fail: alive at T+g, its jar logged out when replayed afterwards (no cookie named)', idleReadings('yes', 'yes', 'yes', undefined, { ...REVIVED, observation: { answer: 'no', reason: 'status 302', exchange: 500 }, revival: null }), 'fail', /\(probe T\+g\) was still logged in: still logged in 3\.805s after the last request$/],
    ['fail: alive at T+g, its jar unclear when replayed afterwards (no cookie named)', idleReadings('yes', 'yes', 'yes', undefined, { ...REVIVED, observation: { answer: 'unknown', reason: 'status 500', exchange: 500 }, revival: null }), 'fail', /\(probe T\+g\) was still logged in: still logged in 3\.805s after the last request$/],
    ['inconclusive: lost before its positive control (evicted?)', idleReadings('no', 'no'), 'inconclusive', /was lost early: logged out at its positive control 1\.395s after login/],
    ['inconclusive: unclear answer at T+g', idleReadings('yes', 'unknown'), 'inconclusive', /no clear answer/],
    // A reading a busy machine delayed past the 6s absolute timeout: the logout may be that timeout's doing.
    [
      'inconclusive: the T+g reading came after the absolute timeout',
      idleReadings('yes', 'no', 'yes', session(0, [['control', 0.1, 'yes'], ['control', 2.3, 'yes'], ['probe', 6.2, 'no']])),
      'inconclusive',
      /past the absolute timeout \(6s\), so its logout may be that lifetime's doing rather than idleness/,
    ],
    ['inconclusive: T+g login control failed', idleReadings('yes', 'no', 'yes', session(0, [['control', 0.1, 'no']])), 'inconclusive', /not logged in right after its login/],
    ['inconclusive: interrupted', idleReadings('yes', 'no', 'yes', session(0, [['control', 0.1, 'yes']], 'interrupted')), 'inconclusive', /was interrupted/],
    ['inconclusive: over the wait budget', overBudget, 'inconclusive', /^wait budget/],
    ['skipped: no idle timeout in the spec', skipped('the spec states no idle timeout (spec.timeouts.idle)'), 'skipped', /spec states no idle timeout/],
  ] as const).map(([name, part, verdict, observed]) => row(name, { idle: part }, verdict, observed)));

  it('hands the bracket and one timeline row per session to the reports', () => {
    const o = judge(idle, { idle: idleReadings('yes', 'no') });
    expect(o.timeline?.bracket).toEqual({ quantity: 'idle timeout', from: 'after the last request', specMs: 3000, aliveMs: 2195, deadMs: 3815 });
    expect(o.timeline?.rows.map((r) => [r.label, r.marks.map((m) => m.kind), r.deadlineMs])).toEqual([
      ['idle, read at control and T+g', ['login', 'control', 'control', 'probe'], 4505],
      ['idle, read at T−g', ['login', 'control', 'probe'], 3105],
    ]);
    expect(o.measured).toEqual({ specSeconds: 3, graceSeconds: 0.8, aliveAtLeastSeconds: 2.195, deadByAtMostSeconds: 3.815 });
  });
});

/** A sliding measurement on two sessions: the active one's activity at 1.9s, read at `activeProbeAt`; the idle one read at 3.9s. */
function slidingPair(idleAnswer: OracleAnswer, activity: OracleAnswer, active: OracleAnswer, activeProbeAt = 3.9): TimeoutArtifact['sliding'] {
  const idleSession = session(0, [['control', 0.1, 'yes'], ['probe', 3.9, idleAnswer]]);
  const activeSession = session(0, [['control', 0.1, 'yes'], ['activity', 1.9, activity], ['probe', activeProbeAt, active]]);
  return {
    idleMs: 3000,
    graceMs: 800,
    activityAtMs: 1800,
    probeAtMs: 3800,
    idle: { session: idleSession, at: 1 },
    activity: { session: activeSession, at: 1 },
    active: { session: activeSession, at: 2 },
  };
}

describe('timeout.absolute', () => {
  const kept = (requests: Array<[TimedRequestKind, number, OracleAnswer]>, status: TimedSession['status'] = 'done'): TimeoutArtifact['absolute'] => ({
    absoluteMs: 6000,
    graceMs: 800,
    keepAliveMs: 1200,
    session: session(0, requests, status),
    jar: null,
  });
  const alive: Array<[TimedRequestKind, number, OracleAnswer]> = [['control', 0.05, 'yes'], ['activity', 1.2, 'yes'], ['activity', 2.4, 'yes'], ['activity', 3.6, 'yes'], ['activity', 4.8, 'yes']];

  const early = kept([['control', 0.05, 'yes'], ['activity', 1.2, 'yes'], ['activity', 2.4, 'yes'], ['activity', 3.6, 'no']]);
  verdicts(absolute, [
    ...([
      ['pass: logged out while kept active', kept([...alive, ['activity', 6, 'no']]), 'pass', /^logged out while kept active: expired between 4\.78s and 6\.005s after login$/],
      ['inconclusive: lost early, and no other active session ended at that age', kept([['control', 0.05, 'yes'], ['activity', 1.2, 'yes'], ['activity', 2.4, 'no']]), 'inconclusive', /lost early: .* a session limit may have evicted it/],
      ['fail: still logged in at A+g', kept([...alive, ['activity', 6, 'yes'], ['probe', 6.8, 'yes']]), 'fail', /^still logged in at A\+g: still logged in 6\.78s after login, kept active by 6 requests$/],
      ['fail: still logged in at A+g, kept alive by auth (the jar ablated)', { ...(kept([...alive, ['activity', 6, 'yes'], ['probe', 6.8, 'yes']]) as Exclude<TimeoutArtifact['absolute'], { notPlanned: unknown }>), jar: REVIVED }, 'fail', /kept active by 6 requests; replaying the whole jar held before the absolute timeout \(sid \+ auth\) is logged in again .*auth brings the session back/],
      ['fail: still logged in at A+g, its login cookie replayed after that', kept([...alive, ['activity', 6, 'yes'], ['probe', 6.8, 'yes'], ['replay', 6.81, 'yes']]), 'fail', /^still logged in at A\+g/],
      ['inconclusive: a keep-alive came too late', kept([['control', 0.05, 'yes'], ['activity', 1.2, 'yes'], ['activity', 4, 'no']]), 'inconclusive', /gap between keep-alive requests/],
      ['inconclusive: interrupted while alive', kept(alive, 'interrupted'), 'inconclusive', /was interrupted/],
      ['inconclusive: unclear answer', kept([...alive, ['activity', 6, 'unknown']]), 'inconclusive', /no clear answer/],
      ['inconclusive: over the wait budget', overBudget, 'inconclusive', /^wait budget/],
      ['skipped: no absolute timeout in the spec', skipped('the spec states no absolute timeout (spec.timeouts.absolute)'), 'skipped', /no absolute timeout/],
    ] as const).map(([name, part, verdict, observed]) => row(name, { absolute: part }, verdict, observed)),
    row('pass: an early end, noted, when the session active for timeout.sliding ended at the same age (a timer from login)', { absolute: early, sliding: slidingPair('no', 'yes', 'no') }, 'pass', /well before the absolute timeout/),
    row('inconclusive: the same early end, while the sliding session stayed alive longer (nothing corroborates it)', { absolute: early, sliding: slidingPair('no', 'yes', 'yes') }, 'inconclusive', /lost early/),
  ]);
});

describe('timeout.sliding', () => {
  const pair = slidingPair;
  /** One session: its control at 2.2s is the activity, read again at 4.3s, then T+g later at 8.2s (the idle control). */
  const onIdle = (active: OracleAnswer, idleAnswer: OracleAnswer): TimeoutArtifact['sliding'] => {
    const s = session(0, [['control', 0.1, 'yes'], ['control', 2.2, 'yes'], ['probe', 4.3, active], ['probe', 8.2, idleAnswer]]);
    return { idleMs: 3000, graceMs: 800, activityAtMs: 2200, probeAtMs: 4300, idle: { session: s, at: 3 }, activity: { session: s, at: 1 }, active: { session: s, at: 2 } };
  };
  const keptAlive: TimeoutArtifact['absolute'] = {
    absoluteMs: 6000,
    graceMs: 800,
    keepAliveMs: 1200,
    session: session(0, [['control', 0.05, 'yes'], ['activity', 1.2, 'yes'], ['activity', 2.4, 'yes'], ['activity', 3.6, 'yes'], ['activity', 4.8, 'yes'], ['probe', 6.8, 'no']]),
    jar: null,
  };
  const endedAtThree: TimeoutArtifact['absolute'] = { ...keptAlive, session: session(0, [['control', 0.05, 'yes'], ['activity', 1.2, 'yes'], ['activity', 2.4, 'yes'], ['activity', 3.6, 'no']]) };
  const notSliding: Spec = { ...SPEC, timeouts: { ...SPEC.timeouts, sliding: false } };

  verdicts(sliding, [
    ...([
      ['pass: activity kept it alive', pair('no', 'yes', 'yes'), SPEC, 'pass', /the idle session had expired and the one active at 1\.8s was still logged in/],
      ['fail: the active session expired anyway', pair('no', 'yes', 'no'), SPEC, 'fail', /expired anyway: .* the idle timer runs from login/],
      ['inconclusive: the active one was probed too late to tell', pair('no', 'yes', 'no', 4.5), SPEC, 'inconclusive', /too close to the idle timeout/],
      ['inconclusive: the idle control never expired', pair('yes', 'yes', 'yes'), SPEC, 'inconclusive', /idle timeout is not enforced/],
      ['inconclusive: the active session was gone at its activity', pair('no', 'no', 'no'), SPEC, 'inconclusive', /already logged out at its activity/],
      ['not sliding, pass: both expired', pair('no', 'yes', 'no'), notSliding, 'pass', /both sessions were logged out/],
      ['not sliding, fail: activity extended it', pair('no', 'yes', 'yes'), notSliding, 'fail', /activity extended it/],
      ['skipped: no sliding requirement', skipped('the spec states no sliding requirement (spec.timeouts.sliding)'), SPEC, 'skipped', /no sliding requirement/],
    ] as const).map(([name, part, spec, verdict, observed]) => row(name, { sliding: part }, verdict, observed, spec)),
    ...([
      ['pass: one session carries activity, the sliding reading and the idle control', onIdle('yes', 'no'), skipped('absolute not in this row'), 'pass', /still logged in 4\.195s after login/],
      ['fail on one session, corroborated by the kept-active session ending at the same age', onIdle('no', 'no'), endedAtThree, 'fail', /expired anyway/],
      ['inconclusive: the active session was lost while the kept-active one lived on (evicted?)', pair('no', 'yes', 'no'), keptAlive, 'inconclusive', /may have been evicted/],
      ['inconclusive on one session: the idle control never expired', onIdle('yes', 'yes'), skipped('absolute not in this row'), 'inconclusive', /idle timeout is not enforced/],
    ] as const).map(([name, part, absolutePart, verdict, observed]) => row(name, { sliding: part, absolute: absolutePart }, verdict, observed)),
  ]);
});

describe('timeout.server-enforced', () => {
  const maxAge = { cookie: { name: '__Host-sid', lifetimeMs: 6000, source: 'max-age' as const }, timeFields: [] };
  const stamped = { ...maxAge, timeFields: [{ cookie: '__Host-sid', where: 'the value, at character 44', offsetMs: 6000 }] };
  const replayed = (answer: OracleAnswer, expiry: ExpiryReplay['expiry'] = maxAge, waitMs: number | null = 6800): ExpiryReplay => ({
    graceMs: 800,
    expiry,
    waitMs,
    session: session(0, [['control', 0.05, 'yes'], ['replay', 6.9, answer]]),
  });

  /** The replay of the session kept active for timeout.absolute, past its Max-Age. */
  const fromAbsolute = (requests: Array<[TimedRequestKind, number, OracleAnswer]>): Partial<TimeoutArtifact> => {
    const kept = session(0, requests);
    const asIs: ExpiryReplay = { graceMs: 800, expiry: maxAge, waitMs: 6800, session: kept };
    return { absolute: { absoluteMs: 6000, graceMs: 800, keepAliveMs: 1200, session: kept, jar: null }, serverEnforced: { asIs, extended: null } };
  };

  verdicts(serverEnforced, [
    ...([
      ['pass: rejected after its Max-Age', { asIs: replayed('no'), extended: null }, 'pass', /replayed as is 6\.845s after login, past its own Max-Age of 6s on __Host-sid, was logged out/],
      ['fail: accepted after its Max-Age', { asIs: replayed('yes'), extended: null }, 'fail', /relies on the browser discarding the cookie/],
      ['fail: accepted with its timestamps moved forward', { asIs: replayed('no', stamped), extended: replayed('yes', stamped) }, 'fail', /trusts expiry times the client can edit/],
      ['pass: rejected as is and extended', { asIs: replayed('no', stamped), extended: replayed('no', stamped) }, 'pass', /as is .* logged out; the session replayed with its timestamps moved forward/],
      ['inconclusive: unclear replay', { asIs: replayed('unknown'), extended: null }, 'inconclusive', /no clear answer/],
      [
        'inconclusive: the idle session carrying the replay was lost before its positive control',
        { asIs: { ...replayed('no'), session: session(0, [['control', 0.05, 'yes'], ['control', 1.4, 'no'], ['probe', 5.3, 'no'], ['replay', 6.9, 'no']]) }, extended: null },
        'inconclusive',
        /lost early/,
      ],
      ['inconclusive: this cookie lives longer than the budget', { asIs: replayed('no', maxAge, 900_000), extended: null }, 'inconclusive', /^wait budget/],
      ['skipped: this session’s cookie has no client-side expiry', { asIs: replayed('no', { cookie: null, timeFields: [] }, null), extended: null }, 'skipped', /no client-side expiry/],
      ['skipped: planned as not applicable', skipped('the session cookie has no client-side expiry'), 'skipped', /no client-side expiry/],
    ] as const).map(([name, part, verdict, observed]) => row(name, { serverEnforced: part }, verdict, observed)),
    row(
      'pass, replayed from the session kept active for timeout.absolute: alive on every keep-alive until A−g (a logged-out keep-alive past it is the absolute timeout)',
      fromAbsolute([['control', 0.05, 'yes'], ['activity', 1.2, 'yes'], ['activity', 2.4, 'yes'], ['activity', 3.6, 'yes'], ['activity', 4.8, 'yes'], ['activity', 6, 'no'], ['replay', 6.86, 'no']]),
      'pass',
      /past its own Max-Age of 6s on __Host-sid, was logged out/,
    ),
    row(
      'inconclusive, replayed from the session kept active for timeout.absolute: a keep-alive before A−g found it logged out (lost early)',
      fromAbsolute([['control', 0.05, 'yes'], ['activity', 1.2, 'yes'], ['activity', 2.4, 'no'], ['replay', 6.86, 'no']]),
      'inconclusive',
      /lost early/,
    ),
  ]);
});

describe('timeout.renewal', () => {
  /** Renewal every 2s, overlap 1s, grace 0.6s, keep-alive 0.5s; `renewedAt` seconds after the origin, or null. */
  const plan = (s: TimedSession, renewedAt: number | null): TimeoutArtifact['renewal'] => ({
    everyMs: 2000,
    overlapMs: 1000,
    graceMs: 600,
    keepAliveMs: 500,
    deadlineMs: 3100,
    session: s,
    renewedAt: renewedAt === null ? null : { startedAt: ORIGIN + renewedAt * 1000, endedAt: ORIGIN + renewedAt * 1000 + 5 },
  });
  const active = (until: number): Array<[TimedRequestKind, number, OracleAnswer]> =>
    Array.from({ length: Math.round((until - 0.1) / 0.5) }, (_, i) => ['activity', 0.6 + i * 0.5, 'yes'] as [TimedRequestKind, number, OracleAnswer]);
  const renewed = (current: OracleAnswer, previous: OracleAnswer) =>
    plan(session(0, [['control', 0.1, 'yes'], ...active(2.1), ['probe', 3.8, current], ['replay', 3.81, previous]]), 2.1);

  verdicts(renewal, ([
    ['pass: renewed, previous ID logged out after the overlap', renewed('yes', 'no'), 'pass', /renewed within 2s of login; the previous ID was logged out 1\.705s after the renewal while the renewed session stayed logged in/],
    ['fail: the previous ID still works after the overlap', renewed('yes', 'yes'), 'fail', /previous ID was still logged in 1\.705s after the renewal, past the 1s overlap/],
    ['fail: never renewed', plan(session(0, [['control', 0.1, 'yes'], ...active(3.1)]), null), 'fail', /the session ID stayed the same through 6 requests over 3s of activity/],
    ['inconclusive: the renewed session itself was gone', renewed('no', 'no'), 'inconclusive', /renewed session itself was logged out/],
    ['inconclusive: the replay gave no clear answer', renewed('yes', 'unknown'), 'inconclusive', /no clear answer/],
    ['inconclusive: logged out before any renewal', plan(session(0, [['control', 0.1, 'yes'], ['activity', 0.6, 'yes'], ['activity', 1.1, 'no']]), null), 'inconclusive', /was logged out 995ms after login, before any renewal was seen/],
    ['inconclusive: no positive control', plan(session(0, [['control', 0.1, 'no']]), null), 'inconclusive', /not logged in right after its login/],
    ['inconclusive: interrupted', plan(session(0, [['control', 0.1, 'yes']], 'interrupted'), null), 'inconclusive', /was interrupted/],
    ['skipped: opt-in, not asked for', skipped('opt-in: the spec asks for no periodic ID renewal (spec.timeouts.renewal)'), 'skipped', /^opt-in/],
  ] as const).map(([name, part, verdict, observed]) => row(name, { renewal: part }, verdict, observed)));

  it('draws the session with its deadline at the end of the overlap', () => {
    const o = judge(renewal, { renewal: renewed('yes', 'no') });
    expect(o.timeline?.rows).toHaveLength(1);
    expect(o.timeline?.rows[0]!.deadlineMs).toBe(2105 + 1000);
    expect(o.measured).toMatchObject({ renewalEverySeconds: 2, overlapSeconds: 1, previousIdAtReplay: 'no' });
  });
});
