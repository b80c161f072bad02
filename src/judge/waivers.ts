/**
 * Waivers: accepted, owned, time-boxed exceptions. A failing or inconclusive check whose every finding
 * an active waiver covers becomes `waived` — reported with the waiver, never hidden. A waiver narrowed
 * to a cookie or URL covers only findings about that cookie or URL, so a new problem elsewhere in the
 * same check still fails. An expired waiver stops waiving, and the check says so.
 */
import type { Finding } from '../model/check.js';
import type { Waiver } from '../config/types.js';
import type { Exchange } from '../evidence.js';
import { globMatcher } from '../glob.js';
import type { CheckResult, WaiverMatch, WaiverStatus } from '../model/result.js';



interface Indexed {
  waiver: Waiver;
  index: number;
  expired: boolean;
  covers: (finding: Finding) => boolean;
  narrowed: boolean;
}

/** `today` is the run's UTC date (YYYY-MM-DD); a waiver applies through its expiry day. */
export function applyWaivers(
  checks: readonly CheckResult[],
  waivers: readonly Waiver[],
  evidence: readonly Exchange[],
  today: string,
): { checks: CheckResult[]; waivers: WaiverStatus[] } {
  const urls = new Map(evidence.map((e) => [e.id, e.request.url]));
  const indexed = waivers.map((waiver, index) => prepare(waiver, index, today, urls));
  const touched = new Map<number, { status: WaiverStatus['status']; checks: string[] }>();
  const note = (w: Indexed, status: WaiverMatch['status'], check: string) => {
    const entry = touched.get(w.index) ?? { status, checks: [] };
    // One application anywhere makes the waiver applied; partial only if it never applied.
    if (status === 'applied' || entry.status !== 'applied') entry.status = status;
    entry.checks.push(check);
    touched.set(w.index, entry);
  };
  const judged = checks.map((check) => {
    if (check.verdict !== 'fail' && check.verdict !== 'inconclusive') return check;
    const matches = match(check, indexed.filter((w) => globMatcher(w.waiver.check)(check.id)));
    if (matches.length === 0) return check;
    for (const m of matches) note(indexed[m.index]!, m.status, check.id);
    if (matches.some((m) => m.status === 'applied')) {
      return { ...check, verdict: 'waived' as const, waivedVerdict: check.verdict, waivers: matches };
    }
    return { ...check, waivers: matches };
  });
  const statuses = indexed.map((w): WaiverStatus => {
    const entry = touched.get(w.index);
    const status = w.expired ? 'expired' : (entry?.status ?? 'unused');
    return { ...w.waiver, index: w.index, status, checks: entry?.checks ?? [] };
  });
  return { checks: judged, waivers: statuses };
}

/** How each candidate waiver relates to the check; `applied` on every active waiver used when the check is waived. */
function match(check: CheckResult, candidates: Indexed[]): WaiverMatch[] {
  const active = candidates.filter((w) => !w.expired);
  const coverers = (f: Finding) => active.filter((w) => w.covers(f));
  const whole = active.filter((w) => !w.narrowed);
  const everyFinding = check.findings.length > 0 && check.findings.every((f) => coverers(f).length > 0);
  const relevant = (w: Indexed) => !w.narrowed || check.findings.some((f) => w.covers(f));
  const matchOf = (w: Indexed, status: WaiverMatch['status']): WaiverMatch => ({ ...w.waiver, index: w.index, status });
  if (whole.length > 0 || everyFinding) {
    const used = whole.length > 0 ? whole : active.filter((w) => check.findings.some((f) => w.covers(f)));
    return used.map((w) => matchOf(w, 'applied'));
  }
  return [
    ...candidates.filter((w) => w.expired && relevant(w)).map((w) => matchOf(w, 'expired')),
    ...active.filter(relevant).map((w) => matchOf(w, 'partial')),
  ];
}

function prepare(waiver: Waiver, index: number, today: string, urls: Map<number, string>): Indexed {
  const cookie = waiver.cookie === undefined ? undefined : globMatcher(waiver.cookie);
  const url = waiver.url === undefined ? undefined : urlMatcher(waiver.url);
  return {
    waiver,
    index,
    expired: waiver.expires < today,
    narrowed: cookie !== undefined || url !== undefined,
    covers: (finding) => {
      if (cookie && (finding.cookie === undefined || !cookie(finding.cookie))) return false;
      if (url) {
        const sent = finding.exchanges.map((id) => urls.get(id));
        if (sent.length === 0 || !sent.every((u) => u !== undefined && url(u))) return false;
      }
      return true;
    },
  };
}

/** A pattern starting with `/` matches the path and query; anything else the whole URL. */
function urlMatcher(pattern: string): (url: string) => boolean {
  const matches = globMatcher(pattern);
  if (!pattern.startsWith('/')) return matches;
  return (url) => {
    try {
      const u = new URL(url);
      return matches(u.pathname) || matches(u.pathname + u.search);
    } catch {
      return false;
    }
  };
}

/** The UTC calendar date of a moment, as waivers state their expiry. */
export function utcDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
