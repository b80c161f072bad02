import { describe, expect, it } from 'vitest';
import { evaluateWith } from '../fixtures/evaluate.js';
import signatureVerified from '../../suites/jwt/signature-verified.js';
import jwtAlg from '../../suites/jwt/alg.js';
import weakSecret from '../../suites/jwt/weak-secret.js';
import jwtExp from '../../suites/jwt/exp.js';
import jwtRevocation from '../../suites/jwt/revocation.js';
import sensitiveClaims from '../../suites/jwt/sensitive-claims.js';
import noHttpFallback from '../../suites/transport/no-http-fallback.js';
import hsts from '../../suites/transport/hsts.js';
import type { Artifacts } from '../../src/model/artifacts.js';
import type { Check } from '../../src/model/check.js';
import type { Spec } from '../../src/config/types.js';
import { RECOMMENDED_SPEC } from '../fixtures/spec.js';
import { exchange, observation, sessionArtifact } from '../fixtures/evidence.js';
import { forgery, jwtArtifact, transportArtifact } from '../fixtures/token-artifacts.js';

type Row = [string, Artifacts, string, RegExp];
const bearerSession = sessionArtifact({ sessionCookies: [] });

function run(check: Check, artifacts: Artifacts, spec: Spec = RECOMMENDED_SPEC) {
  return evaluateWith(check, { evidence: [], artifacts: { session: bearerSession, ...artifacts } }, spec);
}

function table(check: Check, rows: Row[], spec?: Spec) {
  it.each(rows)('%s → %s', (_n, artifacts, verdict, observed) => {
    const out = run(check, artifacts, spec);
    expect(out.verdict).toBe(verdict);
    expect(out.observed).toMatch(observed);
  });
}

const noJwt: Artifacts = { jwt: { notApplicable: 'no session artifact is a JWT' } };

describe('jwt.signature-verified', () => {
  table(signatureVerified, [
    ['both rejected', { jwt: jwtArtifact() }, 'pass', /both rejected/],
    ['tampered payload accepted', { jwt: jwtArtifact({ forgeries: [forgery('payload changed, signature kept', 'jwt.signature-verified', 'yes')] }) }, 'fail', /accepted forged tokens: payload changed/],
    ['no control', { jwt: jwtArtifact({ control: observation('no') }) }, 'inconclusive', /was not logged in/],
    ['unclear answer', { jwt: jwtArtifact({ forgeries: [forgery('signature stripped', 'jwt.signature-verified', 'unknown')] }) }, 'inconclusive', /no clear answer/],
    ['no JWT', noJwt, 'skipped', /no session artifact is a JWT/],
  ]);
});

describe('jwt.alg', () => {
  table(jwtAlg, [
    ['allowed alg, forgeries rejected', { jwt: jwtArtifact() }, 'pass', /alg ES256 is allowed; 1 forgeries rejected/],
    ['HS256 outside the allow-list', { jwt: jwtArtifact({ header: { alg: 'HS256', otherKeys: [] } }) }, 'fail', /alg HS256, not in the allow-list/],
    ['alg none accepted', { jwt: jwtArtifact({ forgeries: [forgery('alg "none", unsigned', 'jwt.alg', 'yes')] }) }, 'fail', /accepted forged tokens: alg "none"/],
    ['confusion not tried is reported', { jwt: jwtArtifact({ confusion: 'no JWKS URL configured' }) }, 'pass', /not tried: no JWKS URL/],
    ['no JWT', noJwt, 'skipped', /JWT/],
  ]);
});

describe('jwt.weak-secret', () => {
  const hs = (found: boolean) => jwtArtifact({ header: { alg: 'HS256', otherKeys: [] }, weakSecret: { tested: true, dictionarySize: 150, found, note: found ? 'the HMAC key is a 6-character entry' : 'none of the 150 dictionary keys' } });
  table(weakSecret, [
    ['dictionary key', { jwt: hs(true) }, 'fail', /6-character entry: anyone can sign/],
    ['strong key', { jwt: hs(false) }, 'pass', /none of the 150/],
    ['not an HMAC', { jwt: jwtArtifact() }, 'skipped', /not an HMAC/],
  ]);
});

describe('jwt.exp', () => {
  table(jwtExp, [
    ['10-minute token, expiry enforced', { jwt: jwtArtifact() }, 'pass', /lives 10 min; .*: rejected/],
    ['no exp', { jwt: jwtArtifact({ claims: { names: ['sub'], iat: null, exp: null, nbf: null, traits: {} } }) }, 'fail', /no exp claim/],
    ['a day-long token', { jwt: jwtArtifact({ claims: { names: ['exp'], iat: 0, exp: 86_400, nbf: null, traits: {} } }) }, 'fail', /lives 24 h \(exp − iat\), more than 15 min/],
    ['expired token accepted', { jwt: jwtArtifact({ expired: { method: 're-signed', observation: observation('yes') } }) }, 'fail', /expired token was accepted/],
    ['expiry too far to wait for', { jwt: jwtArtifact({ expired: { notObserved: 'expires in 10 min' } }) }, 'inconclusive', /not observed: expires in 10 min/],
  ]);
});

describe('jwt.revocation', () => {
  const revoked = (replay: 'yes' | 'no' | 'unknown', logoutStatus = 204) =>
    jwtArtifact({ revocation: { beforeLogout: observation('yes', 31), logoutStatus, logoutExchanges: [32], currentAfterLogout: observation('yes', 33), replay: observation(replay, 34) } });
  table(jwtRevocation, [
    ['denylisted at logout', { jwt: revoked('no') }, 'pass', /rejected after logout/],
    ['still accepted', { jwt: revoked('yes') }, 'fail', /still accepted after logout .* denylist/],
    ['logout refused', { jwt: revoked('yes', 403) }, 'inconclusive', /logout did not take effect \(status 403/],
    ['no clear answer', { jwt: revoked('unknown') }, 'inconclusive', /no clear answer/],
    ['no logout flow', { jwt: jwtArtifact({ revocation: { notConfigured: 'no logout flow' } }) }, 'skipped', /no logout flow/],
    ['no JWT', noJwt, 'skipped', /JWT/],
  ]);
});

describe('jwt.sensitive-claims', () => {
  const claims = (names: string[], traits: Record<string, string[]> = {}) => jwtArtifact({ claims: { names, iat: null, exp: null, nbf: null, traits } });
  table(sensitiveClaims, [
    ['opaque claims', { jwt: claims(['sub', 'exp', 'jti']) }, 'pass', /none sensitive/],
    ['a password hash', { jwt: claims(['sub', 'password_hash'], { password_hash: ['password-hash'] }) }, 'fail', /"password_hash" \(a secret-like name, its value is a password-hash\)/],
    ['a hash under an innocent name', { jwt: claims(['x'], { x: ['password-hash'] }) }, 'fail', /its value is a password-hash/],
    ['no JWT', noJwt, 'skipped', /JWT/],
  ]);
  table(
    sensitiveClaims,
    [['e-mail on the deny-list', { jwt: claims(['sub', 'mail'], { mail: ['email'] }) }, 'fail', /"mail" \(its value is an e-mail address \(deny-list\)\)/]],
    { ...RECOMMENDED_SPEC, jwt: { ...RECOMMENDED_SPEC.jwt, sensitiveClaims: ['email'] } },
  );
});

describe('transport.no-http-fallback', () => {
  table(noHttpFallback, [
    ['redirect to https', { transport: transportArtifact({ outcome: 'redirect-to-https', detail: 'answered 301 → https://app', observation: null, exchanges: [41] }) }, 'pass', /301/],
    ['connection refused', { transport: transportArtifact({ outcome: 'refused', detail: 'ECONNREFUSED', observation: null, exchanges: [] }) }, 'pass', /refused the connection/],
    ['served logged in', { transport: transportArtifact({ outcome: 'answered', detail: 'answered 200', observation: observation('yes', 41), exchanges: [41] }) }, 'fail', /authenticated content .* unencrypted/],
    ['served logged out', { transport: transportArtifact({ outcome: 'answered', detail: 'answered 200', observation: observation('no', 41), exchanges: [41] }) }, 'pass', /logged out/],
    ['no https control', { transport: transportArtifact({ outcome: 'refused', detail: 'x', observation: null, exchanges: [] }, 'no') }, 'inconclusive', /not logged in/],
    ['http target', { transport: { notApplicable: 'the target is plain http' } }, 'skipped', /plain http/],
  ]);
});

describe('transport.hsts', () => {
  const evidenceWith = (sts?: string, domain = false) => [
    exchange({ id: 1, method: 'POST', url: 'https://app.example.test/login', setCookies: [`sid=abcdefghijklmnop; Path=/${domain ? '; Domain=example.test' : ''}`], headers: sts ? { 'strict-transport-security': sts } : {} }),
    exchange({ id: 2, url: 'https://app.example.test/account', headers: sts ? { 'strict-transport-security': sts } : {} }),
  ];
  const session = sessionArtifact({ issuing: [1], oracle: { ...sessionArtifact().oracle, authenticated: observation('yes', 2) } });
  const rows: Array<[string, ReturnType<typeof evidenceWith>, string, RegExp]> = [
    ['two years', evidenceWith('max-age=63072000; includeSubDomains'), 'pass', /max-age=63072000/],
    ['missing', evidenceWith(), 'fail', /no Strict-Transport-Security header/],
    ['a day', evidenceWith('max-age=86400'), 'fail', /max-age=86400 is below 31536000/],
    ['Domain cookie without includeSubDomains', evidenceWith('max-age=31536000', true), 'fail', /no includeSubDomains/],
  ];
  it.each(rows)('%s → %s', (_n, evidence, verdict, observed) => {
    const out = hsts.evaluate({ evidence, artifacts: { session } }, RECOMMENDED_SPEC);
    expect(out.verdict).toBe(verdict);
    expect(out.observed).toMatch(observed);
  });

  it('skips http targets and specs without an HSTS requirement', () => {
    expect(hsts.evaluate({ evidence: [], artifacts: { session: sessionArtifact({ baseUrl: 'http://app.example.test' }) } }, RECOMMENDED_SPEC).verdict).toBe('skipped');
    const none = { ...RECOMMENDED_SPEC, transport: { hstsMaxAgeMs: null, hstsIncludeSubDomains: false } };
    expect(hsts.evaluate({ evidence: evidenceWith(), artifacts: { session } }, none).verdict).toBe('skipped');
  });
});
