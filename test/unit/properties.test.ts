/**
 * Properties of the two parsers every verdict leans on: RFC 6265bis Set-Cookie evaluation and durations.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Redactor } from '../../src/evidence.js';
import { recordSetCookie } from '../../src/drivers/record.js';
import { evaluateSetCookie, prefixViolations } from '../../src/cookies/evaluate.js';
import { formatDuration, parseDuration } from '../../src/config/durations.js';

const URL = 'https://app.example.test/login';
const DATE_MS = Date.UTC(2024, 0, 1);
const DATE = new Date(DATE_MS).toUTCString();

const evaluate = (header: string, receivedAt = DATE_MS) =>
  evaluateSetCookie(recordSetCookie(header, new Redactor()), { requestUrl: URL, responseDate: DATE, receivedAt });

/** Any casing of an attribute name: UAs compare them case-insensitively. */
const anyCase = (word: string) =>
  fc.array(fc.boolean(), { minLength: word.length, maxLength: word.length }).map((up) => [...word].map((c, i) => (up[i] ? c.toUpperCase() : c.toLowerCase())).join(''));

describe('Set-Cookie evaluation (RFC 6265bis §5.6–5.7)', () => {
  it('the last SameSite wins; an unknown last value means Default', () => {
    const value = fc.constantFrom('Strict', 'Lax', 'None', 'strict', 'LAX', 'bogus', '');
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 5 }), anyCase('samesite'), (values, name) => {
        const c = evaluate(`sid=v; Secure; ${values.map((v) => `${name}=${v}`).join('; ')}`);
        const last = values.at(-1)!.toLowerCase();
        const expected = last === 'strict' ? 'Strict' : last === 'lax' ? 'Lax' : last === 'none' ? 'None' : 'Default';
        expect(c.sameSite).toBe(expected);
      }),
    );
  });

  it('attribute names are case-insensitive', () => {
    fc.assert(
      fc.property(anyCase('secure'), anyCase('httponly'), anyCase('path'), (secure, httpOnly, path) => {
        const c = evaluate(`sid=v; ${secure}; ${httpOnly}; ${path}=/x`);
        expect([c.secure, c.httpOnly, c.path]).toEqual([true, true, '/x']);
      }),
    );
  });

  it('Max-Age beats Expires, in either order', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 400 * 86_400 }), fc.integer({ min: -1e6, max: 1e6 }), fc.boolean(), (maxAge, shift, first) => {
        const expires = `Expires=${new Date(DATE_MS + shift * 1000).toUTCString()}`;
        const attrs = first ? `Max-Age=${maxAge}; ${expires}` : `${expires}; Max-Age=${maxAge}`;
        expect(evaluate(`sid=v; ${attrs}`).expiry).toEqual({ kind: 'persistent', lifetimeMs: maxAge * 1000, source: 'max-age' });
      }),
    );
  });

  it('Expires is measured against the response Date, never the local clock', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: -1e9, max: 1e9 }), (seconds, skew) => {
        const c = evaluate(`sid=v; Expires=${new Date(DATE_MS + seconds * 1000).toUTCString()}`, DATE_MS + skew);
        expect(c.expiry).toEqual({ kind: 'persistent', lifetimeMs: seconds * 1000, source: 'expires' });
      }),
    );
  });

  it('a __Host- cookie (prefix in any case) is valid exactly with Secure, Path=/ and no Domain', () => {
    fc.assert(
      fc.property(anyCase('__host-'), fc.boolean(), fc.constantFrom('/', '/app', null), fc.boolean(), (prefix, secure, path, domain) => {
        const header = [`${prefix}sid=v`, secure ? 'Secure' : null, path ? `Path=${path}` : null, domain ? 'Domain=app.example.test' : null]
          .filter(Boolean)
          .join('; ');
        const valid = secure && path === '/' && !domain;
        expect(prefixViolations(evaluate(header)).length === 0).toBe(valid);
      }),
    );
  });
});

describe('durations', () => {
  it('formatDuration reads back through parseDuration', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 400 * 86_400_000 }), (ms) => {
        expect(parseDuration(formatDuration(ms))).toBe(ms);
      }),
    );
  });

  it('a combination of units is their sum', () => {
    const amount = fc.option(fc.integer({ min: 0, max: 1000 }), { nil: undefined });
    fc.assert(
      fc.property(amount, amount, amount, amount, amount, (d, h, m, s, ms) => {
        const parts: Array<[number | undefined, string, number]> = [[d, 'd', 86_400_000], [h, 'h', 3_600_000], [m, 'm', 60_000], [s, 's', 1000], [ms, 'ms', 1]];
        const text = parts.map(([n, u]) => (n === undefined ? '' : `${n}${u}`)).join('');
        fc.pre(text !== '');
        expect(parseDuration(text)).toBe(parts.reduce((t, [n, , k]) => t + (n ?? 0) * k, 0));
      }),
    );
  });

  it('anything else is refused with a message that says what a duration looks like', () => {
    fc.assert(
      fc.property(fc.string().filter((t) => !/^\d/.test(t)), (text) => {
        expect(() => parseDuration(text)).toThrow(/is not a duration/);
      }),
    );
  });
});
