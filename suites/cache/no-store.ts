import { defineCheck, outcome, type Finding } from '../../src/model/check.js';
import type { Exchange } from '../../src/evidence.js';
import { pathOf } from '../../src/urls.js';

const EXPECTED = 'responses that carry the session (login) or authenticated content send Cache-Control: no-store, and never public or s-maxage';

export default defineCheck({
  meta: {
    id: 'cache.no-store',
    suite: 'cache',
    title: 'Authenticated responses are not cacheable',
    failureTitle: 'Authenticated responses may be stored by browser or shared caches',
    severity: 'medium',
    remediation: {
      summary:
        'Send Cache-Control: no-store on every authenticated response (pages and API answers), so neither the browser nor a shared proxy keeps a copy that outlives the session.',
      stacks: {
        'express-session': "res.set('Cache-Control', 'no-store') in a middleware for authenticated routes.",
        django: 'Decorate authenticated views with @never_cache (or set Cache-Control: no-store in a middleware).',
        php: "session.cache_limiter = nocache (the default), or header('Cache-Control: no-store').",
        spring: "Keep Spring Security's default cache-control headers enabled (do not call headers().cacheControl().disable()).",
        'aspnet-core': '[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)] on authenticated controllers.',
        rails: "response.headers['Cache-Control'] = 'no-store' in a before_action for authenticated controllers.",
        flask: "response.headers['Cache-Control'] = 'no-store' in an after_request hook.",
        laravel: 'The cache.headers:no_store middleware (SetCacheHeaders) on authenticated routes.',
      },
    },
    refs: ['WSTG-ATHN-06', 'WSTG-SESS-01', 'WSTG-SESS-04', 'ASVS v4.0.3-8.2.1', 'ASVS v5.0.0-14.3.2', 'OWASP CS: Web Content Caching and Clear-Site-Data'],
    requires: ['session'],
    procedure: 'Inspect Cache-Control on the login responses that set the session cookie and on the authenticated oracle page.',
  },
  evaluate({ artifacts, evidence }, spec) {
    if (!spec.cache.noStore) return outcome.skipped('the spec does not require no-store');
    const s = artifacts.session;
    const ids = new Set([...s.login.issuing, s.oracle.authenticated.exchange]);
    const judged = evidence.filter((e) => ids.has(e.id) && e.response);
    if (judged.length === 0) return outcome.inconclusive(EXPECTED, 'no authenticated response was recorded');
    const findings: Finding[] = [];
    for (const e of judged) {
      const problem = cacheProblem(e);
      if (problem) findings.push({ message: `${e.request.method} ${pathOf(e.request.url)}: ${problem}`, exchanges: [e.id] });
    }
    if (findings.length > 0) return outcome.fail(EXPECTED, findings.map((f) => f.message).join('; '), findings);
    return outcome.pass(EXPECTED, `all ${judged.length} authenticated responses send no-store`, { exchanges: judged.map((e) => e.id) });
  },
});

function cacheProblem(e: Exchange): string | null {
  const values = e.response!.headers.filter(([n]) => n === 'cache-control').map(([, v]) => v);
  if (values.length === 0) return 'no Cache-Control header';
  const directives = values.flatMap((v) => v.split(',')).map((d) => d.trim().toLowerCase());
  const names = directives.map((d) => d.split('=')[0]!.trim());
  const shown = `Cache-Control: ${values.join(', ')}`;
  if (names.includes('public') || names.includes('s-maxage')) return `${shown} lets shared caches store it`;
  // `no-store="Set-Cookie"`-style qualified forms only restrict one header; the bare directive is needed.
  if (!directives.includes('no-store')) return `${shown} (no bare no-store)`;
  return null;
}
