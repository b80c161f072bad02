/**
 * The pure parts of the timeout probe: which sessions it plans for a spec and a wait budget, how it
 * reads a cookie's client-side expiry, and the timestamps it finds (and moves) inside cookie values.
 */
import { describe, expect, it } from 'vitest';
import { planTimeouts, plannedSessions, type PlanInput, type TimeoutPlan } from '../../suites/timeout/plan.js';
import { clientExpiry, extendTimeFields } from '../../suites/timeout/expiry.js';
import { findTimeFields, shiftTimeFields } from '../../src/token/time-fields.js';
import { RECOMMENDED_SPEC } from '../fixtures/spec.js';
import { DATE, exchange } from '../fixtures/evidence.js';

/** How long each planned session waits after its login, longest last. */
const mandatedWaits = (plan: TimeoutPlan) => plannedSessions(plan).map((s) => s.waitMs).sort((a, b) => a - b);

const S = 1000;
const MIN = 60 * S;
const REF = Date.parse(DATE);

function input(timeouts: Partial<PlanInput['timeouts']>, rest: Partial<PlanInput> = {}): PlanInput {
  return { timeouts: { ...RECOMMENDED_SPEC.timeouts, ...timeouts }, maxWaitMs: 10 * MIN, rttMs: 0, expiry: null, bearer: false, ...rest };
}

describe('planTimeouts', () => {
  it('plans renewal only when asked: activity every quarter interval, replay after the overlap', () => {
    expect(planTimeouts(input({})).renewal).toMatchObject({ notPlanned: { verdict: 'skipped', reason: expect.stringMatching(/^opt-in/) } });
    const plan = planTimeouts(input({ idleMs: 3 * S, absoluteMs: 6 * S, renewal: { everyMs: 2 * S, overlapMs: S }, graceMs: 600 }));
    expect(plan.renewal).toEqual({ everyMs: 2 * S, overlapMs: S, graceMs: 600, keepAliveMs: 500, deadlineMs: 3100 });
    expect(mandatedWaits(plan)).toContain(3100 + 1000 + 600);
    expect(planTimeouts(input({ renewal: { everyMs: 2 * S, overlapMs: 0 } }, { bearer: true })).renewal).toMatchObject({ notPlanned: { verdict: 'skipped', reason: expect.stringMatching(/bearer token/) } });
    expect(planTimeouts(input({ renewal: { everyMs: 15 * MIN, overlapMs: 0 } })).renewal).toMatchObject({ notPlanned: { verdict: 'inconclusive', reason: expect.stringMatching(/^wait budget/) } });
  });

  it('reads the idle session alive at T−g and again T+g later, carrying the sliding reading when the absolute timeout leaves room', () => {
    const roomy = planTimeouts(input({ idleMs: 8 * S, absoluteMs: 30 * S, graceMs: S }, { rttMs: 10 }));
    const g = 1010;
    expect(roomy.idle).toEqual({ idleMs: 8 * S, graceMs: g, controlAtMs: 8 * S - g, lowRungMs: null });
    // Activity = the control at T−g; read again a little less than T−g later, past T+g since login.
    expect(roomy.sliding).toEqual({ idleMs: 8 * S, graceMs: g, activityAtMs: 8 * S - g, probeAtMs: 2 * (8 * S - g) - 50, onIdleSession: true });
    expect(roomy.absolute).toMatchObject({ absoluteMs: 30 * S, keepAliveMs: 3200 });
    // Two sessions: the idle one (T−g, sliding, T+g) and the absolute one — the longest wait is A+g.
    expect(plannedSessions(roomy)).toEqual([
      { name: 'idle', waitMs: 2 * (8 * S - g) - 50 + 8 * S + g, endsLoggedIn: false },
      { name: 'absolute', waitMs: 30 * S + g, endsLoggedIn: false },
    ]);
  });

  it('moves the control earlier when the absolute timeout would end the idle session first, and reads T−g on a session of its own', () => {
    const tight = planTimeouts(input({ idleMs: 3 * S, absoluteMs: 6 * S, graceMs: 800 }));
    // The decisive reading (control + T+g) must come before A−g: 6000 − 800 − 3800 = 1400; the control
    // goes halfway there, so a reading delayed by up to 700 ms + g still comes before A.
    expect(tight.idle).toEqual({ idleMs: 3 * S, graceMs: 800, controlAtMs: 700, lowRungMs: 2200 });
    // Activity halfway between 1.8 s (0.6T; the reading then comes exactly T−g after it) and T−g: a reading
    // at 3.8 s may come 400 ms late and still be within T−g of the activity.
    expect(tight.sliding).toEqual({ idleMs: 3 * S, graceMs: 800, activityAtMs: 2000, probeAtMs: 3800, onIdleSession: false });
    // The kept-active session is also read at T+g/2, so a lifetime from login shorter than T+g is seen before T+g.
    expect(tight.absolute).toEqual({ absoluteMs: 6 * S, graceMs: 800, keepAliveMs: 1200, lifetimeReadingAtMs: 3400 });
    expect(plannedSessions(tight).map((s) => [s.name, s.waitMs])).toEqual([
      ['idle', 4500],
      ['idle T−g', 2200],
      ['absolute', 6800],
      ['sliding', 3800],
    ]);
    expect(mandatedWaits(tight)).toEqual([2200, 3800, 4500, 6800]);
  });

  it('adds the RTT and 1 % of the deadline to the grace (CHECKS.md: g = max(5 s, 1 % T) + RTT)', () => {
    const plan = planTimeouts(input({ idleMs: 30 * MIN, absoluteMs: null, graceMs: 5 * S }, { maxWaitMs: 2 * 60 * MIN, rttMs: 40 }));
    expect(plan.idle).toMatchObject({ graceMs: 18 * S + 40 });
  });

  it('makes the recommended 30 min / 8 h inconclusive on the default 10 min budget, naming the budget', () => {
    const plan = planTimeouts(input({}));
    for (const part of [plan.idle, plan.absolute, plan.sliding]) {
      expect(part).toEqual({ notPlanned: { verdict: 'inconclusive', reason: expect.stringMatching(/^wait budget: .* beyond the run's wait budget of 10m; raise --max-wait/) } });
    }
    expect(plan.serverEnforced).toEqual({ notPlanned: { verdict: 'skipped', reason: expect.stringMatching(/no client-side expiry/) } });
    expect(mandatedWaits(plan)).toEqual([]);
  });

  it('skips what the spec does not ask for', () => {
    const plan = planTimeouts(input({ idleMs: null, absoluteMs: null, sliding: null }));
    expect(plan.idle).toEqual({ notPlanned: { verdict: 'skipped', reason: 'the spec states no idle timeout (spec.timeouts.idle)' } });
    expect(plan.absolute).toEqual({ notPlanned: { verdict: 'skipped', reason: 'the spec states no absolute timeout (spec.timeouts.absolute)' } });
    expect(plan.sliding).toMatchObject({ notPlanned: { verdict: 'skipped' } });
    expect(planTimeouts(input({ idleMs: null, sliding: true })).sliding).toMatchObject({ notPlanned: { verdict: 'skipped', reason: expect.stringMatching(/nothing to slide/) } });
    // Without an idle timeout there is no lifetime to tell from idleness: keep-alives only.
    expect(planTimeouts(input({ idleMs: null, absoluteMs: 6 * S, sliding: null })).absolute).toMatchObject({ lifetimeReadingAtMs: null });
  });

  it('refuses a sliding probe when the grace leaves no moment that separates the two sessions', () => {
    expect(planTimeouts(input({ idleMs: 3 * S, graceMs: 1100 })).sliding).toMatchObject({ notPlanned: { verdict: 'inconclusive', reason: expect.stringMatching(/grace ≤ T\/3/) } });
  });

  it('plans no positive control when the grace is as large as the timeout itself', () => {
    const plan = planTimeouts(input({ idleMs: 3 * S, absoluteMs: null, graceMs: 5 * S }));
    expect(plan.idle).toEqual({ idleMs: 3 * S, graceMs: 5 * S, controlAtMs: null, lowRungMs: null });
  });

  it('replays after the cookie expiry plus grace, and plans a second session when the value carries timestamps', () => {
    const expiry = { cookie: { name: 'sid', lifetimeMs: 6 * S, source: 'max-age' as const }, timeFields: [{ cookie: 'sid', where: 'x', offsetMs: 7 * S }] };
    expect(planTimeouts(input({ graceMs: 500 }, { expiry })).serverEnforced).toEqual({ graceMs: 500, waitMs: 7.5 * S, extended: true, carrier: null });
    // The as-is replay comes from the idle session when it is due before that session's last reading…
    expect(planTimeouts(input({ idleMs: 3 * S, absoluteMs: null, graceMs: 500 }, { expiry })).serverEnforced).toMatchObject({ carrier: 'idle' });
    // …else from the absolute session, at A+g at the earliest: the idle session need not wait for it.
    const cookieOfA = { cookie: { name: 'sid', lifetimeMs: 6 * S, source: 'max-age' as const }, timeFields: [] };
    const plan = planTimeouts(input({ idleMs: 3 * S, absoluteMs: 6 * S, graceMs: 500 }, { expiry: cookieOfA }));
    expect(plan.serverEnforced).toMatchObject({ carrier: 'absolute', waitMs: 6.5 * S });
    expect(plannedSessions(plan).map((s) => s.name)).toEqual(['idle', 'idle T−g', 'absolute', 'sliding']);
    const long = { cookie: { name: 'sid', lifetimeMs: 30 * 24 * 60 * MIN, source: 'max-age' as const }, timeFields: [] };
    expect(planTimeouts(input({}, { expiry: long })).serverEnforced).toMatchObject({ notPlanned: { verdict: 'inconclusive' } });
  });
});

describe('clientExpiry', () => {
  it('takes the last issuance of each session cookie, the one that expires first, and timestamps in the values', () => {
    const exp = REF + 6 * S;
    const exchanges = [
      exchange({ id: 1, setCookies: [`sid=abc.${exp}; Max-Age=60`, 'csrf=zzz; Max-Age=1'] }),
      exchange({ id: 2, setCookies: ['sid=abc; Max-Age=6', 'other=1; Max-Age=2'] }),
    ];
    const expiry = clientExpiry(exchanges, ['sid'], { cookies: [{ name: 'sid', value: `abcdefgh.${exp}` }] });
    expect(expiry).toEqual({
      cookie: { name: 'sid', lifetimeMs: 6 * S, source: 'max-age' },
      timeFields: [{ cookie: 'sid', where: 'the value, at character 9', offsetMs: 6 * S }],
    });
  });

  it('places the issuance within the Date header\'s second by the local time the request was sent, so waits do not vary by up to a second', () => {
    const exp = REF + 6 * S;
    const sentAt = (startedAt: number) =>
      clientExpiry([exchange({ id: 1, startedAt, setCookies: [`sid=abc.${exp}`] })], ['sid'], { cookies: [{ name: 'sid', value: `abcdefgh.${exp}` }] }).timeFields[0]!.offsetMs;
    expect(sentAt(REF + 300)).toBe(6 * S - 300);
    // Outside the server's second the local clock is off: the Date header bounds it.
    expect(sentAt(REF - 200)).toBe(6 * S);
    expect(sentAt(REF + 1500)).toBe(6 * S - 999);
  });

  it('finds none for a session cookie without Max-Age or timestamps', () => {
    const expiry = clientExpiry([exchange({ id: 1, setCookies: ['sid=0123456789abcdef; HttpOnly'] })], ['sid'], { cookies: [{ name: 'sid', value: '0123456789abcdef' }] });
    expect(expiry).toEqual({ cookie: null, timeFields: [] });
  });
});

describe('time fields in cookie values', () => {
  const seconds = Math.floor(REF / 1000);
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const jwt = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: 'alice', iat: seconds, exp: seconds + 900 })}.c2lnbmF0dXJl`;

  it.each([
    ['a 13-digit millisecond expiry after the ID', `Zm9vYmFyYmF6.${REF + 8000}`, [{ where: 'the value, at character 13', epochMs: REF + 8000 }]],
    ['a named seconds field', `uid=7&expires=${seconds + 60}`, [{ where: 'the value, at character 14 "expires"', epochMs: (seconds + 60) * 1000 }]],
    [
      'a JWT’s iat and exp',
      jwt,
      [
        { where: 'segment 2 (base64) "iat"', epochMs: seconds * 1000 },
        { where: 'segment 2 (base64) "exp"', epochMs: (seconds + 900) * 1000 },
      ],
    ],
    ['a random hex ID', '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', []],
    ['a random base64url ID', 'q3Jm0xVfZt2C6y1bR4wKdP8sLnE5hGaUoYiTjXcBvQM', []],
    ['a number far from now', `id.${seconds + 10 * 365 * 86400}`, []],
  ])('%s', (_name, value, fields) => {
    expect(findTimeFields(value, REF)).toEqual(fields);
  });

  it('moves every timestamp forward in its own unit and encoding, leaving the rest alone', () => {
    expect(shiftTimeFields(`abc.${REF + 8000}`, REF, 5000)).toBe(`abc.${REF + 13_000}`);
    const moved = shiftTimeFields(jwt, REF, 60_000);
    const [header, payload, signature] = moved.split('.');
    expect(header).toBe(jwt.split('.')[0]);
    expect(signature).toBe('c2lnbmF0dXJl');
    expect(JSON.parse(Buffer.from(payload!, 'base64url').toString())).toEqual({ sub: 'alice', iat: seconds + 60, exp: seconds + 960 });
    expect(shiftTimeFields('no-timestamps-here', REF, 5000)).toBe('no-timestamps-here');
  });

  it('extends cookies and a bearer token alike', () => {
    const creds = { cookies: [{ name: 'sid', value: `x.${REF}` }, { name: 'lb', value: 'node-1' }], authorization: `Bearer t.${REF}` };
    expect(extendTimeFields(creds, REF, 1000)).toEqual({
      cookies: [{ name: 'sid', value: `x.${REF + 1000}` }, { name: 'lb', value: 'node-1' }],
      authorization: `Bearer t.${REF + 1000}`,
    });
  });
});
