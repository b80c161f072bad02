/**
 * Waivers and severity adjustments: the policy laid over verdicts before the gate. A waiver turns only
 * what it fully covers into `waived`, says so when it expired or covers only part, and reports waivers
 * nothing matched; a preset's adjustment moves a severity one step and keeps the original.
 */
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/model/check.js';
import type { Waiver } from '../../src/config/types.js';
import type { Exchange } from '../../src/evidence.js';
import type { CheckResult } from '../../src/model/result.js';
import { adjustSeverity } from '../../src/judge/severity.js';
import { applyWaivers, utcDate } from '../../src/judge/waivers.js';

const TODAY = '2026-03-01';

function result(id: string, verdict: CheckResult['verdict'], findings: Finding[] = []): CheckResult {
  return { id, suite: id.split('.')[0]!, title: id, failureTitle: id, severity: 'medium', refs: [], procedure: '', verdict, expected: 'x', observed: 'y', findings };
}

const exchange = (id: number, url: string) => ({ id, request: { method: 'GET', url, headers: [] } }) as unknown as Exchange;
const EVIDENCE = [exchange(1, 'http://127.0.0.1:3000/login'), exchange(2, 'http://127.0.0.1:3000/legacy/sso?x=1'), exchange(3, 'http://127.0.0.1:3000/account')];

const waiver = (over: Partial<Waiver>): Waiver => ({ check: 'cookie.samesite', reason: 'legacy SSO', owner: 'team-auth', expires: '2026-12-31', ...over });

const sidFinding: Finding = { message: 'sid has no SameSite', exchanges: [1], cookie: 'sid' };
const legacyFinding: Finding = { message: 'legacy has SameSite=None', exchanges: [2], cookie: 'legacy_sid' };

describe('applyWaivers', () => {
  it('waives a failure a whole-check waiver covers, keeping the original verdict and the waiver', () => {
    const { checks, waivers } = applyWaivers([result('cookie.samesite', 'fail', [sidFinding])], [waiver({})], EVIDENCE, TODAY);
    expect(checks[0]).toMatchObject({ verdict: 'waived', waivedVerdict: 'fail', waivers: [{ index: 0, status: 'applied', owner: 'team-auth' }] });
    expect(waivers).toEqual([{ ...waiver({}), index: 0, status: 'applied', checks: ['cookie.samesite'] }]);
  });

  it('applies through the expiry day and stops the day after, saying so', () => {
    expect(applyWaivers([result('cookie.samesite', 'fail')], [waiver({ expires: TODAY })], EVIDENCE, TODAY).checks[0]!.verdict).toBe('waived');
    const { checks, waivers } = applyWaivers([result('cookie.samesite', 'fail')], [waiver({ expires: '2026-02-28' })], EVIDENCE, TODAY);
    expect(checks[0]).toMatchObject({ verdict: 'fail', waivers: [{ status: 'expired' }] });
    expect(waivers[0]).toMatchObject({ status: 'expired', checks: ['cookie.samesite'] });
  });

  it('matches check ids by glob', () => {
    const { checks } = applyWaivers([result('cookie.samesite', 'fail'), result('cache.no-store', 'fail')], [waiver({ check: 'cookie.*' })], EVIDENCE, TODAY);
    expect(checks.map((c) => c.verdict)).toEqual(['waived', 'fail']);
  });

  it('a cookie-narrowed waiver waives only when every finding is about that cookie', () => {
    const only = applyWaivers([result('cookie.samesite', 'fail', [legacyFinding])], [waiver({ cookie: 'legacy_*' })], EVIDENCE, TODAY);
    expect(only.checks[0]!.verdict).toBe('waived');
    const both = applyWaivers([result('cookie.samesite', 'fail', [legacyFinding, sidFinding])], [waiver({ cookie: 'legacy_sid' })], EVIDENCE, TODAY);
    expect(both.checks[0]).toMatchObject({ verdict: 'fail', waivers: [{ status: 'partial' }] });
    expect(both.waivers[0]!.status).toBe('partial');
  });

  it('several narrowed waivers together can cover every finding', () => {
    const { checks } = applyWaivers(
      [result('cookie.samesite', 'fail', [legacyFinding, sidFinding])],
      [waiver({ cookie: 'legacy_sid' }), waiver({ cookie: 'sid' })],
      EVIDENCE,
      TODAY,
    );
    expect(checks[0]).toMatchObject({ verdict: 'waived', waivers: [{ index: 0, status: 'applied' }, { index: 1, status: 'applied' }] });
  });

  it('a URL-narrowed waiver covers findings whose every exchange went there (path glob or full URL)', () => {
    const byPath = applyWaivers([result('cookie.samesite', 'fail', [legacyFinding])], [waiver({ url: '/legacy/*' })], EVIDENCE, TODAY);
    expect(byPath.checks[0]!.verdict).toBe('waived');
    const byUrl = applyWaivers([result('cookie.samesite', 'fail', [legacyFinding])], [waiver({ url: 'http://127.0.0.1:3000/legacy/*' })], EVIDENCE, TODAY);
    expect(byUrl.checks[0]!.verdict).toBe('waived');
    const elsewhere = applyWaivers([result('cookie.samesite', 'fail', [sidFinding])], [waiver({ url: '/legacy/*' })], EVIDENCE, TODAY);
    expect(elsewhere.checks[0]!.verdict).toBe('fail');
  });

  it('never lets a narrowed waiver cover a failure without findings, or a finding without a cookie', () => {
    expect(applyWaivers([result('cookie.samesite', 'fail')], [waiver({ cookie: 'sid' })], EVIDENCE, TODAY).checks[0]!.verdict).toBe('fail');
    const noCookie = { message: 'no-store missing', exchanges: [3] };
    expect(applyWaivers([result('cache.no-store', 'fail', [noCookie])], [waiver({ check: 'cache.no-store', cookie: 'sid' })], EVIDENCE, TODAY).checks[0]!.verdict).toBe('fail');
  });

  it('waives inconclusive results (for --strict) but never errors, passes or skips', () => {
    const { checks, waivers } = applyWaivers(
      [result('timeout.absolute', 'inconclusive'), result('cookie.secure', 'error'), result('cookie.path', 'pass'), result('cookie.size', 'skipped')],
      [waiver({ check: '*' })],
      EVIDENCE,
      TODAY,
    );
    expect(checks.map((c) => c.verdict)).toEqual(['waived', 'error', 'pass', 'skipped']);
    expect(checks[0]!.waivedVerdict).toBe('inconclusive');
    expect(waivers[0]!.checks).toEqual(['timeout.absolute']);
  });

  it('reports a waiver that matched no failure as unused', () => {
    const { waivers } = applyWaivers([result('cookie.samesite', 'pass')], [waiver({})], EVIDENCE, TODAY);
    expect(waivers[0]).toMatchObject({ status: 'unused', checks: [] });
  });

  it('reads the run date in UTC', () => {
    expect(utcDate(Date.parse('2026-03-01T23:59:59.999Z'))).toBe('2026-03-01');
  });
});

describe('adjustSeverity', () => {
  const adjustment = { check: 'cookie.httponly', direction: 'lower' as const, reason: 'NIST SP 800-63B-4 §5.1.1(3) is a SHOULD' };

  it('moves the severity one step and records where it came from', () => {
    expect(adjustSeverity({ ...result('cookie.httponly', 'fail'), severity: 'medium' }, [adjustment])).toMatchObject({
      severity: 'low',
      severityAdjustment: { from: 'medium', reason: adjustment.reason },
    });
    expect(adjustSeverity({ ...result('cookie.httponly', 'fail'), severity: 'low' }, [{ ...adjustment, direction: 'raise' }]).severity).toBe('medium');
  });

  it('leaves other checks, and a severity already at the end of the scale, alone', () => {
    const other = result('cookie.secure', 'fail');
    expect(adjustSeverity(other, [adjustment])).toBe(other);
    const info = { ...result('cookie.httponly', 'fail'), severity: 'info' as const };
    expect(adjustSeverity(info, [adjustment])).toBe(info);
  });
});
