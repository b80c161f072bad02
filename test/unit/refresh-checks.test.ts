/**
 * The refresh.* checks over recorded refresh evidence: each reachable verdict has a row.
 */
import { evaluateWith } from '../fixtures/evaluate.js';
import rotation from '../../suites/refresh/rotation.js';
import reuseDetection from '../../suites/refresh/reuse-detection.js';
import revokedOnLogout from '../../suites/refresh/revoked-on-logout.js';
import revokedOnPasswordChange from '../../suites/refresh/revoked-on-password-change.js';
import lifetime from '../../suites/refresh/lifetime.js';
import type { Artifacts, IssuedToken, PasswordChangeArtifact, RefreshArtifact, RefreshAttempt, RefreshLifetimeArtifact, RefreshTrial } from '../../src/model/artifacts.js';
import { mask } from '../../src/evidence.js';
import { RECOMMENDED_SPEC } from '../fixtures/spec.js';
import { observation } from '../fixtures/evidence.js';
import { testCheckTable, type CheckRow } from '../fixtures/check-tester.js';
import type { Check } from '../../src/model/check.js';
import type { Spec } from '../../src/config/types.js';

const RAW = ['r'.repeat(40), 's'.repeat(40), 't'.repeat(40)];
const token = (i: number, lifetimeS?: number): IssuedToken => ({
  value: mask(RAW[i % RAW.length]!),
  jwt: lifetimeS === undefined ? null : { alg: 'ES256', claims: { names: ['sub', 'iat', 'exp'], iat: 1000, exp: 1000 + lifetimeS, nbf: null, traits: {} } },
});
let nextExchange = 100;
const attempt = (presented: string, outcome: RefreshAttempt['outcome'], o: Partial<RefreshAttempt> = {}): RefreshAttempt => ({
  presented,
  status: outcome === 'issued' ? 200 : outcome === 'refused' ? 400 : 502,
  outcome,
  detail: outcome === 'issued' ? 'issued a new refresh token' : outcome === 'refused' ? 'refused with 400' : 'answered 502: neither tokens nor a refusal',
  exchanges: [nextExchange++],
  refreshToken: outcome === 'issued' ? token(1) : null,
  rotated: outcome === 'issued' ? true : null,
  accessToken: outcome === 'issued' ? token(2, 30) : null,
  atMs: 100,
  presentedExpired: null,
  ...o,
});
const trial = (o: Partial<RefreshTrial> = {}): RefreshTrial => ({
  issued: token(0),
  control: attempt('RT1', 'issued'),
  eventExchanges: [50],
  afterEvent: observation('no', 51),
  replay: attempt('RT2', 'refused'),
  ...o,
});
type Observed = Exclude<RefreshArtifact, { notConfigured: string }>;
const refresh = (o: Partial<Observed> = {}): Observed => ({
  carrier: 'JSON bodies',
  rotation: { issued: token(0, 6), attempts: [attempt('RT1', 'issued'), attempt('RT2', 'issued')], access: observation('yes', 60) },
  reuse: { replay: attempt('RT2', 'refused'), newestAccess: observation('no', 61), newest: attempt('RT3', 'refused') },
  logout: trial(),
  ...o,
});
const CHAIN: RefreshLifetimeArtifact = { maxLifetimeMs: 6000, graceMs: 1000, everyMs: 2000, attempts: [attempt('RT1', 'issued', { atMs: 2000 }), attempt('RT2', 'refused', { atMs: 7100 })], unused: attempt('RT1', 'refused', { atMs: 7200 }) };
const passwordChange = (t: RefreshTrial | { notConfigured: string }, newPassword: 'yes' | 'no' = 'yes') =>
  ({ refresh: t, newPasswordLogin: { role: 'newPassword', device: 'verify', observation: observation(newPassword, 70), loginExchanges: [69] } }) as unknown as PasswordChangeArtifact;

const spec = (patch: (s: Spec) => void): Spec => {
  const s = structuredClone(RECOMMENDED_SPEC);
  s.refresh.maxLifetimeMs = 6000;
  s.timeouts.graceMs = 1000;
  patch(s);
  return s;
};
const SPEC = spec(() => {});

interface Row extends CheckRow {
  artifacts: Partial<Artifacts>;
  spec?: Spec;
}
const row = (name: string, verdict: Row['verdict'], observed: RegExp, artifacts: Partial<Artifacts>, s?: Spec): Row => ({ name, verdict, observed, artifacts, spec: s });
const NOT = { notConfigured: 'the target profile does not say how its clients refresh tokens (target.refresh)' };

testCheckTable<Row>('refresh checks', {
  checks: [rotation, reuseDetection, revokedOnLogout, revokedOnPasswordChange, lifetime] as readonly Check[],
  judge: (check, r) => evaluateWith(check, { evidence: [], artifacts: r.artifacts }, r.spec ?? SPEC),
  secrets: RAW,
  defaultReachable: ['pass', 'fail', 'inconclusive', 'skipped'],
  rows: {
    'refresh.rotation': [
      row('two refreshes, each a new token', 'pass', /RT1: issued a new refresh token; RT2/, { refresh: refresh() }),
      row('the same token handed out again', 'fail', /RT1/, { refresh: refresh({ rotation: { issued: token(0), attempts: [attempt('RT1', 'issued', { rotated: false }), attempt('RT1', 'issued', { rotated: false })], access: null } }) }),
      row('the first refresh failed for another reason', 'inconclusive', /did not go through.*502/, { refresh: refresh({ rotation: { issued: token(0), attempts: [attempt('RT1', 'unknown')], access: null } }) }),
      row('not configured', 'skipped', /target\.refresh/, { refresh: NOT }),
      row('no rotation required: reported', 'skipped', /does not require rotation/, { refresh: refresh() }, spec((s) => (s.refresh.rotation = false))),
    ],
    'refresh.reuse-detection': [
      row('replay refused, family revoked', 'pass', /replayed RT2: refused.*newest access token is refused/, { refresh: refresh() }),
      row('the used token works again', 'fail', /replayed RT2: issued/, { refresh: refresh({ reuse: { replay: attempt('RT2', 'issued'), newestAccess: observation('yes', 62), newest: attempt('RT3', 'issued') } }) }),
      row('the family survives the reuse', 'fail', /RT3: issued/, { refresh: refresh({ reuse: { replay: attempt('RT2', 'refused'), newestAccess: observation('no', 62), newest: attempt('RT3', 'issued') } }) }),
      row('reject policy: the family may live on', 'pass', /replayed RT2: refused/, { refresh: refresh({ reuse: { replay: attempt('RT2', 'refused'), newestAccess: observation('yes', 62), newest: attempt('RT3', 'issued') } }) }, spec((s) => (s.refresh.reuse = 'reject'))),
      row('no rotation, so nothing to replay', 'inconclusive', /no used one/, { refresh: refresh({ reuse: null, rotation: { issued: token(0), attempts: [attempt('RT1', 'issued', { rotated: false })], access: null } }) }),
      row('the newest token had expired on its own', 'inconclusive', /RT3 had expired on its own/, { refresh: refresh({ reuse: { replay: attempt('RT2', 'refused'), newestAccess: observation('no', 62), newest: attempt('RT3', 'refused', { presentedExpired: true }) } }) }),
      row('the replay met a 502', 'inconclusive', /no clear answer/, { refresh: refresh({ reuse: { replay: attempt('RT2', 'unknown'), newestAccess: null, newest: attempt('RT3', 'refused') } }) }),
      row('no policy: reported', 'skipped', /no reuse policy/, { refresh: refresh() }, spec((s) => (s.refresh.reuse = null))),
    ],
    'refresh.revoked-on-logout': [
      row('refused after logout', 'pass', /refreshed before logout; afterwards RT2: refused/, { refresh: refresh() }),
      row('still refreshes after logout', 'fail', /after logout, RT2 still refreshes/, { refresh: refresh({ logout: trial({ replay: attempt('RT2', 'issued') }) }) }),
      row('refused only because the JWT had expired', 'inconclusive', /expired on its own/, { refresh: refresh({ logout: trial({ replay: attempt('RT2', 'refused', { presentedExpired: true }) }) }) }),
      row('logout did not run', 'inconclusive', /not logged out after logout/, { refresh: refresh({ logout: trial({ afterEvent: observation('yes', 52) }) }) }),
      row('refreshing never worked', 'inconclusive', /did not work even before logout/, { refresh: refresh({ logout: trial({ control: attempt('RT1', 'refused') }) }) }),
      row('no logout flow', 'skipped', /no logout flow/, { refresh: refresh({ logout: { notConfigured: 'the target profile has no logout flow (target.logout)' } }) }),
    ],
    'refresh.revoked-on-password-change': [
      row('refused after the change', 'pass', /afterwards RT2: refused/, { passwordChange: passwordChange(trial({ afterEvent: null })) }),
      row('still refreshes after the change', 'fail', /after the password change, RT2 still refreshes/, { passwordChange: passwordChange(trial({ afterEvent: null, replay: attempt('RT2', 'issued') })) }),
      row('the change may not have happened', 'inconclusive', /new password did not log in/, { passwordChange: passwordChange(trial({ afterEvent: null }), 'no') }),
      row('no refresh configured', 'skipped', /target\.refresh/, { passwordChange: passwordChange(NOT) }),
    ],
    'refresh.lifetime': [
      row('family refused after its deadline, tokens short', 'pass', /refused 7\.1s after its login/, { refresh: refresh(), refreshLifetime: CHAIN }),
      row('rotation slides the family', 'fail', /still refreshed 7\.1s after its login/, { refresh: refresh(), refreshLifetime: { ...CHAIN, attempts: [attempt('RT1', 'issued', { atMs: 2000 }), attempt('RT2', 'issued', { atMs: 7100 })], unused: null } }),
      row('a JWT refresh token states a day', 'fail', /refresh token states a lifetime of 1d/, { refresh: refresh({ rotation: { issued: token(0, 86_400), attempts: [attempt('RT1', 'issued')], access: null } }), refreshLifetime: CHAIN }),
      row('the wait does not fit the budget', 'inconclusive', /not followed to its deadline: too long/, { refresh: refresh(), refreshLifetime: { notPlanned: 'too long' } }),
      row('no lifetimes in the spec', 'skipped', /sets no token lifetime/, { refresh: refresh(), refreshLifetime: CHAIN }, spec((s) => { s.refresh.maxLifetimeMs = null; s.refresh.accessMaxLifetimeMs = null; })),
    ],
  },
});
