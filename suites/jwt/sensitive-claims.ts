import { defineCheck, outcome } from '../../src/model/check.js';
import { exchangesOf } from '../shared/checks-common.js';
import { usableJwt } from './forgeries.js';

/** Claim names that hold secrets whatever the spec says. */
const SECRET_NAME = /pass(word|wd)?$|^pwd|secret|ssn|social.?security|credit.?card|card.?number|cvv|cvc|iban|api.?key|private.?key|hash|salt|otp|totp/i;
/** Value traits that are secrets whatever the claim is called. */
const SECRET_TRAITS = ['password-hash', 'private-key'];

export default defineCheck({
  meta: {
    id: 'jwt.sensitive-claims',
    suite: 'jwt',
    title: 'JWTs carry no sensitive claims',
    failureTitle: 'JWTs carry sensitive data readable by anyone',
    severity: 'medium',
    remediation: {
      summary:
        'A JWT payload is only base64url-encoded: anyone holding the token reads it. Keep personal or secret data out of the claims (use an opaque user id), or encrypt the token (JWE).',
    },
    refs: ['WSTG-SESS-10', 'NIST SP 800-63B-4 §5.1.1(7)', 'ASVS v5.0.0-14.3.3'],
    requires: ['jwt'],
    procedure: 'Decode the header and payload and match claim names and value shapes against spec.jwt.sensitiveClaims and built-in secret-like names (password, hash, secret, ssn, api key, private keys).',
  },
  evaluate({ artifacts }, spec) {
    const a = usableJwt(artifacts.jwt);
    if ('verdict' in a) return a;
    const deny = spec.jwt.sensitiveClaims.map((c) => c.toLowerCase());
    const expected = `no claim is secret-like${deny.length ? ` or in the deny-list (${spec.jwt.sensitiveClaims.join(', ')})` : ''}`;
    const hits = a.claims.names.flatMap((name) => {
      const traits = a.claims.traits[name] ?? [];
      const why = [
        deny.includes(name.toLowerCase()) ? 'in the deny-list' : null,
        ...traits.filter((t) => deny.includes(t)).map((t) => `its value is ${t === 'email' ? 'an e-mail address' : `a ${t}`} (deny-list)`),
        SECRET_NAME.test(name) ? 'a secret-like name' : null,
        ...traits.filter((t) => SECRET_TRAITS.includes(t)).map((t) => `its value is a ${t}`),
      ].filter((x): x is string => x !== null);
      return why.length ? [{ name, why }] : [];
    });
    if (hits.length) {
      return outcome.fail(expected, `the ${a.carrier} carries ${hits.map((h) => `"${h.name}" (${h.why.join(', ')})`).join(', ')} — readable by anyone who holds the token`, hits.map((h) => ({ message: `claim ${h.name}: ${h.why.join(', ')}`, exchanges: exchangesOf(a.control) })));
    }
    // The claims were decoded from the token as the target accepted it.
    return outcome.pass(expected, `claims ${a.claims.names.join(', ')}: none sensitive`, { exchanges: [a.control] });
  },
});
