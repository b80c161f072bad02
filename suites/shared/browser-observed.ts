/**
 * What the browser-only checks share: the browser artifact of a run, or the outcome that stops a check
 * before any judgement (no browser login, no positive control).
 */
import { outcome, type Outcome } from '../../src/model/check.js';
import { requireControl } from './checks-common.js';
import type { Artifacts, BrowserArtifact } from '../../src/model/artifacts.js';

export type BrowserObservations = Extract<BrowserArtifact, { device: string }>;

export function browserObservations(artifacts: Artifacts, expected: string): BrowserObservations | Outcome {
  const browser = artifacts.browser;
  if (!browser) return outcome.skipped('the browser probe did not run');
  if ('notApplicable' in browser) return outcome.skipped(browser.notApplicable);
  return requireControl(browser.afterLogin, expected, 'the browser session after login') ?? browser;
}

export function isOutcome<T extends object>(value: T | Outcome): value is Outcome {
  return 'verdict' in value;
}
