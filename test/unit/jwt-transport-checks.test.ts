/**
 * The jwt and transport checks over their probe artifacts, row by row (test/fixtures/check-tester.ts).
 */
import { evaluateWith } from '../fixtures/evaluate.js';
import signatureVerified from '../../suites/jwt/signature-verified.js';
import jwtAlg from '../../suites/jwt/alg.js';
import weakSecret from '../../suites/jwt/weak-secret.js';
import jwtExp from '../../suites/jwt/exp.js';
import jwtRevocation from '../../suites/jwt/revocation.js';
import sensitiveClaims from '../../suites/jwt/sensitive-claims.js';
import noHttpFallback from '../../suites/transport/no-http-fallback.js';
import hsts from '../../suites/transport/hsts.js';
import type { Artifacts, SessionArtifact } from '../../src/model/artifacts.js';
import type { Check, OutcomeVerdict } from '../../src/model/check.js';
import type { Spec } from '../../src/config/types.js';
import type { Exchange } from '../../src/evidence.js';
import { RECOMMENDED_SPEC } from '../fixtures/spec.js';
import { exchange, observation, sessionArtifact } from '../fixtures/evidence.js';
import { forgery, jwtArtifact, transportArtifact } from '../fixtures/token-artifacts.js';
import { testCheckTable, type CheckRow } from '../fixtures/check-tester.js';

interface Row extends CheckRow {
  artifacts: Artifacts;
  spec?: Spec;
  /** The recorded exchanges (hsts reads them). */
  evidence?: Exchange[];
}

const bearerSession = sessionArtifact({ sessionCookies: [] });

function judge(check: Check, row: Row) {
  return evaluateWith(check, { evidence: row.evidence ?? [], artifacts: { session: bearerSession, ...row.artifacts } }, row.spec ?? RECOMMENDED_SPEC);
}

const row = (name: string, artifacts: Artifacts, verdict: OutcomeVerdict, observed: RegExp, extra: Partial<Row> = {}): Row => ({ name, artifacts, verdict, observed, ...extra });

const noJwt: Artifacts = { jwt: { notApplicable: 'no session artifact is a JWT' } };
const hs = (found: boolean) =>
  jwtArtifact({ header: { alg: 'HS256', otherKeys: [] }, weakSecret: { tested: true, dictionarySize: 150, found, note: found ? 'the HMAC key is a 6-character entry' : 'none of the 150 dictionary keys' } });
const revoked = (replay: 'yes' | 'no' | 'unknown', logoutStatus = 204) =>
  jwtArtifact({ revocation: { beforeLogout: observation('yes', 31), logoutStatus, logoutExchanges: [32], currentAfterLogout: observation('yes', 33), replay: observation(replay, 34) } });
const claims = (names: string[], traits: Record<string, string[]> = {}) => jwtArtifact({ claims: { names, iat: null, exp: null, nbf: null, traits } });
const denyEmail = { ...RECOMMENDED_SPEC, jwt: { ...RECOMMENDED_SPEC.jwt, sensitiveClaims: ['email'] } };
const noLogoutRequired = { ...RECOMMENDED_SPEC, invalidation: { ...RECOMMENDED_SPEC.invalidation, logout: false } };

const SID = 'abcdefghijklmnop';
/** The login and the logged-in page of an https target, with the given Strict-Transport-Security. */
const httpsEvidence = (sts?: string, domain = false) => [
  exchange({ id: 1, method: 'POST', url: 'https://app.example.test/login', setCookies: [`sid=${SID}; Path=/${domain ? '; Domain=example.test' : ''}`], headers: sts ? { 'strict-transport-security': sts } : {} }),
  exchange({ id: 2, url: 'https://app.example.test/account', headers: sts ? { 'strict-transport-security': sts } : {} }),
];
const httpsSession: SessionArtifact = sessionArtifact({ issuing: [1], oracle: { ...sessionArtifact().oracle, authenticated: observation('yes', 2) } });
const hstsRow = (name: string, evidence: Exchange[], verdict: OutcomeVerdict, observed: RegExp, extra: Partial<Row> = {}) => row(name, { session: httpsSession }, verdict, observed, { evidence, ...extra });
const noHsts = { ...RECOMMENDED_SPEC, transport: { hstsMaxAgeMs: null, hstsIncludeSubDomains: false } };

testCheckTable('jwt and transport checks', {
  checks: [signatureVerified, jwtAlg, weakSecret, jwtExp, jwtRevocation, sensitiveClaims, noHttpFallback, hsts],
  judge,
  secrets: [SID],
  defaultReachable: ['pass', 'fail', 'inconclusive', 'skipped'],
  reachable: {
    // An HMAC key is found in the dictionary or not: nothing is left unclear.
    'jwt.weak-secret': ['pass', 'fail', 'skipped'],
    // The claims are read from the token itself: there is no answer to wait for.
    'jwt.sensitive-claims': ['pass', 'fail', 'skipped'],
  },
  rows: {
    'jwt.signature-verified': [
      row('both rejected', { jwt: jwtArtifact() }, 'pass', /both rejected/),
      row('tampered payload accepted', { jwt: jwtArtifact({ forgeries: [forgery('payload changed, signature kept', 'jwt.signature-verified', 'yes')] }) }, 'fail', /accepted forged tokens: payload changed/),
      row('no control', { jwt: jwtArtifact({ control: observation('no', 19) }) }, 'inconclusive', /was not logged in/),
      row('unclear answer', { jwt: jwtArtifact({ forgeries: [forgery('signature stripped', 'jwt.signature-verified', 'unknown')] }) }, 'inconclusive', /no clear answer/),
      row('no JWT', noJwt, 'skipped', /no session artifact is a JWT/),
    ],
    'jwt.alg': [
      row('allowed alg, forgeries rejected', { jwt: jwtArtifact() }, 'pass', /alg ES256 is allowed; 1 forgeries rejected/),
      row('HS256 outside the allow-list', { jwt: jwtArtifact({ header: { alg: 'HS256', otherKeys: [] } }) }, 'fail', /alg HS256, not in the allow-list/),
      row('alg none accepted', { jwt: jwtArtifact({ forgeries: [forgery('alg "none", unsigned', 'jwt.alg', 'yes')] }) }, 'fail', /accepted forged tokens: alg "none"/),
      row('confusion not tried is reported', { jwt: jwtArtifact({ confusion: 'no JWKS URL configured' }) }, 'pass', /not tried: no JWKS URL/),
      row('no control', { jwt: jwtArtifact({ control: observation('no', 19) }) }, 'inconclusive', /was not logged in/),
      row('no JWT', noJwt, 'skipped', /JWT/),
    ],
    'jwt.weak-secret': [
      row('dictionary key', { jwt: hs(true) }, 'fail', /6-character entry: anyone can sign/),
      row('strong key', { jwt: hs(false) }, 'pass', /none of the 150/),
      row('not an HMAC', { jwt: jwtArtifact() }, 'skipped', /not an HMAC/),
      row('no JWT', noJwt, 'skipped', /JWT/),
    ],
    'jwt.exp': [
      row('10-minute token, expiry enforced', { jwt: jwtArtifact() }, 'pass', /lives 10 min; .*: rejected/),
      row('no exp', { jwt: jwtArtifact({ claims: { names: ['sub'], iat: null, exp: null, nbf: null, traits: {} } }) }, 'fail', /no exp claim/),
      row('a day-long token', { jwt: jwtArtifact({ claims: { names: ['exp'], iat: 0, exp: 86_400, nbf: null, traits: {} } }) }, 'fail', /lives 24 h \(exp − iat\), more than 15 min/),
      row('expired token accepted', { jwt: jwtArtifact({ expired: { method: 're-signed', observation: observation('yes', 30) } }) }, 'fail', /expired token was accepted/),
      row('expiry too far to wait for', { jwt: jwtArtifact({ expired: { notObserved: 'expires in 10 min' } }) }, 'inconclusive', /not observed: expires in 10 min/),
      row('no clear answer to the expired token', { jwt: jwtArtifact({ expired: { method: 're-signed', observation: observation('unknown', 30) } }) }, 'inconclusive', /no clear answer to the expired token/),
      row('no JWT', noJwt, 'skipped', /JWT/),
    ],
    'jwt.revocation': [
      row('denylisted at logout', { jwt: revoked('no') }, 'pass', /rejected after logout/),
      row('still accepted', { jwt: revoked('yes') }, 'fail', /still accepted after logout .* denylist/),
      row('logout refused', { jwt: revoked('yes', 403) }, 'inconclusive', /logout did not take effect \(status 403/),
      row('no clear answer', { jwt: revoked('unknown') }, 'inconclusive', /no clear answer/),
      row('no logout flow', { jwt: jwtArtifact({ revocation: { notConfigured: 'no logout flow' } }) }, 'skipped', /no logout flow/),
      row('the spec does not require server-side logout', { jwt: revoked('yes') }, 'skipped', /does not require server-side logout/, { spec: noLogoutRequired }),
      row('no JWT', noJwt, 'skipped', /JWT/),
    ],
    'jwt.sensitive-claims': [
      row('opaque claims', { jwt: claims(['sub', 'exp', 'jti']) }, 'pass', /none sensitive/),
      row('a password hash', { jwt: claims(['sub', 'password_hash'], { password_hash: ['password-hash'] }) }, 'fail', /"password_hash" \(a secret-like name, its value is a password-hash\)/),
      row('a hash under an innocent name', { jwt: claims(['x'], { x: ['password-hash'] }) }, 'fail', /its value is a password-hash/),
      row('e-mail on the deny-list', { jwt: claims(['sub', 'mail'], { mail: ['email'] }) }, 'fail', /"mail" \(its value is an e-mail address \(deny-list\)\)/, { spec: denyEmail }),
      row('no JWT', noJwt, 'skipped', /JWT/),
    ],
    'transport.no-http-fallback': [
      row('redirect to https', { transport: transportArtifact({ outcome: 'redirect-to-https', detail: 'answered 301 → https://app', observation: null, exchanges: [41] }) }, 'pass', /301/),
      row('connection refused', { transport: transportArtifact({ outcome: 'refused', detail: 'ECONNREFUSED', observation: null, exchanges: [] }) }, 'pass', /refused the connection/),
      row('served logged in', { transport: transportArtifact({ outcome: 'answered', detail: 'answered 200', observation: observation('yes', 41), exchanges: [41] }) }, 'fail', /authenticated content .* unencrypted/),
      row('served logged out', { transport: transportArtifact({ outcome: 'answered', detail: 'answered 200', observation: observation('no', 41), exchanges: [41] }) }, 'pass', /logged out/),
      row('served, the oracle cannot tell', { transport: transportArtifact({ outcome: 'answered', detail: 'answered 200', observation: observation('unknown', 41), exchanges: [41] }) }, 'inconclusive', /which the oracle cannot judge/),
      row('no https control', { transport: transportArtifact({ outcome: 'refused', detail: 'x', observation: null, exchanges: [] }, 'no') }, 'inconclusive', /not logged in/),
      row('http target', { transport: { notApplicable: 'the target is plain http' } }, 'skipped', /plain http/),
    ],
    'transport.hsts': [
      hstsRow('two years', httpsEvidence('max-age=63072000; includeSubDomains'), 'pass', /max-age=63072000/),
      hstsRow('missing', httpsEvidence(), 'fail', /no Strict-Transport-Security header/),
      hstsRow('a day', httpsEvidence('max-age=86400'), 'fail', /max-age=86400 is below 31536000/),
      hstsRow('Domain cookie without includeSubDomains', httpsEvidence('max-age=31536000', true), 'fail', /no includeSubDomains/),
      hstsRow('no authenticated https response recorded', [], 'inconclusive', /no authenticated https response was recorded/),
      row('an http target', { session: sessionArtifact({ baseUrl: 'http://app.example.test' }) }, 'skipped', /plain http/),
      hstsRow('no HSTS requirement in the spec', httpsEvidence(), 'skipped', /states no HSTS requirement/, { spec: noHsts }),
    ],
  },
});
