/**
 * What a probe declares about the account's other sessions when that depends on the target: login-issued
 * sampling without a logout flow leaves every sampled session on the account, so the run puts it last.
 */
import { describe, expect, it } from 'vitest';
import { tokenSampleProbe } from '../../suites/token/sample-probe.js';
import { effectOf, type EffectContext } from '../../src/probe.js';

/** Just what the effect reads: the target's logout flow, the login's exchanges and what they set. */
function target(opts: { logout: boolean; authKind: 'cookie' | 'bearer'; preAuthCookie: boolean }): EffectContext {
  const loginPage = { request: { method: 'GET', url: 'http://127.0.0.1:3000/login' }, setCookies: opts.preAuthCookie ? [{ name: 'sid', value: { empty: false } }] : [] };
  const submit = { request: { method: 'POST', url: 'http://127.0.0.1:3000/login' }, setCookies: [{ name: 'sid', value: { empty: false } }] };
  const exchanges = new Map<number, unknown>([
    [1, loginPage],
    [2, submit],
  ]);
  return {
    session: { target: { logout: opts.logout ? { kind: 'request' } : undefined }, evidence: { byId: (id: number) => exchanges.get(id) } },
    established: { authKind: opts.authKind, sessionCookies: opts.authKind === 'cookie' ? ['sid'] : [], login: { exchanges: [1, 2] } },
  } as unknown as EffectContext;
}

describe('session-ID sampling', () => {
  it('leaves sessions behind when it samples by logging in and the target has no logout flow', () => {
    expect(effectOf(tokenSampleProbe, target({ logout: false, authKind: 'bearer', preAuthCookie: false }))).toBe('leaves-sessions');
    expect(effectOf(tokenSampleProbe, target({ logout: false, authKind: 'cookie', preAuthCookie: false }))).toBe('leaves-sessions');
  });

  it('touches no other session when each sampling login is logged out again, or when pre-auth IDs need no login', () => {
    expect(effectOf(tokenSampleProbe, target({ logout: true, authKind: 'bearer', preAuthCookie: false }))).toBe('none');
    expect(effectOf(tokenSampleProbe, target({ logout: false, authKind: 'cookie', preAuthCookie: true }))).toBe('none');
  });
});
