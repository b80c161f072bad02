import { defineCheck, outcome } from '../../src/model/check.js';
import { requireControl, exchangesOf } from '../shared/checks-common.js';
import { noSession } from './input-probe.js';

const EXPECTED = 'with the cookie (or Authorization header) removed, the session ID as a URL or body parameter is logged out';

export default defineCheck({
  meta: {
    id: 'token.url-accepted',
    suite: 'token',
    title: 'The session ID is accepted only where it was issued',
    failureTitle: 'The session ID is accepted from a URL or body parameter',
    severity: 'medium',
    remediation: {
      summary:
        'Accept the session ID only from the cookie (or the header) it was issued in; ignore copies in query strings, form fields or path parameters, which enable fixation and leak through logs.',
      stacks: {
        php: 'session.use_only_cookies = 1 and session.use_trans_sid = 0.',
        spring: 'server.servlet.session.tracking-modes=cookie.',
      },
    },
    refs: ['OWASP CS: Used vs. Accepted Session ID Exchange Mechanisms', 'WSTG-SESS-04', 'RFC 6750 §2.3'],
    requires: ['tokenInput'],
    procedure:
      'Remove the cookie (or Authorization header) and present the live ID as a query, matrix and POST-body parameter under the names frameworks use (JSESSIONID, PHPSESSID, sid, access_token, the cookie name …).',
  },
  evaluate({ artifacts }) {
    const a = artifacts.tokenInput;
    if ('notApplicable' in a) return outcome.skipped(a.notApplicable);
    const noControl = requireControl(a.control, EXPECTED, 'the session presented as issued');
    if (noControl) return noControl;
    const accepted = a.parameters.filter((p) => p.observation.answer === 'yes');
    if (accepted.length) {
      return outcome.fail(
        EXPECTED,
        `the ${a.carrier} is accepted as ${accepted.map((p) => p.label).join(', ')} (${accepted[0]!.observation.reason})`,
        accepted.map((p) => ({ message: `logged in via ${p.label}`, exchanges: exchangesOf(p.observation) })),
      );
    }
    const inUrl = a.parameters.filter((p) => !p.label.includes('POST'));
    const unclear = inUrl.filter((p) => !noSession(p));
    if (unclear.length) return outcome.inconclusive(EXPECTED, `no clear answer for ${unclear.map((p) => p.label).join(', ')}: ${unclear[0]!.observation.reason}`);
    const posts = a.parameters.filter((p) => p.label.includes('POST'));
    const postNo = posts.filter(noSession).length;
    const postNote = postNo === posts.length ? `all ${posts.length} POST bodies logged out or refused` : `${postNo} of ${posts.length} POST bodies logged out or refused, the rest got no clear answer (the page may not take POST) and none was logged in`;
    return outcome.pass(EXPECTED, `${inUrl.length} URL forms logged out or refused; ${postNote}`, { exchanges: a.parameters.map((p) => p.observation), controls: [a.control] });
  },
});
