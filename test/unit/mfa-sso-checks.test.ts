/**
 * The mfa and sso checks over their probe artifacts, row by row (test/fixtures/check-tester.ts).
 */
import partialSession from '../../suites/mfa/partial-session.js';
import rotateAfterFactor from '../../suites/mfa/rotate-after-factor.js';
import ssoRotateOnLogin from '../../suites/sso/rotate-on-login.js';
import idpLogoutEndsApp from '../../suites/sso/idp-logout-ends-app-session.js';
import appLogoutEndsIdp from '../../suites/sso/app-logout-ends-idp-session.js';
import type { Artifacts, LoginRestart, MfaArtifact, SsoArtifact } from '../../src/model/artifacts.js';
import type { Check, OutcomeVerdict } from '../../src/model/check.js';
import type { Spec } from '../../src/config/types.js';
import { RECOMMENDED_SPEC } from '../fixtures/spec.js';
import { observation, sessionArtifact } from '../fixtures/evidence.js';
import { evaluateWith } from '../fixtures/evaluate.js';
import { A, B, RAW, rotationOnly } from '../fixtures/login-rotation.js';
import { testCheckTable, type CheckRow } from '../fixtures/check-tester.js';

const SSO_SPEC: Spec = { ...RECOMMENDED_SPEC, sso: { idpLogoutEndsAppSession: true, appLogoutEndsIdpSession: true } };

interface Row extends CheckRow {
  artifacts: Artifacts;
  spec?: Spec;
  /** The session is a bearer token. */
  bearer?: boolean;
}

function judge(check: Check, row: Row) {
  const session = sessionArtifact(row.bearer ? { sessionCookies: [] } : {});
  return evaluateWith(check, { evidence: [], artifacts: { session, ...row.artifacts } }, row.spec ?? SSO_SPEC);
}

const row = (name: string, artifacts: Artifacts, verdict: OutcomeVerdict, observed: RegExp, extra: Partial<Row> = {}): Row => ({ name, artifacts, verdict, observed, ...extra });

type Mfa = Exclude<MfaArtifact, { notApplicable: string }>;
const mfa = (o: { first?: Partial<Mfa['afterFirstFactor']>; last?: Partial<Mfa['afterLastFactor']> } & Partial<Omit<Mfa, 'afterFirstFactor' | 'afterLastFactor'>> = {}): Mfa => {
  const { first, last, ...rest } = o;
  return {
    steps: 2,
    afterFirstFactor: {
      ids: { sid: A },
      oracle: observation('no', 3),
      pages: [{ url: '/settings', partial: observation('no', 4), full: observation('yes', 8) }],
      exchanges: [1, 2],
      ...first,
    },
    afterLastFactor: { ids: { sid: B }, oracle: observation('yes', 7), exchanges: [5, 6], ...last },
    intermediateReplay: observation('no', 9),
    afterReplayControl: observation('yes', 10),
    ...rest,
  };
};

type Sso = Exclude<SsoArtifact, { notApplicable: string }>;
const restart = (o: Partial<LoginRestart>): LoginRestart => ({ landedOn: 'https://app.example.test/account', askedForCredentials: false, app: observation('yes', 30), exchanges: [31], ...o });
const sso = (o: Partial<Sso> = {}): Sso => ({
  providerOrigins: ['https://idp.example.test'],
  loginExchanges: [1, 2, 3],
  idpLogout: {
    before: observation('yes', 20),
    logout: { status: 200, exchanges: [21] },
    replays: [{ afterMs: 3, observation: observation('no', 22) }],
    boundMs: 5_000,
    control: observation('yes', 23),
  },
  appLogout: {
    remembered: restart({}),
    logout: { status: 200, exchanges: [40] },
    after: restart({ landedOn: 'https://idp.example.test/login', askedForCredentials: true, app: observation('no', 41), exchanges: [42] }),
  },
  ...o,
});

type IdpLogout = Extract<Sso['idpLogout'], { before: unknown }>;
type AppLogout = Extract<Sso['appLogout'], { remembered: unknown }>;
const idp = (o: Partial<IdpLogout>) => sso({ idpLogout: { ...(sso().idpLogout as IdpLogout), ...o } });
const app = (o: Partial<AppLogout>) => sso({ appLogout: { ...(sso().appLogout as AppLogout), ...o } });
const noProvider: SsoArtifact = { notApplicable: 'the login stayed on the app’s origin' };
const oneStep: MfaArtifact = { notApplicable: 'the login has one step' };
const NO_ROTATION_SPEC = { ...SSO_SPEC, invalidation: { ...SSO_SPEC.invalidation, rotateOnLogin: false } };

testCheckTable('mfa and sso checks', {
  checks: [partialSession, rotateAfterFactor, ssoRotateOnLogin, idpLogoutEndsApp, appLogoutEndsIdp],
  judge,
  // The IDs before masking: no result may show them.
  secrets: [RAW.a, RAW.b],
  defaultReachable: ['pass', 'fail', 'inconclusive', 'skipped'],
  rows: {
    'mfa.partial-session': [
      row('nothing opens before the last factor', { mfa: mfa() }, 'pass', /oracle and 1 authenticated page\(s\) answered logged out/),
      row('the oracle says logged in after the password', { mfa: mfa({ first: { oracle: observation('yes', 3) } }) }, 'fail', /logged in after the first factor only/),
      row('a page opens after the password', { mfa: mfa({ first: { pages: [{ url: '/settings', partial: observation('yes', 4), full: observation('yes', 8) }] } }) }, 'fail', /\/settings opens with the first factor only/),
      row('a page the finished login does not pass cannot tell', { mfa: mfa({ first: { pages: [{ url: '/x', partial: observation('no', 4), full: observation('no', 8) }] } }) }, 'pass', /1 of the ui.pages could not tell/),
      row('the finished login is not logged in', { mfa: mfa({ last: { oracle: observation('no', 7) } }) }, 'inconclusive', /was not logged in/),
      row('the oracle cannot tell', { mfa: mfa({ first: { oracle: observation('unknown', 3) } }) }, 'inconclusive', /no clear answer/),
      row('a one-step login', { mfa: oneStep }, 'skipped', /one step/),
    ],
    'mfa.rotate-after-factor': [
      row('a new ID, the intermediate one logged out', { mfa: mfa() }, 'pass', new RegExp(`sid ${A.fp}… → ${B.fp}…; the intermediate ID is logged out`)),
      row('no ID before the last factor', { mfa: mfa({ first: { ids: { sid: null } } }) }, 'pass', /the last factor issued one/),
      row('the same ID throughout', { mfa: mfa({ last: { ids: { sid: A } } }) }, 'fail', /stayed the same across the second factor/),
      row('the intermediate ID logged in afterwards', { mfa: mfa({ intermediateReplay: observation('yes', 9) }) }, 'fail', /logged in once the login finished/),
      row('no ID after the last factor', { mfa: mfa({ last: { ids: { sid: null } } }) }, 'inconclusive', /nothing can be compared/),
      row('the intermediate ID replay gave no clear answer', { mfa: mfa({ intermediateReplay: observation('unknown', 9) }) }, 'inconclusive', /no clear answer/),
      row('the finished session died during the replay', { mfa: mfa({ afterReplayControl: observation('no', 10) }) }, 'inconclusive', /may have lost its sessions/),
      row('a one-step login', { mfa: oneStep }, 'skipped', /one step/),
    ],
    'sso.rotate-on-login': [
      row('a new ID at the callback', { sso: sso(), fixation: rotationOnly() }, 'pass', /→ .*the pre-login/),
      row('the pre-login ID carries on', { sso: sso(), fixation: rotationOnly({ postLogin: { sid: A } }) }, 'fail', /kept its pre-login value across the callback from https:\/\/idp.example.test/),
      row('the callback did not log in', { sso: sso(), fixation: rotationOnly({ postLoginControl: observation('no', 11) }) }, 'inconclusive', /was not logged in/),
      row('no provider', { sso: noProvider, fixation: rotationOnly() }, 'skipped', /stayed on the app’s origin/),
      row('the spec does not require rotation', { sso: sso(), fixation: rotationOnly() }, 'skipped', /does not require a new ID at login/, { spec: NO_ROTATION_SPEC }),
      row('a bearer token minted at the callback', { sso: sso(), fixation: rotationOnly() }, 'skipped', /bearer token minted at the callback/, { bearer: true }),
    ],
    'sso.idp-logout-ends-app-session': [
      row('logged out right away', { sso: sso() }, 'pass', /logged out 3ms after the provider logout/),
      row('logged out after a while', { sso: idp({ replays: [{ afterMs: 2, observation: observation('yes', 22) }, { afterMs: 1_004, observation: observation('no', 24) }] }) }, 'pass', /1\.004s after/),
      row('still logged in at the bound', { sso: idp({ replays: [{ afterMs: 2, observation: observation('yes', 22) }, { afterMs: 4_010, observation: observation('yes', 24) }] }) }, 'fail', /still logged in 4\.01s after the provider logout/),
      row('not logged in before', { sso: idp({ before: observation('no', 20) }) }, 'inconclusive', /was not logged in/),
      row('the provider logout broke', { sso: idp({ logout: { status: null, exchanges: [21], error: 'no such button' } }) }, 'inconclusive', /did not go through \(no such button\)/),
      row('a replay gave no clear answer', { sso: idp({ replays: [{ afterMs: 3, observation: observation('unknown', 22) }] }) }, 'inconclusive', /no clear answer/),
      row('the other device died too', { sso: idp({ control: observation('no', 23) }) }, 'inconclusive', /may have lost its sessions/),
      row('the spec does not require it', { sso: sso() }, 'skipped', /spec does not require the provider’s logout/, { spec: RECOMMENDED_SPEC }),
      row('no target.sso.logout', { sso: sso({ idpLogout: { notConfigured: 'no sso.logout' } }) }, 'skipped', /^no sso\.logout$/),
      row('no provider', { sso: noProvider }, 'skipped', /stayed on the app’s origin/),
    ],
    'sso.app-logout-ends-idp-session': [
      row('the provider asks for credentials again', { sso: sso() }, 'pass', /stopped at https:\/\/idp.example.test\/login asking for credentials/),
      row('the provider sends the browser straight back in', { sso: app({ after: restart({}) }) }, 'fail', /went straight back in .* without credentials/),
      row('the provider never remembered the user', { sso: app({ remembered: restart({ askedForCredentials: true, app: observation('no', 30) }) }) }, 'inconclusive', /does not remember the user/),
      row('neither a prompt nor logged in', { sso: app({ after: restart({ app: observation('no', 41) }) }) }, 'inconclusive', /neither asking for credentials nor logged in/),
      row('the app logout broke', { sso: app({ logout: { status: 500, exchanges: [40] } }) }, 'inconclusive', /did not go through \(it answered 500\)/),
      row('the spec does not require it', { sso: sso() }, 'skipped', /spec does not require the app’s logout/, { spec: RECOMMENDED_SPEC }),
      row('no target.sso.logout', { sso: sso({ appLogout: { notConfigured: 'no sso.logout' } }) }, 'skipped', /^no sso\.logout$/),
      row('no provider', { sso: noProvider }, 'skipped', /stayed on the app’s origin/),
    ],
  },
});
