import { describe, expect, it } from 'vitest';
import delay from '../../suites/revocation/delay.js';
import type { Artifacts, RevocationTiming } from '../../src/model/artifacts.js';
import type { OutcomeVerdict } from '../../src/model/check.js';
import type { Spec } from '../../src/config/types.js';
import { testCheckTable, type CheckRow } from '../fixtures/check-tester.js';
import { logoutArtifact } from '../fixtures/logout-artifact.js';
import { evaluateWith } from '../fixtures/evaluate.js';
import { RECOMMENDED_SPEC } from '../fixtures/spec.js';
import { observation } from '../fixtures/evidence.js';

const replay = (atMs: number, answer: 'yes' | 'no' | 'unknown') => ({ atMs, observation: observation(answer, 100 + atMs) });
const INSTANCE = 'http://127.0.0.1:4002';

function timing(places: RevocationTiming['places'], control: 'yes' | 'no' = 'yes'): RevocationTiming {
  return { event: 'logout', boundMs: 10_500, before: places.map((p) => ({ target: p.target, observation: observation(control, 90) })), places };
}

const logout = (timing: RevocationTiming) => logoutArtifact({ timing });

const withMaxDelay = (ms: number) => ({ ...RECOMMENDED_SPEC, invalidation: { ...RECOMMENDED_SPEC.invalidation, maxDelayMs: ms } });
const NONE = { notConfigured: 'not configured in this fixture' };
/** The other events' probes ran but had no flow: only logout is judged unless a row says otherwise. */
const run = (artifacts: Artifacts, spec: Spec = RECOMMENDED_SPEC) => evaluateWith(delay, { evidence: [], artifacts: { passwordChange: NONE, signOutEverywhere: NONE, ...artifacts } }, spec);

const AT_ONCE = timing([{ target: 'baseUrl', replays: [replay(3, 'no')] }, { target: INSTANCE, replays: [replay(5, 'no')] }]);
const LAGGING = timing([{ target: 'baseUrl', replays: [replay(3, 'no')] }, { target: INSTANCE, replays: [replay(4, 'yes'), replay(2532, 'yes'), replay(3532, 'no')] }]);

const ALL_EVENTS = {
  ...RECOMMENDED_SPEC,
  invalidation: { ...RECOMMENDED_SPEC.invalidation, passwordChange: 'revoke-others' as const, signOutEverywhere: true },
};

const signOut = {
  others: [{ device: 'B', before: observation('yes', 70), after: observation('no', 74), held: { replays: [{ cookies: ['sid'], observation: observation('no', 78) }], jar: null } }],
  current: { device: 'A', before: observation('yes', 72), after: observation('yes', 76) },
  action: { status: 303, exchanges: [73], device: 'A' },
  survivors: { self: observation('yes', 77), otherAccount: null },
  timing: { ...LAGGING, event: 'sign-out-everywhere' },
};
const noLogout = { ...RECOMMENDED_SPEC, invalidation: { ...RECOMMENDED_SPEC.invalidation, logout: false } };

interface Row extends CheckRow {
  artifacts: Artifacts;
  spec?: Spec;
}
const row = (name: string, artifacts: Artifacts, spec: Spec, verdict: OutcomeVerdict, observed: RegExp): Row => ({ name, artifacts, spec, verdict, observed });

testCheckTable('revocation.delay', {
  checks: [delay],
  judge: (_check, r) => run(r.artifacts, r.spec),
  secrets: [],
  defaultReachable: ['pass', 'fail', 'inconclusive', 'skipped'],
  rows: {
    'revocation.delay': [
      row('refused at once everywhere', { logout: logout(AT_ONCE) }, RECOMMENDED_SPEC, 'pass', /logout on baseUrl: refused from the first replay.*logout on http:\/\/127\.0\.0\.1:4002: refused from the first replay/),
      row('a 3 s cache lag on one instance, maxDelay 0s', { logout: logout(LAGGING) }, RECOMMENDED_SPEC, 'fail', /logout on http:\/\/127\.0\.0\.1:4002: still accepted at 2\.532s, refused at 3\.532s/),
      row('the same lag within maxDelay 5s', { logout: logout(LAGGING) }, withMaxDelay(5000), 'pass', /still accepted at 2\.532s/),
      row('never refused within the schedule', { logout: logout(timing([{ target: 'baseUrl', replays: [replay(0, 'yes'), replay(10_500, 'yes')] }])) }, RECOMMENDED_SPEC, 'fail', /still accepted at 10\.5s, the end of the schedule/),
      row('no positive control before the event', { logout: logout(timing([{ target: 'baseUrl', replays: [replay(3, 'no')] }], 'no')) }, RECOMMENDED_SPEC, 'inconclusive', /not logged in there before the event/),
      row('an unclear replay before the refusal', { logout: logout(timing([{ target: 'baseUrl', replays: [replay(3, 'unknown'), replay(250, 'no')] }])) }, RECOMMENDED_SPEC, 'inconclusive', /could not be judged/),
      row('no flow for any required event', { logout: { notConfigured: 'no logout flow' } }, RECOMMENDED_SPEC, 'skipped', /no revocation event/),
      row(
        'every required event is judged: sign-out-everywhere lags although logout does not',
        { logout: logout(AT_ONCE), signOutEverywhere: signOut, passwordChange: NONE },
        ALL_EVENTS,
        'fail',
        /^still accepted after the allowed delay: sign-out-everywhere on http:\/\/127\.0\.0\.1:4002/,
      ),
      row('only the events the spec requires are judged', { logout: logout(LAGGING) }, noLogout, 'skipped', /no revocation event/),
    ],
  },
});

describe('revocation.delay', () => {
  it('records the bracket per event and instance, and points at the replays', () => {
    const out = run({ logout: logout(LAGGING) });
    expect(out.measured).toEqual({
      'logout on baseUrl': 'refused from the first replay (at 3ms)',
      [`logout on ${INSTANCE}`]: 'still accepted at 2.532s, refused at 3.532s',
    });
    expect(out.findings).toEqual([{ message: `logout on ${INSTANCE}: still accepted at 2.532s, refused at 3.532s`, exchanges: [104, 2632, 3632] }]);
  });
});
