import { describe, expect, it } from 'vitest';
import { TOTP, Secret } from 'otpauth';
import { TotpCodes, base32Problem, totpCode, type TotpClock } from '../../src/account/totp.js';
import type { TotpConfig } from '../../src/config/types.js';
import { Redactor } from '../../src/evidence.js';
import { fillPlaceholders, usesTotp } from '../../src/target/placeholders.js';
import { flowSteps, stepLabel } from '../../src/target/flows.js';
import { urlIsAt } from '../../src/target/browser-flow.js';
import type { Progress } from '../../src/progress.js';

/** RFC 6238 Appendix B: the SHA1 seed "12345678901234567890" (ASCII), 8 digits. */
const RFC_SECRET = Secret.fromLatin1('12345678901234567890').base32;

function recordingProgress(): Progress & { lines: string[] } {
  const lines: string[] = [];
  return { lines, step: (m) => lines.push(`step: ${m}`), status: (l) => lines.push(`status: ${l}`) };
}

/** A wall clock that only moves when the code under test sleeps. */
function virtualClock(start: number): TotpClock & { slept: number } {
  const clock = { now: () => start + clock.slept, slept: 0, sleep: async (ms: number) => void (clock.slept += ms) };
  return clock;
}

let unique = 0;
/** Each test its own secret: which time steps were spent is remembered per secret for the whole process. */
function freshConfig(periodMs = 30_000): TotpConfig {
  unique++;
  return { secret: Secret.fromLatin1(`sessionprobe-test-${unique}-${Date.now()}`).base32, digits: 6, periodMs, algorithm: 'SHA1' };
}

describe('totpCode', () => {
  it.each([
    [59_000, '94287082'],
    [1_111_111_109_000, '07081804'],
    [2_000_000_000_000, '69279037'],
  ])('matches RFC 6238 Appendix B at %i ms', (timestamp, expected) => {
    expect(totpCode({ secret: RFC_SECRET, digits: 8, periodMs: 30_000, algorithm: 'SHA1' }, timestamp)).toBe(expected);
  });
});

describe('TotpCodes', () => {
  it('hands out the current code first, then waits for the next time step instead of reusing it, and says so', async () => {
    const config = freshConfig();
    const progress = recordingProgress();
    const start = 1_800_000_000_000 + 10_000; // 10 s into a 30 s step
    const clock = virtualClock(start);
    const codes = new TotpCodes(progress, clock);
    const first = await codes.next(config, 'login');
    expect(clock.slept).toBe(0);
    expect(first).toBe(totpCode(config, start));
    const second = await codes.next(config, 'login of device B');
    expect(second).not.toBe(first);
    expect(clock.slept).toBe(20_000);
    expect(TOTP.validate({ token: second, secret: Secret.fromBase32(config.secret), timestamp: start + 20_000, window: 0 })).toBe(0);
    expect(progress.lines[0]).toMatch(/^step: login of device B: the current TOTP code was already used .* waiting 20s for the next one$/);
    expect(progress.lines.filter((l) => l.startsWith('status: waiting for the next TOTP time step'))).toHaveLength(20);
  });

  it('serialises concurrent requests: every device gets a code of its own time step', async () => {
    const config = freshConfig(5_000);
    const clock = virtualClock(1_800_000_000_000);
    const codes = new TotpCodes(recordingProgress(), clock);
    const got = await Promise.all([codes.next(config, 'a'), codes.next(config, 'b'), codes.next(config, 'c')]);
    expect(new Set(got).size).toBe(3);
    expect(clock.slept).toBe(10_000);
  });

  it('remembers spent steps across instances (runs) in one process', async () => {
    const config = freshConfig();
    const clock = virtualClock(1_800_000_000_000);
    await new TotpCodes(recordingProgress(), clock).next(config, 'run 1');
    await new TotpCodes(recordingProgress(), clock).next(config, 'run 2');
    expect(clock.slept).toBe(30_000);
  });
});

describe('base32Problem', () => {
  it('accepts authenticator secrets and names what is wrong otherwise', () => {
    expect(base32Problem('JBSW Y3DP EHPK 3PXP')).toBeUndefined();
    expect(base32Problem('JBSWY3DPEHPK3PXPJBSWY3DP')).toBeUndefined();
    expect(base32Problem('not-base32-at-all!')).toMatch(/base32/);
    expect(base32Problem('JBSWY3DP')).toMatch(/at least 16 characters.*got 8/);
  });
});

describe('{{totp}} and the redactor', () => {
  it('fills {{totp}} from the values, and knows which definitions need a code', () => {
    expect(fillPlaceholders({ code: '{{ totp }}', u: '{{username}}' }, { username: 'alice', password: 'pw', totp: '123456' })).toEqual({ code: '123456', u: 'alice' });
    expect(() => fillPlaceholders('{{totp}}', { username: 'alice', password: 'pw' })).toThrow(/has no totp/);
    expect(usesTotp({ fields: { code: '{{totp}}' } })).toBe(true);
    expect(usesTotp({ fields: { password: '{{password}}' } })).toBe(false);
  });

  it('masks TOTP secrets and codes without fingerprints, in every spelling', () => {
    const r = new Redactor(true);
    r.addOneTimeSecret('JBSWY3DPEHPK3PXP', 'TOTP secret');
    r.addOneTimeSecret('492039', 'TOTP code');
    const out = r.redact('secret=JBSWY3DPEHPK3PXP&code=492039 {"code":"492039"}');
    expect(out).toBe('secret=[masked TOTP secret]&code=[masked TOTP code] {"code":"[masked TOTP code]"}');
  });
});

describe('multi-step flows', () => {
  it('splits a login with then: steps into its steps, each labelled', () => {
    const otp = { kind: 'form' as const, url: '/login/otp', fields: { code: '{{totp}}' } };
    const steps = flowSteps({ kind: 'form', url: '/login', fields: { u: '{{username}}' }, then: [otp] });
    expect(steps).toEqual([{ kind: 'form', url: '/login', fields: { u: '{{username}}' } }, otp]);
    expect(flowSteps({ kind: 'link', url: '/', selector: 'a' })).toHaveLength(1);
    expect(stepLabel('login', 1, 2)).toBe('login: step 2 of 2');
    expect(stepLabel('login', 0, 1)).toBe('login');
  });
});

describe('URL-matched browser steps (on:)', () => {
  const base = 'http://127.0.0.1:3000';
  it.each([
    ['http://127.0.0.1:3000/login?x=1', '/login', true],
    ['http://127.0.0.1:3000/login/otp', '/login', false],
    ['http://localhost:4000/interaction/abc/login', 'localhost:4000/interaction/', true],
    ['http://localhost:4000/interaction/abc', 'http://localhost:4000/interaction', true],
    ['http://localhost:4000/interaction/abc/otp', '*/interaction/*/otp', true],
    ['http://localhost:4000/interaction/abc', '*/interaction/*/otp', false],
    ['http://127.0.0.1:3000/login', 'localhost:4000/', false],
  ])('%s at %s → %s', (url, on, expected) => {
    expect(urlIsAt(new URL(url), on, base)).toBe(expected);
  });
});
