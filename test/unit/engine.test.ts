import { describe, expect, it } from 'vitest';
import { tokenShape } from '../../src/token/shape.js';
import { craftLike } from '../../src/token/craft.js';
import { selectChecks } from '../../src/judge/select.js';
import { evaluateGate, gateFailures } from '../../src/judge/gate.js';
import { findForm, findLink } from '../../src/target/html-forms.js';
import { jsonPath } from '../../src/target/flows.js';
import { fillPlaceholders } from '../../src/target/placeholders.js';
import { CHECKS } from '../../suites/index.js';
import type { CheckResult } from '../../src/model/result.js';

describe('tokenShape', () => {
  it.each([
    ['0123456789abcdef0123456789abcdef', 'none', 'hex', 128],
    ['s%3AAbCdEfGhIjKlMnOpQrStUvWxYz012345.Rk5mYWtlc2lnbmF0dXJlZm9ydGVzdHM', 'express-signed', 'alphanumeric', 190.5],
    ['018f3c1e-7b2a-7c3d-9e4f-0a1b2c3d4e5f', 'uuid', 'hex', 74],
    ['12345678', 'none', 'decimal', 26.6],
  ])('%s → %s %s %d bits', (value, framing, alphabet, bits) => {
    expect(tokenShape(value)).toMatchObject({ framing, alphabet, capacityBits: bits });
  });
});

describe('craftLike', () => {
  it('keeps length, framing and per-position character classes, and never returns the original', () => {
    for (const v of ['deadbeef', 's%3AAbCdEf123.sigSIG_-', 'ABC-123']) {
      const c = craftLike(v);
      expect(c).not.toBe(v);
      expect(c).toHaveLength(v.length);
      for (let i = 0; i < v.length; i++) {
        const cls = (ch: string) => (/\d/.test(ch) ? 'd' : /[a-z]/.test(ch) ? 'l' : /[A-Z]/.test(ch) ? 'u' : ch);
        expect(cls(c[i]!)).toBe(cls(v[i]!));
      }
    }
    expect(craftLike('deadbeef')).toMatch(/^[0-9a-f]{8}$/);
  });
});

describe('selectChecks', () => {
  it('applies include/exclude globs and the CLI narrowing', () => {
    const ids = (sel: Parameters<typeof selectChecks>[1], cli = {}) => selectChecks(CHECKS, sel, cli).map((c) => c.meta.id);
    expect(ids({ include: [], exclude: ['cookie.*'] })).not.toContain('cookie.secure');
    expect(ids({ include: ['logout.*'], exclude: [] })).toEqual(['logout.server-revocation', 'logout.cookie-cleared', 'logout.clear-site-data', 'logout.ui-visible']);
    expect(ids({ include: [], exclude: [] }, { suites: ['cache'] })).toEqual(['cache.no-store', 'cache.history-after-logout']);
    expect(ids({ include: [], exclude: [] }, { checks: ['token.length'] })).toEqual(['token.length']);
  });
});

describe('gateFailures', () => {
  const r = (verdict: CheckResult['verdict'], severity: CheckResult['severity']) => ({ verdict, severity }) as CheckResult;
  it('fails on failures at or above the threshold and on errors, never on inconclusive', () => {
    const at = (failOn: CheckResult['severity']) => ({ failOn, strict: false });
    expect(gateFailures([r('fail', 'low')], at('low'))).toHaveLength(1);
    expect(gateFailures([r('fail', 'info')], at('low'))).toHaveLength(0);
    expect(gateFailures([r('fail', 'medium')], at('high'))).toHaveLength(0);
    expect(gateFailures([r('fail', 'critical')], at('high'))).toHaveLength(1);
    expect(gateFailures([r('error', 'info')], at('critical'))).toHaveLength(1);
    expect(gateFailures([r('inconclusive', 'critical')], at('info'))).toHaveLength(0);
    expect(gateFailures([r('waived', 'critical')], at('info'))).toHaveLength(0);
  });

  it('--strict fails on inconclusive results at or above the threshold', () => {
    const strict = (failOn: CheckResult['severity']) => ({ failOn, strict: true });
    expect(gateFailures([r('inconclusive', 'critical')], strict('info'))).toHaveLength(1);
    expect(gateFailures([r('inconclusive', 'low')], strict('medium'))).toHaveLength(0);
    expect(gateFailures([r('waived', 'high')], strict('low'))).toHaveLength(0);
  });

  it('says which failures a waiver kept out of the gate', () => {
    const waived = { ...r('waived', 'high'), id: 'cookie.secure', waivedVerdict: 'fail' } as CheckResult;
    const waivedInconclusive = { ...r('waived', 'high'), id: 'timeout.absolute', waivedVerdict: 'inconclusive' } as CheckResult;
    const failing = { ...r('fail', 'low'), id: 'cookie.path' } as CheckResult;
    expect(evaluateGate([waived, waivedInconclusive, failing], { failOn: 'medium', strict: false })).toEqual({
      failOn: 'medium',
      strict: false,
      passed: true,
      failing: [],
      waived: ['cookie.secure'],
    });
    expect(evaluateGate([waived, waivedInconclusive, failing], { failOn: 'low', strict: true })).toMatchObject({
      passed: false,
      failing: ['cookie.path'],
      waived: ['cookie.secure', 'timeout.absolute'],
    });
  });
});

describe('form and link discovery', () => {
  const page = `
    <form id="search" action="/search"><input name="q"></form>
    <form class="login" method="post" action="/session?next=%2F">
      <input type="hidden" name="_csrf" value="tok123">
      <input name="email"><input type="password" name="password">
      <input type="checkbox" name="remember" checked><input type="checkbox" name="spam">
      <select name="tz"><option value="utc">UTC</option><option value="cet" selected>CET</option></select>
      <button type="submit" name="go">Sign in</button>
    </form>
    <a class="logout" href="/logout?token=abc">Sign out</a>`;

  it('picks the form that has the configured fields and carries hidden inputs over', () => {
    const form = findForm(page, 'http://127.0.0.1/login', undefined, ['email', 'password']);
    expect(form).toEqual({
      method: 'POST',
      action: 'http://127.0.0.1/session?next=%2F',
      fields: { _csrf: 'tok123', email: '', password: '', remember: 'on', tz: 'cet' },
    });
  });

  it('honours a selector and reports what is missing', () => {
    expect(findForm(page, 'http://127.0.0.1/', '#search', ['q'])).toMatchObject({ method: 'GET', action: 'http://127.0.0.1/search' });
    expect(findForm(page, 'http://127.0.0.1/', undefined, ['username'])).toEqual({ error: 'no form on the page has inputs named username' });
    expect(findLink(page, 'http://127.0.0.1/home', 'a.logout')).toBe('http://127.0.0.1/logout?token=abc');
    expect(findLink(page, 'http://127.0.0.1/home', 'a.nope')).toEqual({ error: 'no element matching a.nope with an href' });
  });
});

describe('flow helpers', () => {
  it('reads tokens by JSON path', () => {
    expect(jsonPath('{"data":{"tokens":[{"access":"t1"}]}}', '$.data.tokens[0].access')).toBe('t1');
    expect(jsonPath('not json', '$.a')).toBeUndefined();
  });

  it('fills placeholders deeply and refuses a missing newPassword', () => {
    const account = { username: 'alice', password: 'pw' };
    expect(fillPlaceholders({ a: ['{{username}}:{{ password }}'] }, account)).toEqual({ a: ['alice:pw'] });
    expect(() => fillPlaceholders('{{newPassword}}', account)).toThrow(/no newPassword/);
  });
});

describe('craftLike framing', () => {
  it('keeps the express-session marker and percent-escapes intact', () => {
    const c = craftLike('s%3AAbCdEf123.sigSIG_-');
    expect(c.startsWith('s%3A')).toBe(true);
    expect(c).not.toBe('s%3AAbCdEf123.sigSIG_-');
  });
});
