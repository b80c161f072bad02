import { describe, expect, it } from 'vitest';
import { applyBaseline } from '../../src/judge/baseline.js';
import { withFingerprints } from '../../src/judge/fingerprint.js';
import type { CheckResult, RunResult } from '../../src/model/result.js';
import { renderJunit, renderList, renderMarkdown } from '../../reports/index.js';
import { runResultFixture } from '../fixtures/run-result.js';

const base = runResultFixture();
const previous: RunResult = { ...base, checks: base.checks.map(withFingerprints) };
const patch = (result: RunResult, id: string, change: Partial<CheckResult>): RunResult => ({
  ...result,
  checks: result.checks.map((c) => (c.id === id ? { ...c, ...change } : c)),
});

describe('applyBaseline', () => {
  it('marks every failure of an identical run unchanged: nothing new, nothing fixed', () => {
    const compared = applyBaseline(base, previous, 'prev/report.json');
    expect(compared.baseline).toMatchObject({ file: 'prev/report.json', new: [], fixed: [] });
    expect([...compared.baseline!.unchanged].sort()).toEqual(['cookie.path', 'cookie.secure', 'fixation.rotate-on-login', 'logout.clear-site-data', 'logout.server-revocation']);
    for (const c of compared.checks.filter((c) => c.baseline)) expect(c.baseline!.findings.every((s) => s === 'unchanged')).toBe(true);
  });

  it('finds the one fixed and the one new failure of a changed run', () => {
    let changed = patch(base, 'cookie.secure', { verdict: 'pass', findings: [], waivers: undefined });
    changed = patch(changed, 'cookie.httponly', { verdict: 'fail', findings: [{ message: 'sid without HttpOnly', exchanges: [3], cookie: 'sid' }] });
    const compared = applyBaseline(changed, previous, 'prev/report.json');
    expect(compared.baseline!.new).toEqual(['cookie.httponly']);
    expect(compared.baseline!.fixed).toEqual([{ id: 'cookie.secure', title: 'Session cookie is Secure', severity: 'high' }]);
  });

  it('makes a failing check new when it has a finding the baseline did not have', () => {
    const revocation = base.checks.find((c) => c.id === 'logout.server-revocation')!;
    const more = patch(base, revocation.id, { findings: [...revocation.findings, { message: 'a second cookie survives logout', exchanges: [9] }] });
    const check = applyBaseline(more, previous, 'p').checks.find((c) => c.id === revocation.id)!;
    expect(check.baseline).toEqual({ state: 'new', findings: ['unchanged', 'unchanged', 'new'] });
  });

  it('with --fail-on-new, gates only on new failures (errors still fail: the tool broke)', () => {
    const policy = { ...base.gate, failOnNew: true };
    const same = applyBaseline({ ...base, gate: policy }, previous, 'p');
    expect(same.gate).toMatchObject({ passed: false, failing: ['token.in-url'] });
    const noError = patch({ ...base, gate: policy }, 'token.in-url', { verdict: 'pass' });
    expect(applyBaseline(noError, previous, 'p').gate).toMatchObject({ passed: true, failing: [] });
    const regression = patch(noError, 'cookie.httponly', { verdict: 'fail', findings: [{ message: 'sid without HttpOnly', exchanges: [3] }] });
    expect(applyBaseline(regression, previous, 'p').gate).toMatchObject({ passed: false, failing: ['cookie.httponly'] });
    expect(applyBaseline(regression, previous, 'p').gate.passed).toBe(false);
    // Without --fail-on-new the baseline changes nothing about the gate.
    expect(applyBaseline(base, previous, 'p').gate.failing).toEqual(base.gate.failing);
  });

  it('shows the states in the console list and the Markdown summary', () => {
    const changed = applyBaseline(patch(base, 'cookie.secure', { verdict: 'pass', findings: [], waivers: undefined }), previous, 'prev/report.json');
    const list = renderList(changed, { color: false });
    expect(list).toMatch(/logout\.server-revocation .*\[unchanged\]/);
    expect(list).toContain('baseline prev/report.json (run of 2025-03-14T09:26:53.000Z): 0 new, 4 unchanged, 1 fixed');
    expect(list).toContain('fixed since the baseline: cookie.secure (high) Session cookie is Secure');
    const md = renderMarkdown(changed);
    expect(md).toContain('- **Baseline:** baseline prev/report.json');
    expect(md).toContain('_unchanged since the baseline_');
  });

  it('lists each failing check by state in JUnit properties, so a CI reader can tell which failures gate under --fail-on-new', () => {
    let changed = patch(base, 'cookie.secure', { verdict: 'pass', findings: [], waivers: undefined });
    changed = patch(changed, 'cookie.httponly', { verdict: 'fail', findings: [{ message: 'sid without HttpOnly', exchanges: [3], cookie: 'sid' }] });
    const junit = renderJunit(applyBaseline(changed, previous, 'prev/report.json'));
    expect(junit).toContain('<property name="baseline.new" value="cookie.httponly"/>');
    const unchanged = /<property name="baseline\.unchanged" value="([^"]*)"\/>/.exec(junit)![1]!.split(', ').sort();
    expect(unchanged).toEqual(['cookie.path', 'fixation.rotate-on-login', 'logout.clear-site-data', 'logout.server-revocation']);
    expect(junit).toContain('<property name="baseline.fixed.0" value="fixed since the baseline: cookie.secure (high) Session cookie is Secure"/>');
    expect(renderJunit(base)).not.toContain('baseline.');
  });
});
