import { describe, expect, it } from 'vitest';
import { evaluateWith } from '../fixtures/evaluate.js';
import type { Check, OutcomeVerdict } from '../../src/model/check.js';
import type { CookieSpec, Spec } from '../../src/config/types.js';
import { RECOMMENDED_SPEC } from '../fixtures/spec.js';
import type { SessionArtifact } from '../../src/model/artifacts.js';
import type { Exchange } from '../../src/evidence.js';
import { checks as cookieChecks } from '../../suites/cookie/index.js';
import { BASE_URL, exchange, observation, sessionArtifact } from '../fixtures/evidence.js';
import { testCheckTable, type CheckRow } from '../fixtures/check-tester.js';

/** Long enough to be masked by the recorder; must never show up in an outcome. */
const V = 'S3cr3tSessionValue0123456789';
const HOUR = 3600;
const DAY = 24 * HOUR;

/** The recommended spec, with no lifetime rule unless a row sets one. */
function spec(cookie: Partial<CookieSpec> = {}): Spec {
  return { ...RECOMMENDED_SPEC, cookie: { ...RECOMMENDED_SPEC.cookie, maxAge: null, ...cookie } };
}

interface Row extends CheckRow {
  /** Set-Cookie headers of the login response (exchange 1, POST /login). */
  cookies?: string[];
  /** The whole evidence, instead of `cookies`. */
  exchanges?: Exchange[];
  /** Session cookie names (default: sid); [] makes a bearer session. */
  names?: string[];
  /** Overrides of the session artifact. */
  session?: Partial<SessionArtifact>;
  cookie?: Partial<CookieSpec>;
}

function run(check: Check, row: Row) {
  const evidence = row.exchanges ?? [login(row.cookies ?? [])];
  const artifacts = { session: sessionArtifact({ sessionCookies: row.names ?? ['sid'], issuing: [1], ...row.session }) };
  return evaluateWith(check, { evidence, artifacts }, spec(row.cookie));
}

function login(cookies: string[], url = `${BASE_URL}/login`): Exchange {
  return exchange({ id: 1, method: 'POST', url, status: 302, setCookies: cookies });
}

/** Rows every session-cookie check shares: the preconditions before any judgement. */
function preconditions(good: string): Row[] {
  return [
    { name: 'no Set-Cookie issues the session cookie', verdict: 'inconclusive', observed: /no Set-Cookie issuing sid was recorded/, cookies: [`csrf=${V}; Secure`] },
    {
      name: 'the only Set-Cookie of the session cookie deletes it',
      verdict: 'inconclusive',
      observed: /no Set-Cookie issuing sid/,
      cookies: ['sid=; Max-Age=0; Path=/'],
    },
    {
      name: 'the positive control failed',
      verdict: 'inconclusive',
      observed: /was not logged in/,
      cookies: [good],
      session: { oracle: { method: 'expect', description: 'x', anonymous: observation('no'), authenticated: observation('unknown', 2) } },
    },
    { name: 'a bearer-token session', verdict: 'skipped', observed: /bearer token; no session cookie to judge/, cookies: [good], names: [] },
  ];
}

const GOOD = `sid=${V}; Path=/; Secure; HttpOnly; SameSite=Lax`;

const rows: Record<string, Row[]> = {
  'cookie.secure': [
    { name: 'Secure on the issuance', verdict: 'pass', observed: /^Secure on every Set-Cookie issuing sid \(1 Set-Cookie header\)$/, cookies: [GOOD] },
    { name: 'attribute name is case-insensitive', verdict: 'pass', observed: /^Secure on every Set-Cookie issuing sid/, cookies: [`sid=${V}; secure`] },
    { name: 'no Secure', verdict: 'fail', observed: /sid has no Secure attribute \(in 1 of 1 Set-Cookie header\)/, cookies: [`sid=${V}; HttpOnly`] },
    {
      name: 'a renewal without Secure',
      verdict: 'fail',
      observed: /sid has no Secure attribute \(in 1 of 2/,
      exchanges: [login([GOOD]), exchange({ id: 7, url: `${BASE_URL}/account`, step: 'oracle', setCookies: [`sid=${V}x; Path=/; HttpOnly`] })],
    },
    {
      name: 'a logout deletion without Secure is not judged here',
      verdict: 'pass',
      observed: /^Secure on every Set-Cookie issuing sid/,
      exchanges: [login([GOOD]), exchange({ id: 9, url: `${BASE_URL}/logout`, step: 'logout', setCookies: ['sid=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT'] })],
    },
    { name: 'other cookies are not judged', verdict: 'pass', observed: /^Secure on every Set-Cookie issuing sid/, cookies: [GOOD, 'theme=dark'] },
    ...preconditions(GOOD),
    { name: 'the spec does not require Secure', verdict: 'skipped', observed: /spec states no requirement/, cookies: [GOOD], cookie: { secure: false } },
  ],
  'cookie.httponly': [
    { name: 'HttpOnly on the issuance', verdict: 'pass', observed: /^HttpOnly on every Set-Cookie issuing sid/, cookies: [GOOD] },
    { name: 'no HttpOnly', verdict: 'fail', observed: /sid has no HttpOnly attribute/, cookies: [`sid=${V}; Secure; Http-Only`] },
    ...preconditions(GOOD),
    { name: 'the spec does not require HttpOnly', verdict: 'skipped', observed: /spec states no requirement/, cookies: [GOOD], cookie: { httpOnly: false } },
  ],
  'cookie.samesite': [
    { name: 'Lax', verdict: 'pass', observed: /^SameSite=Lax on every Set-Cookie issuing sid/, cookies: [GOOD] },
    { name: 'value is case-insensitive', verdict: 'pass', observed: /^SameSite=Strict on/, cookies: [`sid=${V}; SameSite=strict`] },
    { name: 'the last SameSite wins', verdict: 'pass', observed: /SameSite=Lax/, cookies: [`sid=${V}; SameSite=None; SameSite=Lax`] },
    { name: 'no SameSite', verdict: 'fail', observed: /sid has no SameSite attribute/, cookies: [`sid=${V}; Secure`] },
    { name: 'an unknown value', verdict: 'fail', observed: /SameSite=Bogus, a value browsers do not recognize \(treated as Default\)/, cookies: [`sid=${V}; SameSite=Bogus`] },
    { name: 'a later None overrides Lax', verdict: 'fail', observed: /SameSite=None, not Strict or Lax/, cookies: [`sid=${V}; Secure; SameSite=Lax; SameSite=None`] },
    { name: 'None allowed by the spec, without Secure', verdict: 'fail', observed: /SameSite=None without Secure/, cookies: [`sid=${V}; SameSite=None`], cookie: { sameSite: ['None'] } },
    { name: 'None allowed by the spec, with Secure', verdict: 'pass', observed: /SameSite=None/, cookies: [`sid=${V}; Secure; SameSite=None`], cookie: { sameSite: ['None'] } },
    ...preconditions(GOOD),
    { name: 'the spec accepts any SameSite', verdict: 'skipped', observed: /spec states no requirement/, cookies: [GOOD], cookie: { sameSite: [] } },
  ],
  'cookie.prefix-host': [
    { name: '__Host- with Secure and Path=/', verdict: 'pass', observed: /the __Host- prefix with Secure, Path=\/ and no Domain on every Set-Cookie issuing __Host-sid/, cookies: [`__Host-sid=${V}; Secure; Path=/`], names: ['__Host-sid'], cookie: { prefix: '__Host-' } },
    { name: 'no prefix', verdict: 'fail', observed: /sid does not start with __Host-/, cookies: [GOOD], cookie: { prefix: '__Host-' } },
    { name: 'the __Secure- prefix is not enough', verdict: 'fail', observed: /does not start with __Host-/, cookies: [`__Secure-sid=${V}; Secure`], names: ['__Secure-sid'], cookie: { prefix: '__Host-' } },
    {
      name: '__Host- with a Domain',
      verdict: 'fail',
      observed: /__Host-sid: the __Host- prefix with Domain=app.example.test/,
      cookies: [`__Host-sid=${V}; Secure; Path=/; Domain=app.example.test`],
      names: ['__Host-sid'],
      cookie: { prefix: '__Host-' },
    },
    { name: '__Host- without a Path attribute', verdict: 'fail', observed: /no Path attribute/, cookies: [`__Host-sid=${V}; Secure`], names: ['__Host-sid'], cookie: { prefix: '__Host-' } },
    ...preconditions(GOOD).map((r) => ({ ...r, cookie: { prefix: '__Host-' as const } })),
    { name: 'the spec requires no prefix', verdict: 'skipped', observed: /does not require the __Host- prefix/, cookies: [GOOD] },
    { name: 'the spec requires only __Secure-', verdict: 'skipped', observed: /does not require the __Host- prefix/, cookies: [GOOD], cookie: { prefix: '__Secure-' } },
  ],
  'cookie.prefix-secure': [
    { name: '__Secure- with Secure', verdict: 'pass', observed: /the __Secure- prefix with the attributes it requires on every Set-Cookie issuing __Secure-sid/, cookies: [`__Secure-sid=${V}; Secure`], names: ['__Secure-sid'], cookie: { prefix: '__Secure-' } },
    { name: '__Host- satisfies it too', verdict: 'pass', observed: /^the __Host- prefix with the attributes it requires on every Set-Cookie issuing __Host-sid/, cookies: [`__Host-sid=${V}; Secure; Path=/`], names: ['__Host-sid'], cookie: { prefix: '__Secure-' } },
    { name: 'no prefix', verdict: 'fail', observed: /sid has neither the __Secure- nor the __Host- prefix/, cookies: [GOOD], cookie: { prefix: '__Secure-' } },
    {
      name: '__Secure- without Secure is dropped by browsers',
      verdict: 'fail',
      observed: /__Secure-sid: the __Secure- prefix with no Secure attribute: browsers ignore the cookie/,
      cookies: [`__Secure-sid=${V}; HttpOnly`],
      names: ['__Secure-sid'],
      cookie: { prefix: '__Secure-' },
    },
    ...preconditions(GOOD).map((r) => ({ ...r, cookie: { prefix: '__Secure-' as const } })),
    { name: 'the spec requires no prefix', verdict: 'skipped', observed: /does not require a cookie-name prefix/, cookies: [GOOD] },
  ],
  'cookie.prefix-valid': [
    { name: 'a valid __Host- cookie next to a plain one', verdict: 'pass', observed: /every prefixed cookie \(__Host-x; 1 Set-Cookie header\) satisfies its prefix/, cookies: [`__Host-x=${V}; Secure; Path=/`, 'plain=1'] },
    { name: 'no prefixed cookie', verdict: 'pass', observed: /no cookie uses a __Host- or __Secure- prefix \(2 Set-Cookie headers seen\)/, cookies: [GOOD, 'plain=1'] },
    { name: 'a lower-case prefix on a non-session cookie', verdict: 'fail', observed: /__secure-pref: the __Secure- prefix with no Secure attribute/, cookies: [GOOD, '__secure-pref=1'] },
    {
      name: 'a clearing Set-Cookie that browsers drop',
      verdict: 'fail',
      observed: /__Host-sid: the __Host- prefix with no Secure attribute/,
      exchanges: [login([`__Host-sid=${V}; Secure; Path=/`]), exchange({ id: 9, url: `${BASE_URL}/logout`, setCookies: ['__Host-sid=; Max-Age=0; Path=/'] })],
      names: ['__Host-sid'],
    },
    { name: 'judged on a bearer-token session too', verdict: 'pass', observed: /satisfies its prefix/, cookies: [`__Secure-pref=1; Secure`], names: [] },
    { name: 'the target set no cookie', verdict: 'skipped', observed: /the target set no cookie/, cookies: [] },
  ],
  'cookie.host-only': [
    { name: 'no Domain', verdict: 'pass', observed: /^host-only on every Set-Cookie issuing sid/, cookies: [GOOD] },
    { name: 'a parent Domain', verdict: 'fail', observed: /sid has Domain=example.test, so every host under example.test receives it/, cookies: [`${GOOD}; Domain=example.test`] },
    { name: 'Domain=<exact host> is not host-only', verdict: 'fail', observed: /naming the host itself still sends the cookie to every subdomain of app.example.test/, cookies: [`${GOOD}; Domain=.APP.example.test`] },
    { name: 'an allowed Domain', verdict: 'pass', observed: /Domain=example.test/, cookies: [`${GOOD}; Domain=example.test`], cookie: { hostOnly: false, allowedDomains: ['.Example.test'] } },
    { name: 'a Domain outside the allow-list', verdict: 'fail', observed: /sid has Domain=other.test/, cookies: [`${GOOD}; Domain=other.test`], cookie: { hostOnly: false, allowedDomains: ['example.test'] } },
    ...preconditions(GOOD),
    { name: 'any Domain allowed', verdict: 'skipped', observed: /spec states no requirement/, cookies: [GOOD], cookie: { hostOnly: false, allowedDomains: [] } },
  ],
  'cookie.path': [
    { name: 'Path=/', verdict: 'pass', observed: /^path \/ on every Set-Cookie issuing sid \(1 Set-Cookie header\), covering the authenticated page \/account$/, cookies: [GOOD] },
    { name: 'no Path, set by POST /login: default-path /', verdict: 'pass', observed: /\/ \(no Path attribute: the default-path of POST \/login\)/, cookies: [`sid=${V}; Secure`] },
    {
      name: 'no Path, set by POST /app/login: default-path /app',
      verdict: 'fail',
      observed: /sid has path \/app \(no Path attribute: the default-path of POST \/app\/login\): not \/ and it is not sent to the authenticated page \/account/,
      exchanges: [login([`sid=${V}; Secure`], `${BASE_URL}/app/login`)],
    },
    { name: 'a narrower Path that still covers the oracle', verdict: 'fail', observed: /sid has path \/account: not \/ \(in 1 of 1/, cookies: [`sid=${V}; Path=/account`] },
    { name: 'an invalid Path', verdict: 'fail', observed: /Path=app is invalid: the default-path of POST \/app\/login/, exchanges: [login([`sid=${V}; Path=app`], `${BASE_URL}/app/login`)] },
    {
      name: 'the required path /app, covering the oracle /app/home',
      verdict: 'pass',
      observed: /^path \/app on every .*, covering the authenticated page \/app\/home$/,
      cookies: [`sid=${V}; Path=/app`],
      session: { oracleUrl: `${BASE_URL}/app/home` },
      cookie: { path: '/app' },
    },
    ...preconditions(GOOD),
    { name: 'no path required', verdict: 'skipped', observed: /spec states no requirement/, cookies: [GOOD], cookie: { path: null } },
  ],
  'cookie.max-age': [
    { name: 'session rule: a session cookie', verdict: 'pass', observed: /^non-persistent \(no Max-Age, no valid Expires\) on every Set-Cookie issuing sid/, cookies: [GOOD], cookie: { maxAge: { kind: 'session' } }, measured: { lifetimeSeconds: null } },
    { name: 'session rule: an unparsable Expires is ignored', verdict: 'pass', observed: /non-persistent/, cookies: [`${GOOD}; Expires=soon`], cookie: { maxAge: { kind: 'session' } } },
    { name: 'session rule: Max-Age', verdict: 'fail', observed: /sid lives 1 h \(Max-Age\): it is persistent/, cookies: [`${GOOD}; Max-Age=3600`], cookie: { maxAge: { kind: 'session' } }, measured: { lifetimeSeconds: HOUR } },
    { name: 'max rule: a session cookie', verdict: 'pass', observed: /non-persistent/, cookies: [GOOD], cookie: { maxAge: { kind: 'max', maxMs: 8 * HOUR * 1000 } } },
    { name: 'max rule: within the limit', verdict: 'pass', observed: /^a lifetime of at most 1 h on every Set-Cookie issuing sid/, cookies: [`${GOOD}; Max-Age=3600`], cookie: { maxAge: { kind: 'max', maxMs: 8 * HOUR * 1000 } }, measured: { lifetimeSeconds: HOUR, maxSeconds: 8 * HOUR } },
    { name: 'max rule: over the limit', verdict: 'fail', observed: /sid lives 1 day \(Max-Age\), over the 8 h limit/, cookies: [`${GOOD}; Max-Age=86400`], cookie: { maxAge: { kind: 'max', maxMs: 8 * HOUR * 1000 } } },
    {
      name: 'Expires measured against a past Date header, not the local clock',
      verdict: 'pass',
      observed: /at most 2 h/,
      exchanges: [exchange({ id: 1, setCookies: [`${GOOD}; Expires=Wed, 01 Jan 2020 02:00:00 GMT`], date: 'Wed, 01 Jan 2020 00:00:00 GMT' })],
      cookie: { maxAge: { kind: 'max', maxMs: 8 * HOUR * 1000 } },
      measured: { lifetimeSeconds: 2 * HOUR },
    },
    {
      name: 'Expires without a Date header',
      verdict: 'fail',
      observed: /sid lives 10 h \(Expires, measured from the time of receipt \(no Date header\)\), over the 8 h limit/,
      exchanges: [exchange({ id: 1, setCookies: [`${GOOD}; Expires=Mon, 01 Jan 2024 10:00:00 GMT`], date: null })],
      cookie: { maxAge: { kind: 'max', maxMs: 8 * HOUR * 1000 } },
    },
    {
      name: 'Max-Age beats a short Expires',
      verdict: 'fail',
      observed: /sid lives 2 days \(Max-Age\)/,
      cookies: [`${GOOD}; Max-Age=${2 * DAY}; Expires=Mon, 01 Jan 2024 01:00:00 GMT`],
      cookie: { maxAge: { kind: 'max', maxMs: 8 * HOUR * 1000 } },
    },
    {
      name: 'never over 400 days, whatever the spec allows',
      verdict: 'fail',
      observed: /sid lives 401 days \(Max-Age\), over the 400 days browsers cap cookies at/,
      cookies: [`${GOOD}; Max-Age=${401 * DAY}`],
      cookie: { maxAge: { kind: 'max', maxMs: 1000 * DAY * 1000 } },
      measured: { lifetimeSeconds: 401 * DAY },
    },
    ...preconditions(GOOD).map((r) => ({ ...r, cookie: { maxAge: { kind: 'session' as const } } })),
    { name: 'no lifetime rule', verdict: 'skipped', observed: /spec states no requirement/, cookies: [GOOD] },
  ],
  'cookie.size': [
    { name: 'small cookies', verdict: 'pass', observed: /every cookie is within the limits \(2 Set-Cookie headers; largest name and value: 31 octets\)/, cookies: [GOOD, 'a=b'], measured: { largestNameValueOctets: 31 } },
    { name: 'a cookie over 4096 octets', verdict: 'fail', observed: /big: name and value are 5003 octets, over the 4096-octet limit/, cookies: [GOOD, `big=${'x'.repeat(5000)}`] },
    { name: 'an attribute value over 1024 octets', verdict: 'fail', observed: /sid: the Path value is 1101 octets/, cookies: [`sid=${V}; Path=/${'p'.repeat(1100)}`], measured: { largestAttributeValueOctets: 1101 } },
    { name: 'the target set no cookie', verdict: 'skipped', observed: /the target set no cookie/, cookies: [] },
  ],
  'cookie.well-formed': [
    { name: 'clean headers', verdict: 'pass', observed: /every Set-Cookie is well-formed \(2 Set-Cookie headers\)/, cookies: [GOOD, 'theme=dark'] },
    {
      name: 'the same name in two responses is fine',
      verdict: 'pass',
      observed: /well-formed/,
      exchanges: [login([GOOD]), exchange({ id: 2, setCookies: [GOOD] })],
    },
    { name: 'a repeated attribute', verdict: 'fail', observed: /sid repeats the Path attribute/, cookies: [`sid=${V}; Path=/; path=/x`] },
    { name: 'the same name twice in one response', verdict: 'fail', observed: /sid is set more than once in one response \(in 1 of 2/, cookies: [`sid=${V}; Path=/`, `sid=${V}x; Path=/app`] },
    { name: 'a nameless cookie', verdict: 'fail', observed: /\(nameless cookie\): no cookie name/, cookies: [GOOD, 'justavalue123; Secure'] },
    { name: 'a control character', verdict: 'fail', observed: /sid: control characters in the header/, cookies: [`sid=${V}\x01; Secure`] },
    { name: 'the target set no cookie', verdict: 'skipped', observed: /the target set no cookie/, cookies: [] },
  ],
  'cookie.name-fingerprint': [
    { name: 'a neutral name', verdict: 'pass', observed: /^sid is not a known framework default name$/, cookies: [GOOD] },
    { name: 'PHPSESSID', verdict: 'fail', observed: /PHPSESSID is the default session cookie name of PHP/, cookies: [`PHPSESSID=${V}`], names: ['PHPSESSID'] },
    { name: 'case-insensitive', verdict: 'fail', observed: /of Java servlet containers/, cookies: [`jsessionid=${V}`], names: ['jsessionid'] },
    { name: 'behind a prefix', verdict: 'fail', observed: /__Host-connect.sid is the default session cookie name of Express/, cookies: [`__Host-connect.sid=${V}; Secure; Path=/`], names: ['__Host-connect.sid'] },
    { name: 'classic ASP', verdict: 'fail', observed: /classic ASP/, cookies: [`ASPSESSIONIDQQGGGNCG=${V}`], names: ['ASPSESSIONIDQQGGGNCG'] },
    { name: '<app>_session', verdict: 'fail', observed: /myapp_session is the default session cookie name of Laravel or Rails/, cookies: [`myapp_session=${V}`], names: ['myapp_session'] },
    { name: 'koa:sess', verdict: 'fail', observed: /Koa/, cookies: [`koa:sess=${V}`], names: ['koa:sess'] },
    ...preconditions(GOOD),
  ],
};

/** Verdicts each check can reach; every one needs at least one row. */
const REACHABLE: Record<string, OutcomeVerdict[]> = {
  'cookie.prefix-valid': ['pass', 'fail', 'skipped'],
  'cookie.size': ['pass', 'fail', 'skipped'],
  'cookie.well-formed': ['pass', 'fail', 'skipped'],
};

testCheckTable('cookie checks', {
  checks: cookieChecks,
  rows,
  judge: run,
  citable: (row) => row.exchanges ?? [login(row.cookies ?? [])],
  // Secrets are masked at recording; nothing a check writes may bring them back.
  secrets: [V],
  reachable: REACHABLE,
  defaultReachable: ['pass', 'fail', 'inconclusive', 'skipped'],
  alsoAssert: (result, row) => {
    // One finding per (cookie, defect): the message names the defect, the sample shows the header.
    if (row.verdict === 'fail') {
      for (const f of result.findings) {
        expect(f.sample).toMatch(/^Set-Cookie: /);
        expect(f.message).not.toContain('Set-Cookie: ');
      }
    }
  },
});

describe('cookie checks', () => {
  it.each(cookieChecks.map((c) => [c.meta.id, c] as const))('%s has catalogue metadata', (id, { meta }) => {
    expect(meta.suite).toBe('cookie');
    expect(meta.requires).toEqual(['session']);
    expect(meta.refs.length).toBeGreaterThan(0);
    expect(id.startsWith('cookie.')).toBe(true);
    for (const text of [meta.title, meta.failureTitle, ...meta.refs]) expect(text).not.toContain('|');
  });

  it('lists each distinct violation once, with every exchange that sent it', () => {
    const check = cookieChecks.find((c) => c.meta.id === 'cookie.secure')!;
    const evidence = [login([`sid=${V}; Path=/`]), exchange({ id: 4, setCookies: [`sid=${V}; Path=/`] }), exchange({ id: 5, setCookies: [GOOD] })];
    const result = evaluateWith(check, { evidence, artifacts: { session: sessionArtifact({ issuing: [1] }) } }, spec());
    expect(result.observed).toBe('sid has no Secure attribute (in 2 of 3 Set-Cookie headers)');
    expect(result.findings).toEqual([
      { message: 'sid has no Secure attribute', exchanges: [1, 4], cookie: 'sid', sample: expect.stringMatching(/^Set-Cookie: sid=\[masked fp=[0-9a-f]{8} len=28\]; Path=\/$/) },
    ]);
  });

  it('names the Set-Cookie exchanges a pass rests on', () => {
    const check = cookieChecks.find((c) => c.meta.id === 'cookie.secure')!;
    const evidence = [login([GOOD]), exchange({ id: 4, setCookies: [GOOD] })];
    const result = evaluateWith(check, { evidence, artifacts: { session: sessionArtifact({ issuing: [1] }) } }, spec());
    expect(result.verdict).toBe('pass');
    expect(result.evidence).toEqual([1, 4]);
  });

  it('groups one defect of one cookie into one finding, however many sessions and headers repeat it', () => {
    const check = cookieChecks.find((c) => c.meta.id === 'cookie.secure')!;
    const other = 'b'.repeat(28);
    // Two headers in one response and two more in later ones, each carrying a different session ID.
    const evidence = [
      login([`sid=${V}; Path=/`, `sid=${other}; Path=/`]),
      exchange({ id: 4, setCookies: [`sid=${other}; Path=/`] }),
      exchange({ id: 6, setCookies: [`sid=${V}; Path=/`] }),
    ];
    const result = evaluateWith(check, { evidence, artifacts: { session: sessionArtifact({ issuing: [1] }) } }, spec());
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({ message: 'sid has no Secure attribute', cookie: 'sid', exchanges: [1, 4, 6], occurrences: 4 });
  });
});
