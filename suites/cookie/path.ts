import { defineCheck } from '../../src/model/check.js';
import { pathMatches } from '../../src/cookies/match.js';
import { judgeEach, noRequirement, onEveryIssuance, sessionIssuances, type ObservedCookie } from './judge.js';

export default defineCheck({
  meta: {
    id: 'cookie.path',
    suite: 'cookie',
    title: 'The session cookie has the required path and covers the application',
    failureTitle: 'The session cookie has the wrong path',
    severity: 'low',
    refs: [
      'WSTG-SESS-02',
      'ASVS v4.0.3-3.4.5',
      'NIST SP 800-63B §7.1.1(2)',
      'NIST SP 800-63B-4 §5.1.1(2)',
      'RFC 6265bis §4.1.2.4, §5.1.4, §5.6.4, §8.5',
      'OWASP CS: Domain and Path Attributes',
    ],
    requires: ['session'],
    procedure: 'Compute the effective path of every Set-Cookie that (re)issues the session cookie (the default-path of the request when Path is absent or invalid) and path-match it against the oracle URL.',
  },
  evaluate(input, spec) {
    const required = spec.cookie.path;
    if (required === null) return noRequirement('cookie.path is not set');
    const expected = `the session cookie's effective path is ${required} and covers the authenticated page`;
    const issued = sessionIssuances(input, expected);
    if (!Array.isArray(issued)) return issued;
    const oraclePath = new URL(input.artifacts.session.oracleUrl).pathname;
    const paths = [...new Set(issued.map(describePath))].join(', ');
    return judgeEach(
      expected,
      issued,
      (o) => {
        const wrong: string[] = [];
        if (o.cookie.path !== required) wrong.push(`not ${required}`);
        if (!pathMatches(oraclePath, o.cookie.path)) wrong.push(`it is not sent to the authenticated page ${oraclePath}`);
        return wrong.length ? [`${o.cookie.name} has path ${describePath(o)}: ${wrong.join(' and ')}`] : [];
      },
      `path ${paths} ${onEveryIssuance(issued)}, covering the authenticated page ${oraclePath}`,
    );
  },
});

/** The path, and where it came from when the server did not send a usable Path attribute. */
function describePath({ cookie, exchange }: ObservedCookie): string {
  if (cookie.pathAttribute === cookie.path) return cookie.path;
  const why = cookie.pathAttribute === null ? 'no Path attribute' : `Path=${cookie.pathAttribute} is invalid`;
  return `${cookie.path} (${why}: the default-path of ${exchange.request.method} ${new URL(exchange.request.url).pathname})`;
}
