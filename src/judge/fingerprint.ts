/**
 * Stable fingerprints of failures, so a run can be compared with an earlier one (baselines) and code
 * scanning can follow an alert across runs (SARIF partialFingerprints). A fingerprint names the check and
 * what its finding says, with the parts that change from run to run taken out: masked session IDs, a quoted
 * Set-Cookie line, the target's origin (ports, per-deployment hosts), numbers. The target itself is deliberately not part of
 * it: a pull request's preview deployment is compared with the main branch's staging run.
 */
import { createHash } from 'node:crypto';
import { MASK_PATTERN } from '../evidence.js';
import type { Finding } from '../model/check.js';
import { isFailure, type CheckResult } from '../model/result.js';

const MASKS = new RegExp(MASK_PATTERN, 'g');
const ORIGINS = /\bhttps?:\/\/[^/\s'"<>]+/gi;
const NUMBERS = /\d+(?:\.\d+)?/g;
/** A finding that quotes the Set-Cookie line as evidence: the quote changes whenever another attribute does. */
const QUOTED_SET_COOKIE = /\s*[—-]?\s*Set-Cookie:.*$/gim;

/** What stays the same about a finding from one run to the next. */
export function stableText(text: string): string {
  return text.replace(QUOTED_SET_COOKIE, '').replace(MASKS, '[masked]').replace(ORIGINS, '<origin>').replace(NUMBERS, '#').replace(/\s+/g, ' ').trim();
}

function digest(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 16);
}

/** The fingerprint of a failing check as a whole. */
export function checkFingerprint(checkId: string): string {
  return digest('check', checkId);
}

/** The fingerprint of one finding of a check. */
export function findingFingerprint(checkId: string, finding: Pick<Finding, 'message' | 'cookie'>): string {
  return digest('finding', checkId, finding.cookie ?? '', stableText(finding.message));
}

/** Failures carry fingerprints. */
export function withFingerprints(check: CheckResult): CheckResult {
  if (!isFailure(check)) return check;
  return { ...check, fingerprints: { check: checkFingerprint(check.id), findings: check.findings.map((f) => findingFingerprint(check.id, f)) } };
}
