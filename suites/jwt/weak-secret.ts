import { defineCheck, outcome } from '../../src/model/check.js';
import { exchangesOf } from '../shared/checks-common.js';
import { usableJwt } from './forgeries.js';

const EXPECTED = 'the HMAC key is not in the built-in dictionary of published and default secrets';

export default defineCheck({
  meta: {
    id: 'jwt.weak-secret',
    suite: 'jwt',
    title: 'The JWT HMAC key is not a known weak secret',
    failureTitle: 'The JWT HMAC key is a known weak secret',
    severity: 'high',
    remediation: {
      summary:
        'Replace the HMAC key with a random secret of at least 256 bits kept out of source code (or switch to an asymmetric algorithm), then rotate it: every token signed with the guessable key can be forged.',
    },
    refs: ['WSTG-SESS-10', 'OWASP CSJ: Token Signing (HMAC key strength)'],
    requires: ['jwt'],
    procedure: 'Offline, with no traffic: compute the token\'s HMAC under every key of a built-in dictionary (tutorial, scaffold and default secrets) and compare.',
  },
  evaluate({ artifacts }) {
    const a = usableJwt(artifacts.jwt);
    if ('verdict' in a) return a;
    if (!a.weakSecret.tested) return outcome.skipped(a.weakSecret.note);
    if (a.weakSecret.found) {
      return outcome.fail(EXPECTED, `${a.weakSecret.note}: anyone can sign tokens for any user`, [{ message: a.weakSecret.note, exchanges: exchangesOf(a.control) }]);
    }
    // The dictionary ran offline against the token as the target accepted it.
    return outcome.pass(EXPECTED, a.weakSecret.note, { exchanges: [a.control] });
  },
});
