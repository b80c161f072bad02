import { defineCheck, outcome, type Finding } from '../../src/model/check.js';
import type { Exchange } from '../../src/evidence.js';

const YEAR_SECONDS = 31_536_000;

export default defineCheck({
  meta: {
    id: 'transport.hsts',
    suite: 'transport',
    title: 'Authenticated responses carry HSTS',
    failureTitle: 'Authenticated responses lack a sufficient Strict-Transport-Security header',
    severity: 'medium',
    remediation: {
      summary:
        'Send Strict-Transport-Security with a max-age of at least a year (max-age=31536000; includeSubDomains) on every HTTPS response, so browsers refuse to downgrade the connection.',
      stacks: {
        'express-session': 'helmet() (helmet.hsts({ maxAge: 31536000, includeSubDomains: true })).',
        django: 'SECURE_HSTS_SECONDS = 31536000 and SECURE_HSTS_INCLUDE_SUBDOMAINS = True.',
        php: "header('Strict-Transport-Security: max-age=31536000; includeSubDomains'); or the web server's config.",
        spring: 'headers(h -> h.httpStrictTransportSecurity(s -> s.maxAgeInSeconds(31536000).includeSubDomains(true))) (on by default over HTTPS).',
        'aspnet-core': 'services.AddHsts(o => { o.MaxAge = TimeSpan.FromDays(365); o.IncludeSubDomains = true; }) and app.UseHsts().',
        rails: 'config.force_ssl = true (config.ssl_options = { hsts: { expires: 1.year, subdomains: true } }).',
        flask: 'Flask-Talisman with strict_transport_security_max_age=31536000.',
        laravel: 'A middleware adding the header, or the web server config.',
      },
    },
    refs: ['WSTG-SESS-09', 'WSTG-CONF-07', 'ASVS v4.0.3-14.4.5', 'ASVS v5.0.0-3.4.1'],
    requires: ['session'],
    procedure: 'Read Strict-Transport-Security on the https responses of the login and of the logged-in oracle page.',
  },
  evaluate({ artifacts, evidence }, spec) {
    const s = artifacts.session;
    if (new URL(s.baseUrl).protocol !== 'https:') return outcome.skipped('the target is plain http; HSTS applies to https targets');
    const minMs = spec.transport.hstsMaxAgeMs;
    if (minMs === null) return outcome.skipped('the spec states no HSTS requirement (spec.transport.hstsMaxAge)');
    const min = Math.round(minMs / 1000);
    const ids = new Set([...s.login.exchanges, s.oracle.authenticated.exchange]);
    const responses = evidence.filter((e) => ids.has(e.id) && e.response && e.request.url.startsWith('https:'));
    const withDomain = evidence.some((e) => s.login.issuing.includes(e.id) && e.setCookies.some((c) => s.sessionCookies.includes(c.name) && c.attributes.some(([n]) => n.toLowerCase() === 'domain')));
    const subdomains = spec.transport.hstsIncludeSubDomains || withDomain;
    const expected = `Strict-Transport-Security with max-age ≥ ${min}s${subdomains ? ` and includeSubDomains${withDomain ? ' (the session cookie has a Domain attribute)' : ''}` : ''} on every authenticated https response`;
    if (responses.length === 0) return outcome.inconclusive(expected, 'no authenticated https response was recorded');
    const findings: Finding[] = [];
    for (const e of responses) {
      const problem = hstsProblem(e, min, subdomains);
      if (problem) findings.push({ message: `${e.request.method} ${new URL(e.request.url).pathname}: ${problem}`, exchanges: [e.id] });
    }
    if (findings.length) return outcome.fail(expected, findings.map((f) => f.message).join('; '), findings);
    const sample = header(responses[0]!);
    return {
      ...outcome.pass(expected, `${responses.length} authenticated responses send Strict-Transport-Security: ${sample}`, { exchanges: responses.map((e) => e.id) }),
      measured: { maxAgeSeconds: maxAge(sample) },
    };
  },
});

function header(e: Exchange): string | undefined {
  return e.response!.headers.find(([n]) => n === 'strict-transport-security')?.[1];
}

function maxAge(value: string | undefined): number | null {
  const m = /(?:^|;)\s*max-age\s*=\s*"?(\d+)"?/i.exec(value ?? '');
  return m ? Number(m[1]) : null;
}

function hstsProblem(e: Exchange, min: number, subdomains: boolean): string | null {
  const value = header(e);
  if (value === undefined) return 'no Strict-Transport-Security header';
  const age = maxAge(value);
  if (age === null) return `Strict-Transport-Security without max-age (${value})`;
  if (age < min) return `max-age=${age} is below ${min}${age < YEAR_SECONDS ? ' (less than a year)' : ''}`;
  if (subdomains && !/(?:^|;)\s*includesubdomains\s*(?:;|$)/i.test(value)) return `no includeSubDomains (${value})`;
  return null;
}
