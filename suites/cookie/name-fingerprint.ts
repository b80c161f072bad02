import { defineCheck } from '../../src/model/check.js';
import { cookiePrefix } from '../../src/cookies/evaluate.js';
import { judgeEach, sessionIssuances } from './judge.js';

const EXPECTED = 'the session cookie name is not a framework default (it would tell attackers what the server runs)';

/** Default session cookie names, matched case-insensitively after any __Host-/__Secure- prefix. First match wins. */
const DEFAULTS: Array<[RegExp, string]> = [
  [/^phpsessid$/, 'PHP'],
  [/^jsessionid$/, 'Java servlet containers (Tomcat, Jetty, …)'],
  [/^asp\.net_sessionid$/, 'ASP.NET'],
  [/^aspsessionid/, 'classic ASP (IIS)'],
  [/^(cfid|cftoken)$/, 'ColdFusion'],
  [/^connect\.sid$/, 'Express (express-session)'],
  [/^sessionid$/, 'Django'],
  [/^laravel_session$/, 'Laravel'],
  [/^ci_session$/, 'CodeIgniter'],
  [/^rack\.session$/, 'Rack (Ruby)'],
  [/^_session_id$/, 'Ruby on Rails'],
  [/^koa[.:]sess$/, 'Koa (koa-session)'],
  [/^session$/, 'Flask and other frameworks'],
  [/_session$/, 'Laravel or Rails (<app>_session)'],
];

export default defineCheck({
  meta: {
    id: 'cookie.name-fingerprint',
    suite: 'cookie',
    title: 'The session cookie name does not reveal the framework',
    failureTitle: 'The session cookie name reveals the framework',
    severity: 'info',
    refs: [
      'OWASP CS: Session ID Name Fingerprinting',
      'expressjs/session README (name default connect.sid)',
      "Django SESSION_COOKIE_NAME='sessionid'",
      'Laravel config/session.php (<app>_session)',
    ],
    requires: ['session'],
    procedure: 'Compare the session cookie name, without a __Host-/__Secure- prefix, with the default names of common frameworks.',
  },
  evaluate(input) {
    const issued = sessionIssuances(input, EXPECTED);
    if (!Array.isArray(issued)) return issued;
    return judgeEach(
      EXPECTED,
      issued,
      ({ cookie }) => {
        const framework = frameworkOf(cookie.name);
        return framework ? [`${cookie.name} is the default session cookie name of ${framework}`] : [];
      },
      `${[...new Set(issued.map((o) => o.cookie.name))].join(', ')} is not a known framework default name`,
    );
  },
});

function frameworkOf(name: string): string | null {
  const bare = name.slice(cookiePrefix(name)?.length ?? 0).toLowerCase();
  return DEFAULTS.find(([re]) => re.test(bare))?.[1] ?? null;
}
