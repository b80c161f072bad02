import { describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sarifErrors } from '../fixtures/sarif-multitool.js';
import { renderSarif } from '../../reports/index.js';
import { checkFingerprint, findingFingerprint, stableText, withFingerprints } from '../../src/judge/fingerprint.js';
import type { RunResult } from '../../src/model/result.js';
import { runResultFixture } from '../fixtures/run-result.js';

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }>;
  partialFingerprints: Record<string, string>;
  suppressions?: Array<{ kind: string; justification: string }>;
}
interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string };
  helpUri?: string;
  properties: { tags: string[]; 'security-severity': string };
}

const result = runResultFixture();
const parse = (r: RunResult) =>
  JSON.parse(renderSarif(r)) as { version: string; runs: Array<{ tool: { driver: { rules: SarifRule[]; version: string } }; results: SarifResult[] }> };

describe('sarif reporter', () => {
  const log = parse(result);
  const run = log.runs[0]!;
  const rules = run.tool.driver.rules;

  it('is SARIF 2.1.0 with one rule per check of the run', () => {
    expect(log.version).toBe('2.1.0');
    expect(run.tool.driver.version).toBe('0.1.0');
    expect(rules.map((r) => r.id).sort()).toEqual(result.checks.map((c) => c.id).sort());
    const secure = rules.find((r) => r.id === 'cookie.secure')!;
    expect(secure).toMatchObject({ name: 'CookieSecure', shortDescription: { text: 'Session cookie is Secure.' } });
    expect(secure.fullDescription.text).toContain('Log in, log out');
    expect(secure.help.text).toContain('References: ASVS v5.0.0-7.4.1; WSTG-SESS-06.');
    expect(secure.properties.tags).toEqual(expect.arrayContaining(['security', 'cookie', 'WSTG-SESS-06']));
    expect(secure.properties['security-severity']).toBe('8.0');
  });

  it('validates with the SARIF multitool with 0 errors, hostile target text included', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sp-sarif-unit-'));
    try {
      await writeFile(path.join(dir, 'report.sarif'), renderSarif(result));
      expect(await sarifErrors(path.join(dir, 'report.sarif'))).toEqual([]);
      // The validator itself can fail: a result without its required message is an error.
      const broken = JSON.parse(renderSarif(result));
      delete broken.runs[0].results[0].message;
      await writeFile(path.join(dir, 'broken.sarif'), JSON.stringify(broken));
      expect(await sarifErrors(path.join(dir, 'report.sarif'), path.join(dir, 'broken.sarif'))).toEqual([expect.stringMatching(/broken\.sarif: .*message/)]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('puts the fix into the rule help when the check has a remediation', () => {
    const withFix = { ...result, checks: result.checks.map((c) => (c.id === 'cookie.secure' ? { ...c, remediation: { summary: 'Set Secure on the session cookie.' } } : c)) };
    expect(parse(withFix).runs[0]!.tool.driver.rules.find((r) => r.id === 'cookie.secure')!.help.text).toMatch(/^Fix: Set Secure on the session cookie\./);
  });

  it('has one result per finding of each failing (or waived failing) check, with the level from the severity', () => {
    const failing = result.checks.filter((c) => c.verdict === 'fail' || c.waivedVerdict === 'fail');
    expect(run.results).toHaveLength(failing.reduce((n, c) => n + Math.max(1, c.findings.length), 0));
    for (const r of run.results) expect(rules[r.ruleIndex]!.id).toBe(r.ruleId);
    const levels = Object.fromEntries(run.results.map((r) => [r.ruleId, r.level]));
    expect(levels).toMatchObject({ 'logout.server-revocation': 'error', 'cookie.secure': 'error', 'logout.clear-site-data': 'note', 'cookie.path': 'note' });
    expect(run.results.map((r) => r.ruleId)).not.toContain('cookie.samesite');
  });

  it('locates each result at the pages of its deciding exchanges, without query strings', () => {
    const revocation = run.results.filter((r) => r.ruleId === 'logout.server-revocation');
    expect(revocation[0]!.locations.map((l) => l.physicalLocation.artifactLocation.uri)).toEqual(['http://127.0.0.1:43117/logout', 'http://127.0.0.1:43117/account']);
    expect(revocation[0]!.message.text).toMatch(/^The session outlives logout on the server: replaying sid after logout.*report\.html#logout\.server-revocation\)\.$/);
  });

  it('marks a waived failure as suppressed, naming the waiver', () => {
    const path_ = run.results.find((r) => r.ruleId === 'cookie.path')!;
    expect(path_.suppressions).toEqual([expect.objectContaining({ kind: 'external', justification: expect.stringContaining('waivers[0] (cookie sid) by team-auth') })]);
  });

  it('merges findings with the same fingerprint into one result', () => {
    const repeated = {
      ...result,
      checks: result.checks.map((c) =>
        c.id === 'cookie.secure' ? { ...c, findings: [c.findings[0]!, { ...c.findings[0]!, exchanges: [2] }, { message: 'other cookie without Secure', exchanges: [2] }] } : c,
      ),
    };
    const secure = parse(repeated).runs[0]!.results.filter((r) => r.ruleId === 'cookie.secure');
    expect(secure).toHaveLength(2);
    expect(secure[0]!.message.text).toContain('seen 2 times');
  });
});

describe('fingerprints', () => {
  it('ignore what changes between runs of the same target: masked IDs, origins, numbers', () => {
    const a = { message: 'sid [masked fp=1a2b3c4d len=32] set by http://127.0.0.1:41001/login with Max-Age=86400', exchanges: [3], cookie: 'sid' };
    const b = { message: 'sid [masked fp=9f8e7d6c len=32] set by http://127.0.0.1:39999/login with Max-Age=86401', exchanges: [12], cookie: 'sid' };
    expect(findingFingerprint('cookie.max-age', a)).toBe(findingFingerprint('cookie.max-age', b));
    expect(stableText(a.message)).toBe('sid [masked] set by <origin>/login with Max-Age=#');
    const quoted = (attrs: string) => ({ message: `sid is the default name of express-session — Set-Cookie: sid=[masked fp=1a2b3c4d len=32]; ${attrs}`, exchanges: [3] });
    expect(findingFingerprint('cookie.name-fingerprint', quoted('Path=/; HttpOnly'))).toBe(findingFingerprint('cookie.name-fingerprint', quoted('Path=/')));
  });

  it('differ by check, cookie and what the finding says', () => {
    const f = { message: 'sid without Secure', exchanges: [3], cookie: 'sid' };
    const all = [
      findingFingerprint('cookie.secure', f),
      findingFingerprint('cookie.httponly', f),
      findingFingerprint('cookie.secure', { ...f, cookie: 'remember' }),
      findingFingerprint('cookie.secure', { ...f, message: 'sid without HttpOnly' }),
      checkFingerprint('cookie.secure'),
    ];
    expect(new Set(all).size).toBe(all.length);
    for (const fp of all) expect(fp).toMatch(/^[0-9a-f]{16}$/);
  });

  it('are stored on failures (and waived failures) only, one per finding', () => {
    const checks = result.checks.map(withFingerprints);
    for (const c of checks) {
      if (c.verdict === 'fail' || c.waivedVerdict === 'fail') expect(c.fingerprints?.findings).toHaveLength(c.findings.length);
      else expect(c.fingerprints).toBeUndefined();
    }
  });

  it('reach the SARIF results as partialFingerprints', () => {
    const run = parse({ ...result, checks: result.checks.map(withFingerprints) }).runs[0]!;
    const secure = run.results.find((r) => r.ruleId === 'cookie.secure')!;
    expect(secure.partialFingerprints).toEqual({ 'sessionprobe/v1': findingFingerprint('cookie.secure', result.checks.find((c) => c.id === 'cookie.secure')!.findings[0]!) });
  });
});
