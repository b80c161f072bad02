/**
 * report.sarif: SARIF 2.1.0 for code-scanning views (GitHub code scanning, Azure DevOps, SARIF viewers).
 * One rule per check of the run; one result per distinct finding of a failing check (one for the check
 * when it has no finding), with the level from the severity, the target URLs of the deciding exchanges as
 * locations, and partialFingerprints that stay the same across runs (src/fingerprint.ts). A waived
 * failure is a result with an external suppression naming the waiver. Under --baseline each result
 * carries its baselineState.
 */
import type { Severity } from '../src/config/types.js';
import type { Finding } from '../src/model/check.js';
import type { CheckResult, RunResult } from '../src/model/result.js';
import { referenceLink } from '../src/references.js';
import { checkFingerprint, findingFingerprint } from '../src/judge/fingerprint.js';
import { isFailure } from '../src/model/result.js';
import type { BaselineState } from '../src/model/result.js';
import { decidingExchangeRecords } from './evidence-text.js';
import { reportAnchor, waiverText, type ReportSection } from './describe.js';

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const INFORMATION_URI = 'https://www.npmjs.com/package/sessionprobe';
/** The key under which the fingerprints live; bump the version if fingerprint.ts ever changes its recipe. */
const FINGERPRINT_KEY = 'sessionprobe/v1';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };

/** GitHub's scale: over 9 critical, 7–8.9 high, 4–6.9 medium, 0.1–3.9 low. */
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '0.1' };

/** One SARIF run per target; `merge` writes several into one log. */
export function sarifLog(sections: readonly ReportSection[]): string {
  const runs = sections.map((section) => sarifRun(section, sections.length > 1 ? category(section, sections) : undefined));
  return `${JSON.stringify({ $schema: SCHEMA, version: '2.1.0', runs }, null, 2)}\n`;
}

/**
 * Code scanning tells the runs of one upload apart by category: with several targets, one per target's
 * host name (its port only when two targets share a host); a single run takes the uploader's category.
 */
function category({ result }: ReportSection, all: readonly ReportSection[]): string {
  const url = new URL(result.target.baseUrl);
  const shared = all.filter((s) => new URL(s.result.target.baseUrl).hostname === url.hostname).length > 1;
  return `sessionprobe/${shared ? url.host : url.hostname}/`;
}

export function sarifReport(result: RunResult): string {
  return sarifLog([{ result, page: 'report.html' }]);
}

function sarifRun({ result, page }: ReportSection, automationId: string | undefined) {
  const checks = result.checks;
  const rules = checks.map(rule);
  const ruleIndex = new Map(checks.map((c, i) => [c.id, i]));
  return {
    tool: { driver: { name: 'sessionprobe', version: result.tool.version, semanticVersion: result.tool.version, informationUri: INFORMATION_URI, rules } },
    ...(automationId && { automationDetails: { id: automationId } }),
    invocations: [
      {
        executionSuccessful: !result.partial && result.summary.error === 0,
        startTimeUtc: result.startedAt,
        endTimeUtc: result.finishedAt,
        ...(result.partial && { toolExecutionNotifications: [{ level: 'warning', message: { text: sentence(result.partial.reason) } }] }),
      },
    ],
    // Inconclusive checks are no finding, only a reason to look: they stay out of code scanning.
    results: checks.filter(isFailure).flatMap((check) => results(result, check, ruleIndex.get(check.id)!, page)),
    properties: { target: result.target.baseUrl, preset: result.spec.preset, gatePassed: result.gate.passed },
  };
}

function rule(check: CheckResult) {
  const helpUri = check.refs.map(referenceLink).find((r) => r.url)?.url;
  const fix = check.remediation.summary;
  const help = [fix ? `Fix: ${fix}` : undefined, `How sessionprobe tests it: ${check.procedure}`, check.refs.length ? `References: ${check.refs.join('; ')}.` : undefined]
    .filter((l): l is string => l !== undefined)
    .join('\n\n');
  return {
    id: check.id,
    name: ruleName(check.id),
    shortDescription: { text: sentence(check.title) },
    fullDescription: { text: sentence(`${check.title}: ${check.procedure}`) },
    ...(helpUri && { helpUri }),
    help: { text: help },
    defaultConfiguration: { level: LEVEL[check.severity] },
    properties: {
      tags: ['security', 'session-management', check.suite, ...check.refs],
      'security-severity': SECURITY_SEVERITY[check.severity],
      precision: 'high',
      'problem.severity': LEVEL[check.severity] === 'note' ? 'recommendation' : LEVEL[check.severity],
    },
  };
}

/** `cookie.secure` → `CookieSecure`: the rule's name as SARIF asks for it (an identifier). */
function ruleName(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

/**
 * One result per distinct defect: findings with the same fingerprint (the same cookie flaw seen at each of
 * a hundred sampled logins) are one result whose locations are all the pages where it was seen.
 */
function results(run: RunResult, check: CheckResult, index: number, page: string) {
  const groups = new Map<string, { finding?: Finding; exchanges: number[]; count: number; state?: BaselineState }>();
  if (check.findings.length === 0) groups.set(check.fingerprints?.check ?? checkFingerprint(check.id), { exchanges: [], count: 1, state: check.baseline?.state });
  check.findings.forEach((finding, i) => {
    const fingerprint = check.fingerprints?.findings[i] ?? findingFingerprint(check.id, finding);
    const group = groups.get(fingerprint) ?? { finding, exchanges: [], count: 0, state: check.baseline?.findings[i] };
    group.exchanges.push(...finding.exchanges);
    group.count++;
    groups.set(fingerprint, group);
  });
  const applied = (check.waivers ?? []).filter((w) => w.status === 'applied');
  return [...groups].map(([fingerprint, { finding, exchanges, count, state }]) => {
    const records = decidingExchangeRecords({ ...check, findings: [{ message: '', exchanges }] }, run.evidence);
    const urls = [...new Set((records.length > 0 ? records.map((e) => e.request.url) : [run.target.baseUrl]).map(pageUri))];
    const seen = count > 1 ? ` — seen ${count} times` : '';
    return {
      ruleId: check.id,
      ruleIndex: index,
      level: LEVEL[check.severity],
      message: { text: sentence(`${check.failureTitle}: ${finding?.message ?? check.observed}${seen} (expected ${check.expected}; details in ${reportAnchor(check, page)})`) },
      locations: urls.map((uri) => ({ physicalLocation: { artifactLocation: { uri } } })),
      partialFingerprints: { [FINGERPRINT_KEY]: fingerprint },
      ...(state && { baselineState: state }),
      ...(applied.length > 0 && { suppressions: applied.map((w) => ({ kind: 'external', status: 'accepted', justification: waiverText(w) })) }),
      properties: { severity: check.severity, ...(finding?.cookie && { cookie: finding.cookie }) },
    };
  });
}

/**
 * The page an exchange asked for, as an RFC 3986 URI: without query and fragment (where a target may put
 * its session ID, masked into text that is no URI) and with anything else outside RFC 3986 escaped.
 */
function pageUri(url: string): string {
  const page = new URL(url);
  return `${page.origin}${page.pathname}`.replace(/[^A-Za-z0-9\-._~:/@!$&'()*+,;=%]/g, (ch) => encodeURIComponent(ch));
}

/** SARIF asks that messages end with a period. */
function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
