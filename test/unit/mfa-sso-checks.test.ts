import { describe, expect, it } from 'vitest';
import partialSession from '../../suites/mfa/partial-session.js';
import rotateAfterFactor from '../../suites/mfa/rotate-after-factor.js';
import ssoRotateOnLogin from '../../suites/sso/rotate-on-login.js';
import idpLogoutEndsApp from '../../suites/sso/idp-logout-ends-app-session.js';
import appLogoutEndsIdp from '../../suites/sso/app-logout-ends-idp-session.js';
import type { Artifacts, FixationArtifact, LoginRestart, MfaArtifact, SsoArtifact } from '../../src/model/artifacts.js';
import type { Check } from '../../src/model/check.js';
import type { Spec } from '../../src/config/types.js';
import { mask } from '../../src/evidence.js';
import { RECOMMENDED_SPEC } from '../fixtures/spec.js';
import { observation, sessionArtifact } from '../fixtures/evidence.js';
import { evaluateWith } from '../fixtures/evaluate.js';

const A = mask('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa');
const B = mask('bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb');
const SSO_SPEC: Spec = { ...RECOMMENDED_SPEC, sso: { idpLogoutEndsAppSession: true, appLogoutEndsIdpSession: true } };

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

function judge(check: Check, artifacts: Artifacts, spec = SSO_SPEC) {
  return evaluateWith(check, { evidence: [], artifacts: { session: sessionArtifact(), ...artifacts } }, spec);
}

describe('mfa.partial-session', () => {
  const rows: Array<[string, Parameters<typeof mfa>[0], string, RegExp]> = [
    ['nothing opens before the last factor', {}, 'pass', /oracle and 1 authenticated page\(s\) answered logged out/],
    ['the oracle says logged in after the password', { first: { oracle: observation('yes', 3) } }, 'fail', /logged in after the first factor only/],
    ['a page opens after the password', { first: { pages: [{ url: '/settings', partial: observation('yes', 4), full: observation('yes', 8) }] } }, 'fail', /\/settings opens with the first factor only/],
    ['a page the finished login does not pass cannot tell', { first: { pages: [{ url: '/x', partial: observation('no', 4), full: observation('no', 8) }] } }, 'pass', /1 of the ui.pages could not tell/],
    ['the finished login is not logged in', { last: { oracle: observation('no', 7) } }, 'inconclusive', /was not logged in/],
    ['the oracle cannot tell', { first: { oracle: observation('unknown', 3) } }, 'inconclusive', /no clear answer/],
  ];
  it.each(rows)('%s → %s', (_name, over, verdict, observed) => {
    const out = judge(partialSession, { mfa: mfa(over) });
    expect(out.verdict).toBe(verdict);
    expect(out.observed).toMatch(observed);
    if (verdict === 'fail') expect(out.findings[0]!.exchanges.length).toBeGreaterThan(0);
  });

  it('is skipped for a one-step login', () => {
    expect(judge(partialSession, { mfa: { notApplicable: 'the login has one step' } }).verdict).toBe('skipped');
  });
});

describe('mfa.rotate-after-factor', () => {
  const rows: Array<[string, Parameters<typeof mfa>[0], string, RegExp]> = [
    ['a new ID, the intermediate one logged out', {}, 'pass', new RegExp(`sid ${A.fp}… → ${B.fp}…; the intermediate ID is logged out`)],
    ['no ID before the last factor', { first: { ids: { sid: null } } }, 'pass', /the last factor issued one/],
    ['the same ID throughout', { last: { ids: { sid: A } } }, 'fail', /stayed the same across the second factor/],
    ['the intermediate ID logged in afterwards', { intermediateReplay: observation('yes', 9) }, 'fail', /logged in once the login finished/],
    ['no ID after the last factor', { last: { ids: { sid: null } } }, 'inconclusive', /nothing can be compared/],
    ['the finished session died during the replay', { afterReplayControl: observation('no', 10) }, 'inconclusive', /may have lost its sessions/],
  ];
  it.each(rows)('%s → %s', (_name, over, verdict, observed) => {
    const out = judge(rotateAfterFactor, { mfa: mfa(over) });
    expect(out.verdict).toBe(verdict);
    expect(out.observed).toMatch(observed);
  });
});

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
const rotation: FixationArtifact['rotation'] = {
  preLogin: { sid: A },
  postLogin: { sid: B },
  postLoginControl: observation('yes', 11),
  preLoginReplay: observation('no', 12),
  afterReplayControl: observation('yes', 13),
  loginExchanges: [1, 2],
};
const fixation = (r: Partial<FixationArtifact['rotation']> = {}): FixationArtifact => ({ rotation: { ...rotation, ...r }, planted: { notApplicable: 'n/a' } });

describe('sso.rotate-on-login', () => {
  it('passes with a new ID at the callback, fails when the pre-login ID carries on, and is skipped without a provider', () => {
    expect(judge(ssoRotateOnLogin, { sso: sso(), fixation: fixation() }).verdict).toBe('pass');
    const kept = judge(ssoRotateOnLogin, { sso: sso(), fixation: fixation({ postLogin: { sid: A } }) });
    expect(kept.verdict).toBe('fail');
    expect(kept.observed).toMatch(/kept its pre-login value across the callback from https:\/\/idp.example.test/);
    expect(judge(ssoRotateOnLogin, { sso: { notApplicable: 'the login stayed on the app’s origin' }, fixation: fixation() }).verdict).toBe('skipped');
  });
});

describe('sso.idp-logout-ends-app-session', () => {
  const idp = (o: Partial<Extract<Sso['idpLogout'], { before: unknown }>>) => sso({ idpLogout: { ...(sso().idpLogout as Extract<Sso['idpLogout'], { before: unknown }>), ...o } });
  const rows: Array<[string, Sso, string, RegExp]> = [
    ['logged out right away', sso(), 'pass', /logged out 3ms after the provider logout/],
    ['logged out after a while', idp({ replays: [{ afterMs: 2, observation: observation('yes', 22) }, { afterMs: 1_004, observation: observation('no', 24) }] }), 'pass', /1\.004s after/],
    ['still logged in at the bound', idp({ replays: [{ afterMs: 2, observation: observation('yes', 22) }, { afterMs: 4_010, observation: observation('yes', 24) }] }), 'fail', /still logged in 4\.01s after the provider logout/],
    ['not logged in before', idp({ before: observation('no', 20) }), 'inconclusive', /was not logged in/],
    ['the provider logout broke', idp({ logout: { status: null, exchanges: [], error: 'no such button' } }), 'inconclusive', /did not go through \(no such button\)/],
    ['the other device died too', idp({ control: observation('no', 23) }), 'inconclusive', /may have lost its sessions/],
  ];
  it.each(rows)('%s → %s', (_name, artifact, verdict, observed) => {
    const out = judge(idpLogoutEndsApp, { sso: artifact });
    expect(out.verdict).toBe(verdict);
    expect(out.observed).toMatch(observed);
  });

  it('is skipped unless the spec requires it or without target.sso.logout', () => {
    expect(judge(idpLogoutEndsApp, { sso: sso() }, RECOMMENDED_SPEC).verdict).toBe('skipped');
    expect(judge(idpLogoutEndsApp, { sso: sso({ idpLogout: { notConfigured: 'no sso.logout' } }) }).observed).toBe('no sso.logout');
  });
});

describe('sso.app-logout-ends-idp-session', () => {
  const app = (o: Partial<Extract<Sso['appLogout'], { remembered: unknown }>>) => sso({ appLogout: { ...(sso().appLogout as Extract<Sso['appLogout'], { remembered: unknown }>), ...o } });
  const rows: Array<[string, Sso, string, RegExp]> = [
    ['the provider asks for credentials again', sso(), 'pass', /stopped at https:\/\/idp.example.test\/login asking for credentials/],
    ['the provider sends the browser straight back in', app({ after: restart({}) }), 'fail', /went straight back in .* without credentials/],
    ['the provider never remembered the user', app({ remembered: restart({ askedForCredentials: true, app: observation('no', 30) }) }), 'inconclusive', /does not remember the user/],
    ['neither a prompt nor logged in', app({ after: restart({ app: observation('no', 41) }) }), 'inconclusive', /neither asking for credentials nor logged in/],
    ['the app logout broke', app({ logout: { status: 500, exchanges: [40] } }), 'inconclusive', /did not go through \(it answered 500\)/],
  ];
  it.each(rows)('%s → %s', (_name, artifact, verdict, observed) => {
    const out = judge(appLogoutEndsIdp, { sso: artifact });
    expect(out.verdict).toBe(verdict);
    expect(out.observed).toMatch(observed);
  });
});
