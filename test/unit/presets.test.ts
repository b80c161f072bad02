/**
 * Every standard preset against CHECKS.md's Presets table, row by row, and the two things a preset says
 * beyond numbers: which values are sessionprobe's own defaults, and (NIST) which checks weigh one
 * severity step less because the standard only says SHOULD.
 */
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../src/config/presets.js';
import { buildSpec, SPEC_FIELD_PATHS } from '../../src/config/spec.js';
import { SPEC_FIELDS } from '../../src/config/spec-fields.js';
import type { Spec } from '../../src/config/types.js';
import { CHECKS } from '../../suites/index.js';
import { adjustSeverity } from '../../src/judge/severity.js';
import type { CheckResult } from '../../src/model/result.js';

const MIN = 60_000;
const H = 60 * MIN;
const D = 24 * H;
const SL = ['Strict', 'Lax'];
const RO = 'revoke-others';

/** Columns in the order of the CHECKS.md table: ASVS 4.0.3 L1/L2/L3, ASVS 5.0 L1/L2/L3, NIST AAL1/2/3. */
const PRESET_COLUMNS = [
  'owasp-asvs4-l1', 'owasp-asvs4-l2', 'owasp-asvs4-l3',
  'owasp-asvs-l1', 'owasp-asvs-l2', 'owasp-asvs-l3',
  'nist-aal1', 'nist-aal2', 'nist-aal3',
] as const;

/** One row per CHECKS.md Presets row (the ones a spec setting carries), one value per column. */
const TABLE: Array<[row: string, read: (s: Spec) => unknown, values: unknown[]]> = [
  ['idle timeout', (s) => s.timeouts.idleMs, [null, 30 * MIN, 15 * MIN, null, 30 * MIN, 15 * MIN, null, H, 15 * MIN]],
  ['absolute timeout', (s) => s.timeouts.absoluteMs, [30 * D, 12 * H, 12 * H, null, 12 * H, 12 * H, 30 * D, 24 * H, 12 * H]],
  ['sliding (activity resets idle)', (s) => s.timeouts.sliding, [null, null, null, null, null, null, null, true, true]],
  ['min session-ID entropy', (s) => s.token.minEntropyBits, [64, 64, 64, 128, 128, 128, 64, 64, 64]],
  ['Secure', (s) => s.cookie.secure, [true, true, true, true, true, true, true, true, true]],
  ['name prefix', (s) => s.cookie.prefix, ['__Host-', '__Host-', '__Host-', '__Secure-', '__Host-', '__Host-', '__Host-', '__Host-', '__Host-']],
  ['HttpOnly', (s) => s.cookie.httpOnly, [true, true, true, false, true, true, true, true, true]],
  ['SameSite', (s) => s.cookie.sameSite, [SL, SL, SL, [], SL, SL, SL, SL, SL]],
  ['Domain (host-only)', (s) => s.cookie.hostOnly, [true, true, true, false, true, true, true, true, true]],
  ['Path', (s) => s.cookie.path, ['/', '/', '/', null, '/', '/', '/', '/', '/']],
  ['cookie persistence / Max-Age', (s) => s.cookie.maxAge, [null, null, null, null, null, null, ...Array(3).fill({ kind: 'session' })]],
  ['rotate ID on login', (s) => s.invalidation.rotateOnLogin, Array(9).fill(true)],
  ['logout/expiry invalidates server-side', (s) => s.invalidation.logout, Array(9).fill(true)],
  ['revoke other sessions after password change', (s) => s.invalidation.passwordChange, [null, RO, RO, null, RO, RO, null, null, null]],
  ['view & sign out other sessions', (s) => s.invalidation.signOutEverywhere, [false, true, true, false, true, true, false, false, false]],
  ['Cache-Control: no-store', (s) => s.cache.noStore, [true, true, true, false, true, true, false, false, false]],
  ['concurrent-session limit', (s) => s.concurrency.maxSessions, Array(9).fill(null)],
  ['JWT: signature, alg allow-list', (s) => s.jwt.algorithms.length > 0, [false, true, true, true, true, true, false, false, false]],
];

describe('standard presets against the CHECKS.md Presets table', () => {
  it.each(TABLE)('%s', (_row, read, values) => {
    const actual = PRESET_COLUMNS.map((name) => read(buildSpec({ preset: name })));
    expect(Object.fromEntries(PRESET_COLUMNS.map((n, i) => [n, actual[i]]))).toEqual(Object.fromEntries(PRESET_COLUMNS.map((n, i) => [n, values[i]])));
  });

  it('never allows alg none', () => {
    for (const preset of Object.values(PRESETS)) expect(preset.spec.jwt.algorithms.map((a) => a.toLowerCase())).not.toContain('none');
  });
});

describe('sessionprobe defaults are labelled', () => {
  it('marks the ASVS 5.0 "documented value" timeouts as tool defaults at L2 and L3, and nothing invented at L1', () => {
    expect(buildSpec({ preset: 'owasp-asvs-l2' }).toolDefaults).toEqual(expect.arrayContaining(['timeouts.idle', 'timeouts.absolute', 'jwt.maxLifetime']));
    expect(buildSpec({ preset: 'owasp-asvs-l3' }).toolDefaults).toEqual(expect.arrayContaining(['timeouts.idle', 'timeouts.absolute']));
    expect(buildSpec({ preset: 'owasp-asvs-l1' }).toolDefaults).toEqual([]);
  });

  it('does not mark ASVS 4.0.3 timeouts (exact numbers) or NIST values as tool defaults', () => {
    expect(buildSpec({ preset: 'owasp-asvs4-l2' }).toolDefaults).not.toContain('timeouts.idle');
    expect(buildSpec({ preset: 'nist-aal2' }).toolDefaults).toEqual([]);
  });

  it('drops the label once the user states the value', () => {
    const spec = buildSpec({ preset: 'owasp-asvs-l2', timeouts: { idle: '10m' } });
    expect(spec.toolDefaults).not.toContain('timeouts.idle');
    expect(spec.overrides).toEqual(['timeouts.idle']);
  });
});

describe('NIST SHOULD-level checks are one severity step lower', () => {
  const lowered = (name: string) =>
    buildSpec({ preset: name })
      .severityAdjustments.filter((a) => a.direction === 'lower')
      .map((a) => a.check)
      .sort();
  const COOKIE_SHOULDS = ['cookie.httponly', 'cookie.max-age', 'cookie.prefix-host', 'cookie.prefix-secure', 'cookie.samesite'];

  it('lowers the cookie SHOULDs and the SHOULD timeouts of each level (AAL3 absolute is a SHALL)', () => {
    expect(lowered('nist-aal1')).toEqual([...COOKIE_SHOULDS, 'timeout.absolute'].sort());
    expect(lowered('nist-aal2')).toEqual([...COOKIE_SHOULDS, 'timeout.absolute', 'timeout.idle'].sort());
    expect(lowered('nist-aal3')).toEqual([...COOKIE_SHOULDS, 'timeout.idle'].sort());
    for (const a of buildSpec({ preset: 'nist-aal2' }).severityAdjustments.filter((a) => a.direction === 'lower')) {
      expect(a.reason).toMatch(/^NIST SP 800-63B-4 §[\d.()]+.* is a SHOULD/);
    }
  });

  it('raises token.web-storage to medium under every NIST preset and nowhere else (CHECKS.md)', () => {
    for (const name of PRESET_COLUMNS) {
      const raised = buildSpec({ preset: name }).severityAdjustments.filter((a) => a.direction === 'raise');
      if (name.startsWith('nist')) expect(raised, name).toEqual([{ check: 'token.web-storage', direction: 'raise', reason: expect.stringMatching(/SP 800-63B-4 §5\.1/) }]);
      else expect(raised, name).toEqual([]);
    }
    const result = adjustSeverity({ id: 'token.web-storage', severity: 'low' } as CheckResult, buildSpec({ preset: 'nist-aal2' }).severityAdjustments);
    expect(result.severity).toBe('medium');
    expect(result.severityAdjustment?.from).toBe('low');
  });

  it('never lowers a SHALL (Secure, host-only, Path, entropy, rotation, revocation, sliding)', () => {
    const all = lowered('nist-aal2');
    for (const id of ['cookie.secure', 'cookie.host-only', 'cookie.path', 'token.length', 'fixation.rotate-on-login', 'logout.server-revocation', 'timeout.sliding']) {
      expect(all).not.toContain(id);
    }
  });

  it('adjusts nothing for the ASVS presets and recommended', () => {
    for (const name of ['recommended', ...PRESET_COLUMNS.filter((n) => !n.startsWith('nist'))]) expect(lowered(name)).toEqual([]);
  });

  it('keeps the catalogue severity for a setting the user overrides', () => {
    const spec = buildSpec({ preset: 'nist-aal2', cookie: { httpOnly: true } });
    expect(spec.severityAdjustments.map((a) => a.check)).not.toContain('cookie.httponly');
  });
});

describe('the spec-field catalogue', () => {
  const catalogue = new Set(CHECKS.map((c) => c.meta.id));

  it('names only checks that exist', () => {
    for (const field of SPEC_FIELD_PATHS) {
      for (const id of SPEC_FIELDS[field].checks) expect(catalogue.has(id), `${field} → ${id}`).toBe(true);
    }
  });

  it('explains every setting in one line', () => {
    for (const field of SPEC_FIELD_PATHS) {
      expect(SPEC_FIELDS[field].why.length, field).toBeGreaterThan(20);
      expect(SPEC_FIELDS[field].why, field).not.toContain('\n');
    }
  });
});
