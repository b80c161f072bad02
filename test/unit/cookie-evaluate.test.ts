import { describe, expect, it } from 'vitest';
import { Redactor } from '../../src/evidence.js';
import { recordSetCookie } from '../../src/drivers/record.js';
import { evaluateSetCookie, type EffectiveCookie } from '../../src/cookies/evaluate.js';
import { parseCookieDate } from '../../src/cookies/date.js';
import { defaultPath, domainMatches, pathMatches } from '../../src/cookies/match.js';
import { DATE } from '../fixtures/evidence.js';

const NOW = Date.parse(DATE);
const HOUR = 3600_000;
const DAY = 24 * HOUR;
const http = (ms: number) => new Date(ms).toUTCString();

interface Ctx {
  url?: string;
  /** The response Date; null = no Date header. */
  date?: string | null;
  receivedAt?: number;
}

function evaluate(header: string, ctx: Ctx = {}): EffectiveCookie {
  return evaluateSetCookie(recordSetCookie(header, new Redactor()), {
    requestUrl: ctx.url ?? 'https://app.example.test/login',
    responseDate: ctx.date === null ? undefined : (ctx.date ?? DATE),
    receivedAt: ctx.receivedAt ?? NOW,
  });
}

describe('parseCookieDate (RFC 6265bis §5.1.1)', () => {
  const june9 = Date.UTC(2021, 5, 9, 10, 18, 14);
  it.each<[string, number | null]>([
    ['Wed, 09 Jun 2021 10:18:14 GMT', june9],
    ['Wednesday, 09-Jun-21 10:18:14 GMT', june9],
    ['Wed Jun  9 10:18:14 2021', june9],
    ['2021 june 09 10:18:14', june9],
    ['09 JUN 2021 10:18:14 UTC+02:00', june9],
    ['1 Jan 70 00:00:00', Date.UTC(1970, 0, 1)],
    ['1 Jan 69 00:00:00', Date.UTC(2069, 0, 1)],
    ['Wed, 31 Feb 2021 10:18:14 GMT', null],
    ['Wed, 09 Jun 2021 24:00:00 GMT', null],
    ['Wed, 09 Jun 1600 10:18:14 GMT', null],
    ['Wed, 00 Jun 2021 10:18:14 GMT', null],
    ['Wed, 09 Jun 2021', null],
    ['2021-06-09T10:18:14Z', null],
    ['tomorrow', null],
    ['', null],
  ])('%j → %s', (text, expected) => {
    expect(parseCookieDate(text)).toBe(expected);
  });
});

describe('path and domain matching (RFC 6265bis §5.1.3–5.1.4)', () => {
  it.each<[string, string]>([
    ['https://h.test/', '/'],
    ['https://h.test/login', '/'],
    ['https://h.test/app/login', '/app'],
    ['https://h.test/app/', '/app'],
    ['https://h.test/a/b/c?x=/y/z', '/a/b'],
    ['https://h.test/app/[masked fp=1a2b3c4d len=32]', '/app'],
    ['https://h.test/app/login?sid=[masked fp=1a2b3c4d len=32]', '/app'],
  ])('default-path of %s is %s', (url, expected) => {
    expect(defaultPath(url)).toBe(expected);
  });

  it.each<[string, string, boolean]>([
    ['/app', '/app', true],
    ['/app/x', '/app', true],
    ['/app/x', '/app/', true],
    ['/apple', '/app', false],
    ['/', '/app', false],
    ['/anything', '/', true],
  ])('request path %s, cookie path %s → %s', (request, cookie, expected) => {
    expect(pathMatches(request, cookie)).toBe(expected);
  });

  it.each<[string, string, boolean]>([
    ['app.example.test', 'example.test', true],
    ['example.test', 'example.test', true],
    ['badexample.test', 'example.test', false],
    ['example.test', 'app.example.test', false],
    ['127.0.0.1', '0.0.1', false],
    ['127.0.0.1', '127.0.0.1', true],
  ])('host %s, domain %s → %s', (host, domain, expected) => {
    expect(domainMatches(host, domain)).toBe(expected);
  });
});

interface Row {
  name: string;
  header: string;
  ctx?: Ctx;
  expected: Partial<EffectiveCookie>;
}

const rows: Record<string, Row[]> = {
  'flags and attribute names': [
    { name: 'names are case-insensitive', header: 'sid=abc; SECURE; httponly', expected: { secure: true, httpOnly: true } },
    { name: 'no flags', header: 'sid=abc; Path=/', expected: { secure: false, httpOnly: false } },
    { name: 'a value on Secure is ignored, not a negation', header: 'sid=abc; Secure=false', expected: { secure: true } },
    { name: 'look-alike names are unknown attributes', header: 'sid=abc; Secured; Http-Only', expected: { secure: false, httpOnly: false } },
  ],
  SameSite: [
    { name: 'absent → Default', header: 'sid=abc', expected: { sameSite: 'Default', sameSiteExplicit: false } },
    { name: 'value is case-insensitive', header: 'sid=abc; samesite=lAX', expected: { sameSite: 'Lax', sameSiteExplicit: true } },
    { name: 'the last one wins', header: 'sid=abc; SameSite=Strict; SameSite=None', expected: { sameSite: 'None' } },
    { name: 'an unknown value → Default', header: 'sid=abc; SameSite=Bogus', expected: { sameSite: 'Default', sameSiteExplicit: true } },
    { name: 'a last unknown value overrides an earlier valid one', header: 'sid=abc; SameSite=Lax; SameSite=Bogus', expected: { sameSite: 'Default' } },
    { name: 'an empty value → Default', header: 'sid=abc; SameSite=', expected: { sameSite: 'Default', sameSiteExplicit: true } },
  ],
  Domain: [
    { name: 'no Domain → host-only', header: 'sid=abc', expected: { domain: null } },
    { name: 'Domain=<exact host> is not host-only', header: 'sid=abc; Domain=app.example.test', expected: { domain: 'app.example.test', problems: [] } },
    { name: 'leading dot removed, lower-cased', header: 'sid=abc; Domain=.Example.TEST', expected: { domain: 'example.test' } },
    { name: 'the last one wins', header: 'sid=abc; Domain=app.example.test; domain=example.test', expected: { domain: 'example.test' } },
    { name: 'an empty Domain is ignored', header: 'sid=abc; Domain=example.test; Domain=', expected: { domain: 'example.test' } },
    { name: 'Domain="." leaves the cookie host-only', header: 'sid=abc; Domain=.', expected: { domain: null } },
  ],
  Path: [
    { name: 'no Path: default-path of /login is /', header: 'sid=abc', expected: { path: '/', pathAttribute: null } },
    { name: 'no Path: default-path of /app/login is /app', header: 'sid=abc', ctx: { url: 'https://app.example.test/app/login' }, expected: { path: '/app', pathAttribute: null } },
    { name: 'the last one wins, names case-insensitive', header: 'sid=abc; path=/a; PATH=/b', expected: { path: '/b', pathAttribute: '/b' } },
    { name: 'a last invalid Path gives the default-path, not an earlier valid one', header: 'sid=abc; Path=/a; Path=b', ctx: { url: 'https://app.example.test/app/login' }, expected: { path: '/app', pathAttribute: 'b' } },
    { name: 'an empty Path gives the default-path', header: 'sid=abc; Path=', ctx: { url: 'https://app.example.test/app/login' }, expected: { path: '/app', pathAttribute: '' } },
    { name: 'a masked request path is a normal path', header: 'sid=abc', ctx: { url: 'https://app.example.test/s/[masked fp=1a2b3c4d len=32]' }, expected: { path: '/s' } },
  ],
  expiry: [
    { name: 'neither attribute → session', header: 'sid=abc', expected: { expiry: { kind: 'session' }, deletion: false } },
    { name: 'Max-Age in seconds', header: 'sid=abc; Max-Age=3600', expected: { expiry: { kind: 'persistent', lifetimeMs: HOUR, source: 'max-age' } } },
    { name: 'Max-Age beats a later Expires', header: `sid=abc; Max-Age=60; Expires=${http(NOW + DAY)}`, expected: { expiry: { kind: 'persistent', lifetimeMs: 60_000, source: 'max-age' } } },
    { name: 'Max-Age beats an earlier Expires', header: `sid=abc; Expires=${http(NOW + DAY)}; Max-Age=60`, expected: { expiry: { kind: 'persistent', lifetimeMs: 60_000, source: 'max-age' } } },
    { name: 'the last Max-Age wins', header: 'sid=abc; Max-Age=60; max-age=120', expected: { expiry: { kind: 'persistent', lifetimeMs: 120_000, source: 'max-age' } } },
    { name: 'Max-Age=0 deletes', header: 'sid=abc; Max-Age=0', expected: { expiry: { kind: 'persistent', lifetimeMs: 0, source: 'max-age' }, deletion: true } },
    { name: 'a negative Max-Age deletes', header: 'sid=abc; Max-Age=-1', expected: { expiry: { kind: 'persistent', lifetimeMs: 0, source: 'max-age' }, deletion: true } },
    { name: 'a non-integer Max-Age is ignored', header: 'sid=abc; Max-Age=3600.5', expected: { expiry: { kind: 'session' } } },
    { name: 'a "+" Max-Age is ignored', header: 'sid=abc; Max-Age=+60', expected: { expiry: { kind: 'session' } } },
    { name: 'an ignored Max-Age lets Expires apply', header: `sid=abc; Max-Age=soon; Expires=${http(NOW + HOUR)}`, expected: { expiry: { kind: 'persistent', lifetimeMs: HOUR, source: 'expires' } } },
    { name: 'a lifetime over 400 days is kept as stated', header: `sid=abc; Max-Age=${500 * 86400}`, expected: { expiry: { kind: 'persistent', lifetimeMs: 500 * DAY, source: 'max-age' } } },
    {
      name: 'Expires is measured against a past Date header, not the local clock',
      header: 'sid=abc; Expires=Thu, 02 Jan 2020 00:00:00 GMT',
      ctx: { date: 'Wed, 01 Jan 2020 00:00:00 GMT', receivedAt: NOW },
      expected: { expiry: { kind: 'persistent', lifetimeMs: DAY, source: 'expires' }, deletion: false },
    },
    {
      name: 'an Expires the local clock calls future is past by the server Date',
      header: `sid=abc; Expires=${http(NOW + DAY)}`,
      ctx: { date: http(NOW + 2 * DAY), receivedAt: NOW },
      expected: { expiry: { kind: 'persistent', lifetimeMs: 0, source: 'expires' }, deletion: true },
    },
    { name: 'without a Date header, Expires is measured from receipt', header: `sid=abc; Expires=${http(NOW + HOUR)}`, ctx: { date: null }, expected: { expiry: { kind: 'persistent', lifetimeMs: HOUR, source: 'expires' } } },
    { name: 'an unparsable Date header falls back to receipt', header: `sid=abc; Expires=${http(NOW + HOUR)}`, ctx: { date: 'yesterday' }, expected: { expiry: { kind: 'persistent', lifetimeMs: HOUR, source: 'expires' } } },
    { name: 'an unparsable Expires → session', header: 'sid=abc; Expires=tomorrow', expected: { expiry: { kind: 'session' } } },
    { name: 'Expires=0 is not a date → session', header: 'sid=abc; Expires=0', expected: { expiry: { kind: 'session' } } },
    { name: 'an unparsable last Expires leaves the earlier valid one', header: `sid=abc; Expires=${http(NOW + HOUR)}; Expires=never`, expected: { expiry: { kind: 'persistent', lifetimeMs: HOUR, source: 'expires' } } },
    { name: 'an empty value with a past Expires deletes', header: 'sid=; Expires=Thu, 01 Jan 1970 00:00:00 GMT', expected: { deletion: true } },
    { name: 'an empty value alone is not a deletion', header: 'sid=; Path=/', expected: { deletion: false, expiry: { kind: 'session' } } },
  ],
  duplicates: [
    { name: 'none', header: 'sid=abc; Path=/; Secure', expected: { duplicateAttributes: [] } },
    { name: 'case-insensitive, reported as first sent', header: 'sid=abc; Path=/; path=/x; Secure; SECURE; HttpOnly', expected: { duplicateAttributes: ['Path', 'Secure'] } },
  ],
};

describe('evaluateSetCookie (RFC 6265bis §5.6–5.7)', () => {
  for (const [group, table] of Object.entries(rows)) {
    describe(group, () => {
      it.each(table)('$name', ({ header, ctx, expected }) => {
        expect(evaluate(header, ctx)).toMatchObject(expected);
      });
    });
  }
});

describe('problems: what a browser rejects or ignores (§5.6–5.7)', () => {
  const long = (n: number) => 'x'.repeat(n);
  it.each<[string, string, Ctx, RegExp | null]>([
    ['a clean cookie', 'sid=abc; Secure; HttpOnly; Path=/; SameSite=Lax', {}, null],
    ['__Secure- without Secure', '__Secure-sid=abc', {}, /__Secure- prefix with no Secure attribute/],
    ['prefixes match case-insensitively', '__secure-sid=abc', {}, /__Secure- prefix with no Secure attribute/],
    ['__Secure- with Secure', '__Secure-sid=abc; Secure', {}, null],
    ['__Host- complete', '__Host-sid=abc; Secure; Path=/', {}, null],
    ['__Host- without Secure', '__Host-sid=abc; Path=/', {}, /__Host- prefix with no Secure attribute/],
    ['__Host- with Domain (upper-case prefix)', '__HOST-sid=abc; Secure; Path=/; Domain=app.example.test', {}, /__Host- prefix with Domain=app.example.test/],
    ['__Host- relying on the default-path /', '__Host-sid=abc; Secure', {}, /__Host- prefix with no Path attribute/],
    ['__Host- with another path', '__Host-sid=abc; Secure; Path=/app', {}, /__Host- prefix with Path=\/app instead of \//],
    ['SameSite=None without Secure', 'sid=abc; SameSite=None', {}, /SameSite=None without Secure/],
    ['a Domain the host does not match', 'sid=abc; Domain=other.test', {}, /Domain=other.test does not domain-match the request host app.example.test/],
    ['a partial IP address as Domain', 'sid=abc; Domain=0.0.1', { url: 'http://127.0.0.1:3000/login' }, /does not domain-match the request host 127.0.0.1/],
    ['name and value of exactly 4096 octets', `sid=${long(4093)}`, {}, null],
    ['name and value over 4096 octets', `sid=${long(4094)}`, {}, /4097 octets, over the 4096-octet limit/],
    ['octets, not characters, are counted', `sid=${'é'.repeat(2047)}`, {}, /4097 octets/],
    ['an attribute value over 1024 octets', `sid=abc; Path=/${long(1024)}`, {}, /the Path value is 1025 octets, over the 1024-octet limit: browsers ignore that attribute/],
    ['a control character', 'sid=ab\x01c', {}, /control characters/],
    ['a control character in an attribute', 'sid=abc; Path=/\x7f', {}, /control characters/],
    ['a horizontal tab is allowed', 'sid=abc;\tSecure', {}, null],
    ['a nameless cookie', 'justavalue; Secure', {}, /no cookie name/],
    ['no name and no value', '=; Secure', {}, /no name and no value/],
  ])('%s', (_title, header, ctx, expected) => {
    const { problems } = evaluate(header, ctx);
    if (expected === null) expect(problems).toEqual([]);
    else expect(problems.join('\n')).toMatch(expected);
  });

  it('ignores an oversized attribute as if it was not sent', () => {
    expect(evaluate(`sid=abc; Path=/${long(1024)}`, { url: 'https://app.example.test/app/login' })).toMatchObject({ path: '/app', pathAttribute: null });
    expect(evaluate(`sid=abc; Domain=example.test; Domain=${long(1025)}`)).toMatchObject({ domain: 'example.test' });
  });
});
