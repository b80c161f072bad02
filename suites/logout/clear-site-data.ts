import { defineCheck, outcome } from '../../src/model/check.js';
import { requireControl } from '../shared/checks-common.js';

const EXPECTED = 'the logout response sends Clear-Site-Data with "cookies" (ideally also "cache" and "storage")';

export default defineCheck({
  meta: {
    id: 'logout.clear-site-data',
    suite: 'logout',
    title: 'Logout sends Clear-Site-Data',
    failureTitle: 'Logout does not ask the browser to clear site data',
    severity: 'info',
    remediation: {
      summary:
        'Send Clear-Site-Data: "cache", "cookies", "storage" on the logout response, so the browser also drops cached authenticated pages, other cookies and web storage.',
      stacks: {
        'express-session': 'res.set(\'Clear-Site-Data\', \'"cache", "cookies", "storage"\') in the logout handler.',
        django: 'response[\'Clear-Site-Data\'] = \'"cache", "cookies", "storage"\' in the logout view.',
        php: 'header(\'Clear-Site-Data: "cache", "cookies", "storage"\'); in the logout script.',
        spring: 'logout(l -> l.addLogoutHandler(new HeaderWriterLogoutHandler(new ClearSiteDataHeaderWriter(CACHE, COOKIES, STORAGE)))).',
        'aspnet-core': 'Response.Headers["Clear-Site-Data"] = "\\"cache\\", \\"cookies\\", \\"storage\\"" in the logout action.',
        rails: 'response.headers[\'Clear-Site-Data\'] = \'"cache", "cookies", "storage"\' in the logout action.',
        flask: 'response.headers[\'Clear-Site-Data\'] = \'"cache", "cookies", "storage"\' in the logout view.',
        laravel: 'return redirect(\'/\')->header(\'Clear-Site-Data\', \'"cache", "cookies", "storage"\');',
      },
    },
    refs: ['ASVS v5.0.0-14.3.1', 'ASVS v4.0.3-8.2.3', 'OWASP CS: Web Content Caching and Clear-Site-Data'],
    requires: ['logout'],
    procedure: 'Inspect the responses of the logout flow for a Clear-Site-Data header.',
  },
  evaluate({ artifacts, evidence }, spec) {
    const a = artifacts.logout;
    if (!spec.invalidation.clearSiteData) return outcome.skipped('the spec does not ask for Clear-Site-Data');
    if ('notConfigured' in a) return outcome.skipped(a.notConfigured);
    const noControl = requireControl(a.beforeLogout, EXPECTED, 'the session before logout');
    if (noControl) return noControl;
    const responses = evidence.filter((e) => a.logoutExchanges.includes(e.id) && e.response);
    if (responses.length === 0) return outcome.inconclusive(EXPECTED, 'the logout flow got no response');
    const values = responses.flatMap((e) => e.response!.headers.filter(([n]) => n === 'clear-site-data').map(([, v]) => ({ id: e.id, v })));
    const directives = new Set(values.flatMap(({ v }) => v.split(',').map((d) => d.trim().replace(/^"|"$/g, '').toLowerCase())));
    if (directives.has('cookies') || directives.has('*')) {
      const missing = ['cache', 'storage'].filter((d) => !directives.has(d) && !directives.has('*'));
      return outcome.pass(EXPECTED, `Clear-Site-Data: ${values.map((x) => x.v).join(', ')}${missing.length ? ` (without ${missing.join(', ')})` : ''}`, {
        exchanges: values.map((x) => x.id),
        controls: [a.beforeLogout],
      });
    }
    const observed = values.length ? `Clear-Site-Data: ${values.map((x) => x.v).join(', ')} — no "cookies"` : 'no Clear-Site-Data header on the logout responses';
    return outcome.fail(EXPECTED, observed, [{ message: observed, exchanges: responses.map((e) => e.id) }]);
  },
});
