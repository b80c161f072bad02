/**
 * The timeout checks over recorded timed sessions: a row per verdict, plus the bracket and
 * timeline they hand to the reports.
 */
import { describe, expect, it } from 'vitest';
import { evaluateWith } from '../fixtures/evaluate.js';
import type { Check } from '../../src/model/check.js';
import type { ExpiryReplay, TimedRequestKind, TimedSession, TimeoutArtifact } from '../../src/model/artifacts.js';
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

/** The idle rungs at 0.5T, T−g, T+g, 1.5T with the given probe answers (controls all logged in). */
function idleRungs(answers: [OracleAnswer, OracleAnswer, OracleAnswer, OracleAnswer], decisive?: TimedSession): TimeoutArtifact['idle'] {
  const offsets: Array<[string, number]> = [['0.5T', 1.5], ['T−g', 2.2], ['T+g', 3.8], ['1.5T', 4.5]];
  return {
    idleMs: 3000,
    graceMs: 800,
    rungs: offsets.map(([label, offset], i) => ({
      label,
      offsetMs: offset * 1000,
      session: label === 'T+g' && decisive ? decisive : session(0, [['control', 0.1, 'yes'], ['probe', 0.1 + offset, answers[i]!]]),
    })),
  };
}

describe('timeout.idle', () => {
  it.each([
    ['pass: logged out at T+g', idleRungs(['yes', 'yes', 'no', 'no']), 'pass', /^logged out at T\+g: expired between 2\.195s and 3\.805s after the last request$/],
    ['pass, noting a stricter timeout', idleRungs(['yes', 'no', 'no', 'no']), 'pass', /already logged out at T−g/],
    ['fail: alive at T+g', idleRungs(['yes', 'yes', 'yes', 'no']), 'fail', /idle for 3\.795s \(probe T\+g\) was still logged in: expired between 3\.795s and 4\.505s/],
    ['fail: alive at 1.5T although dead at T+g (lazy expiry)', idleRungs(['yes', 'yes', 'no', 'yes']), 'fail', /idle for 4\.495s \(probe 1\.5T\) was still logged in/],
    ['inconclusive: unclear answer at T+g', idleRungs(['yes', 'yes', 'unknown', 'no']), 'inconclusive', /no clear answer/],
    ['inconclusive: T+g control failed', idleRungs(['yes', 'yes', 'no', 'no'], session(0, [['control', 0.1, 'no']])), 'inconclusive', /not logged in right after its login/],
    ['inconclusive: interrupted', idleRungs(['yes', 'yes', 'no', 'no'], session(0, [['control', 0.1, 'yes']], 'interrupted')), 'inconclusive', /was interrupted/],
    ['inconclusive: over the wait budget', overBudget, 'inconclusive', /^wait budget/],
    ['skipped: no idle timeout in the spec', skipped('the spec states no idle timeout (spec.timeouts.idle)'), 'skipped', /spec states no idle timeout/],
  ] as const)('%s', (_name, idlePart, verdict, observed) => {
    const o = judge(idle, { idle: idlePart });
    expect(o.verdict).toBe(verdict);
    expect(o.observed).toMatch(observed);
  });

  it('hands the bracket and one timeline row per rung to the reports', () => {
    const o = judge(idle, { idle: idleRungs(['yes', 'yes', 'no', 'no']) });
    expect(o.timeline?.bracket).toEqual({ quantity: 'idle timeout', from: 'after the last request', specMs: 3000, aliveMs: 2195, deadMs: 3805 });
    expect(o.timeline?.rows.map((r) => [r.label, r.marks.map((m) => m.kind), r.deadlineMs])).toEqual([
      ['idle, probed at 0.5T', ['login', 'control', 'probe'], 3105],
      ['idle, probed at T−g', ['login', 'control', 'probe'], 3105],
      ['idle, probed at T+g', ['login', 'control', 'probe'], 3105],
      ['idle, probed at 1.5T', ['login', 'control', 'probe'], 3105],
    ]);
    expect(o.measured).toEqual({ specSeconds: 3, graceSeconds: 0.8, aliveAtLeastSeconds: 2.195, deadByAtMostSeconds: 3.805 });
  });
});

describe('timeout.absolute', () => {
  const kept = (requests: Array<[TimedRequestKind, number, OracleAnswer]>, status: TimedSession['status'] = 'done'): TimeoutArtifact['absolute'] => ({
    absoluteMs: 6000,
    graceMs: 800,
    keepAliveMs: 1200,
    session: session(0, requests, status),
  });
  const alive: Array<[TimedRequestKind, number, OracleAnswer]> = [['control', 0.05, 'yes'], ['activity', 1.2, 'yes'], ['activity', 2.4, 'yes'], ['activity', 3.6, 'yes'], ['activity', 4.8, 'yes']];

  it.each([
    ['pass: logged out while kept active', kept([...alive, ['activity', 6, 'no']]), 'pass', /^logged out while kept active: expired between 4\.78s and 6\.005s after login$/],
    ['pass, noting an early end', kept([['control', 0.05, 'yes'], ['activity', 1.2, 'yes'], ['activity', 2.4, 'no']]), 'pass', /well before the absolute timeout/],
    ['fail: still logged in at A+g', kept([...alive, ['activity', 6, 'yes'], ['probe', 6.8, 'yes']]), 'fail', /^still logged in at A\+g: still logged in 6\.78s after login, kept active by 6 requests$/],
    ['inconclusive: a keep-alive came too late', kept([['control', 0.05, 'yes'], ['activity', 1.2, 'yes'], ['activity', 4, 'no']]), 'inconclusive', /gap between keep-alive requests/],
    ['inconclusive: interrupted while alive', kept(alive, 'interrupted'), 'inconclusive', /was interrupted/],
    ['inconclusive: unclear answer', kept([...alive, ['activity', 6, 'unknown']]), 'inconclusive', /no clear answer/],
    ['inconclusive: over the wait budget', overBudget, 'inconclusive', /^wait budget/],
    ['skipped: no absolute timeout in the spec', skipped('the spec states no absolute timeout (spec.timeouts.absolute)'), 'skipped', /no absolute timeout/],
  ] as const)('%s', (_name, part, verdict, observed) => {
    const o = judge(absolute, { absolute: part });
    expect(o.verdict).toBe(verdict);
    expect(o.observed).toMatch(observed);
  });
});

describe('timeout.sliding', () => {
  const pair = (idleAnswer: OracleAnswer, activity: OracleAnswer, active: OracleAnswer, activeProbeAt = 3.9): TimeoutArtifact['sliding'] => ({
    idleMs: 3000,
    graceMs: 800,
    activityAtMs: 1800,
    probeAtMs: 3800,
    idleSession: session(0, [['control', 0.1, 'yes'], ['probe', 3.9, idleAnswer]]),
    activeSession: session(0, [['control', 0.1, 'yes'], ['activity', 1.9, activity], ['probe', activeProbeAt, active]]),
  });
  const notSliding: Spec = { ...SPEC, timeouts: { ...SPEC.timeouts, sliding: false } };

  it.each([
    ['pass: activity kept it alive', pair('no', 'yes', 'yes'), SPEC, 'pass', /the idle session had expired and the one active at 1\.8s was still logged in/],
    ['fail: the active session expired anyway', pair('no', 'yes', 'no'), SPEC, 'fail', /expired anyway: .* the idle timer runs from login/],
    ['inconclusive: the active one was probed too late to tell', pair('no', 'yes', 'no', 4.5), SPEC, 'inconclusive', /too close to the idle timeout/],
    ['inconclusive: the idle control never expired', pair('yes', 'yes', 'yes'), SPEC, 'inconclusive', /idle timeout is not enforced/],
    ['inconclusive: the active session was gone at its activity', pair('no', 'no', 'no'), SPEC, 'inconclusive', /already logged out at its activity/],
    ['not sliding, pass: both expired', pair('no', 'yes', 'no'), notSliding, 'pass', /both sessions were logged out/],
    ['not sliding, fail: activity extended it', pair('no', 'yes', 'yes'), notSliding, 'fail', /activity extended it/],
    ['skipped: no sliding requirement', skipped('the spec states no sliding requirement (spec.timeouts.sliding)'), SPEC, 'skipped', /no sliding requirement/],
  ] as const)('%s', (_name, part, spec, verdict, observed) => {
    const o = judge(sliding, { sliding: part }, spec);
    expect(o.verdict).toBe(verdict);
    expect(o.observed).toMatch(observed);
  });
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

  it.each([
    ['pass: rejected after its Max-Age', { asIs: replayed('no'), extended: null }, 'pass', /replayed as is 6\.845s after login, past its own Max-Age of 6s on __Host-sid, was logged out/],
    ['fail: accepted after its Max-Age', { asIs: replayed('yes'), extended: null }, 'fail', /relies on the browser discarding the cookie/],
    ['fail: accepted with its timestamps moved forward', { asIs: replayed('no', stamped), extended: replayed('yes', stamped) }, 'fail', /trusts expiry times the client can edit/],
    ['pass: rejected as is and extended', { asIs: replayed('no', stamped), extended: replayed('no', stamped) }, 'pass', /as is .* logged out; the session replayed with its timestamps moved forward/],
    ['inconclusive: unclear replay', { asIs: replayed('unknown'), extended: null }, 'inconclusive', /no clear answer/],
    ['inconclusive: this cookie lives longer than the budget', { asIs: replayed('no', maxAge, 900_000), extended: null }, 'inconclusive', /^wait budget/],
    ['skipped: this session’s cookie has no client-side expiry', { asIs: replayed('no', { cookie: null, timeFields: [] }, null), extended: null }, 'skipped', /no client-side expiry/],
    ['skipped: planned as not applicable', skipped('the session cookie has no client-side expiry'), 'skipped', /no client-side expiry/],
  ] as const)('%s', (_name, part, verdict, observed) => {
    const o = judge(serverEnforced, { serverEnforced: part });
    expect(o.verdict).toBe(verdict);
    expect(o.observed).toMatch(observed);
  });
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

  it.each([
    ['pass: renewed, previous ID logged out after the overlap', renewed('yes', 'no'), 'pass', /renewed within 2s of login; the previous ID was logged out 1\.705s after the renewal while the renewed session stayed logged in/],
    ['fail: the previous ID still works after the overlap', renewed('yes', 'yes'), 'fail', /previous ID was still logged in 1\.705s after the renewal, past the 1s overlap/],
    ['fail: never renewed', plan(session(0, [['control', 0.1, 'yes'], ...active(3.1)]), null), 'fail', /the session ID stayed the same through 6 requests over 3s of activity/],
    ['inconclusive: the renewed session itself was gone', renewed('no', 'no'), 'inconclusive', /renewed session itself was logged out/],
    ['inconclusive: the replay gave no clear answer', renewed('yes', 'unknown'), 'inconclusive', /no clear answer/],
    ['inconclusive: logged out before any renewal', plan(session(0, [['control', 0.1, 'yes'], ['activity', 0.6, 'yes'], ['activity', 1.1, 'no']]), null), 'inconclusive', /was logged out 995ms after login, before any renewal was seen/],
    ['inconclusive: no positive control', plan(session(0, [['control', 0.1, 'no']]), null), 'inconclusive', /not logged in right after its login/],
    ['inconclusive: interrupted', plan(session(0, [['control', 0.1, 'yes']], 'interrupted'), null), 'inconclusive', /was interrupted/],
    ['skipped: opt-in, not asked for', skipped('opt-in: the spec asks for no periodic ID renewal (spec.timeouts.renewal)'), 'skipped', /^opt-in/],
  ] as const)('%s', (_name, renewalPart, verdict, observed) => {
    const o = judge(renewal, { renewal: renewalPart });
    expect(o.verdict, o.observed).toBe(verdict);
    expect(o.observed).toMatch(observed);
  });

  it('draws the session with its deadline at the end of the overlap', () => {
    const o = judge(renewal, { renewal: renewed('yes', 'no') });
    expect(o.timeline?.rows).toHaveLength(1);
    expect(o.timeline?.rows[0]!.deadlineMs).toBe(2105 + 1000);
    expect(o.measured).toMatchObject({ renewalEverySeconds: 2, overlapSeconds: 1, previousIdAtReplay: 'no' });
  });
});
