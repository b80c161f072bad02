import { describe, expect, it } from 'vitest';
import { evaluateWith } from '../fixtures/evaluate.js';
import rotateOnLogin from '../../suites/fixation/rotate-on-login.js';
import rejectUnknownId from '../../suites/fixation/reject-unknown-id.js';
import type { FixationArtifact } from '../../src/model/artifacts.js';
import { mask } from '../../src/evidence.js';
import { RECOMMENDED_SPEC } from '../fixtures/spec.js';
import { observation, sessionArtifact } from '../fixtures/evidence.js';

const A = mask('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa');
const B = mask('bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb');
const C = mask('cccccccccccccccccccccccccccccccc');

type Rotation = FixationArtifact['rotation'];
type Planted = FixationArtifact['planted'];

const rotation = (o: Partial<Rotation>): Rotation => ({
  preLogin: { sid: A },
  postLogin: { sid: B },
  postLoginControl: observation('yes', 11),
  preLoginReplay: observation('no', 12),
  afterReplayControl: observation('yes', 13),
  loginExchanges: [1, 2],
  ...o,
});

const planted = (o: Partial<Extract<Planted, { crafted: unknown }>>): Planted => ({
  crafted: { sid: C },
  postLogin: { sid: B },
  postLoginControl: observation('yes', 21),
  craftedReplay: observation('no', 22),
  afterReplayControl: observation('yes', 23),
  loginExchanges: [3, 4],
  ...o,
});

function evaluate(check: typeof rotateOnLogin, fixation: FixationArtifact, spec = RECOMMENDED_SPEC, authKind: 'cookie' | 'bearer' = 'cookie') {
  const session = sessionArtifact(authKind === 'bearer' ? { sessionCookies: [] } : {});
  return evaluateWith(check, { evidence: [], artifacts: { session, fixation } }, spec);
}

describe('fixation.rotate-on-login', () => {
  const rows: Array<[string, Partial<Rotation>, string, RegExp]> = [
    ['new value and pre-login cookies logged out', {}, 'pass', /→ .*pre-login cookies are logged out/],
    ['no cookie before login', { preLogin: { sid: null }, preLoginReplay: null }, 'pass', /none before login/],
    ['value kept across login', { postLogin: { sid: A } }, 'fail', /kept its pre-login value/],
    ['new value but the old one was logged in too', { preLoginReplay: observation('yes', 12) }, 'fail', /still logged in/],
    ['login did not log in', { postLoginControl: observation('no', 11) }, 'inconclusive', /was not logged in/],
    ['replay answer unknown', { preLoginReplay: observation('unknown', 12) }, 'inconclusive', /no clear answer/],
    ['cookie missing after login', { postLogin: { sid: null } }, 'inconclusive', /not held after login/],
    ['the logged-in client died during the replay', { afterReplayControl: observation('no', 13) }, 'inconclusive', /may have lost its sessions/],
  ];
  it.each(rows)('%s → %s', (_name, over, verdict, observed) => {
    const out = evaluate(rotateOnLogin, { rotation: rotation(over), planted: { notApplicable: 'n/a' } });
    expect(out.verdict).toBe(verdict);
    expect(out.observed).toMatch(observed);
    if (verdict === 'fail') expect(out.findings[0]!.exchanges.length).toBeGreaterThan(0);
  });

  it('is skipped when the spec does not require rotation, or the session is a bearer token', () => {
    const spec = { ...RECOMMENDED_SPEC, invalidation: { ...RECOMMENDED_SPEC.invalidation, rotateOnLogin: false } };
    expect(evaluate(rotateOnLogin, { rotation: rotation({}), planted: { notApplicable: 'n/a' } }, spec).verdict).toBe('skipped');
    expect(evaluate(rotateOnLogin, { rotation: rotation({}), planted: { notApplicable: 'n/a' } }, RECOMMENDED_SPEC, 'bearer').verdict).toBe('skipped');
  });
});

describe('fixation.reject-unknown-id', () => {
  const rows: Array<[string, Planted, string, RegExp]> = [
    ['a new ID is issued and the planted one stays out', planted({}), 'pass', /planted one is logged out/],
    ['the planted ID is adopted', planted({ postLogin: { sid: C } }), 'fail', /kept the planted sid/],
    ['the planted ID is logged in by the login', planted({ craftedReplay: observation('yes', 22) }), 'fail', /planted ID is logged in/],
    ['login failed', planted({ postLoginControl: observation('unknown', 21) }), 'inconclusive', /was not logged in/],
    ['replay unclear', planted({ craftedReplay: observation('unknown', 22) }), 'inconclusive', /no clear answer/],
    ['the logged-in client died during the replay', planted({ afterReplayControl: observation('unknown', 23) }), 'inconclusive', /may have lost its sessions/],
    ['not a cookie session', { notApplicable: 'the session is not carried by a cookie' }, 'skipped', /not carried by a cookie/],
  ];
  it.each(rows)('%s → %s', (_name, p, verdict, observed) => {
    const out = evaluate(rejectUnknownId, { rotation: rotation({}), planted: p });
    expect(out.verdict).toBe(verdict);
    expect(out.observed).toMatch(observed);
  });
});
