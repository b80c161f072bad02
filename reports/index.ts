/**
 * The reporters: renderers of one RunResult. Checks are ordered here, once, so every format shows
 * the same order: what needs attention first.
 */
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Verdict } from '../src/model/check.js';
import { SEVERITIES, type ReporterName } from '../src/config/types.js';
import type { CheckResult, RunResult } from '../src/model/result.js';
import { listReport } from './list.js';
import { junitReport } from './junit.js';
import { jsonReport } from './json.js';
import { htmlReport } from './html.js';
import { markdownReport } from './markdown.js';

export type { ReporterName };

const VERDICT_RANK: Record<Verdict, number> = { fail: 0, error: 1, inconclusive: 2, waived: 3, pass: 4, skipped: 5 };

/** Failures first (fail, error, inconclusive, waived, pass, skipped), then by severity (critical first), then by id. */
export function orderChecks(checks: readonly CheckResult[]): CheckResult[] {
  return [...checks].sort(
    (a, b) =>
      VERDICT_RANK[a.verdict] - VERDICT_RANK[b.verdict] ||
      SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

function ordered(result: RunResult): RunResult {
  return { ...result, checks: orderChecks(result.checks) };
}

export function renderList(result: RunResult, opts: { color: boolean }): string {
  return listReport(ordered(result), opts);
}

export function renderJunit(result: RunResult): string {
  return junitReport(ordered(result));
}

export function renderJson(result: RunResult): string {
  return jsonReport(ordered(result));
}

export function renderHtml(result: RunResult): string {
  return htmlReport(ordered(result));
}

export function renderMarkdown(result: RunResult): string {
  return markdownReport(ordered(result));
}

const FILES: Record<Exclude<ReporterName, 'list'>, { file: string; render: (result: RunResult) => string }> = {
  junit: { file: 'junit.xml', render: renderJunit },
  json: { file: 'report.json', render: renderJson },
  html: { file: 'report.html', render: renderHtml },
  markdown: { file: 'summary.md', render: renderMarkdown },
};

/**
 * Prints the list report to `out` and writes the file reports into `dir`; returns the files written.
 * On GitHub Actions ($GITHUB_STEP_SUMMARY set) the Markdown summary is also appended to the job summary,
 * whichever formats were chosen.
 */
export async function writeReports(
  result: RunResult,
  dir: string,
  formats: ReporterName[],
  out: NodeJS.WritableStream,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string[]> {
  const wanted = new Set(formats);
  if (wanted.has('list')) out.write(renderList(result, { color: wantsColor(out, env) }));
  const files = (Object.keys(FILES) as Array<keyof typeof FILES>).filter((name) => wanted.has(name));
  // A list-only run leaves no empty report directory behind.
  if (files.length > 0) await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const name of files) {
    const file = path.join(dir, FILES[name].file);
    await writeFile(file, FILES[name].render(result), 'utf8');
    written.push(file);
  }
  if (env.GITHUB_STEP_SUMMARY) {
    await appendFile(env.GITHUB_STEP_SUMMARY, `${renderMarkdown(result)}\n`, 'utf8');
    written.push(env.GITHUB_STEP_SUMMARY);
  }
  return written;
}

/** Colour on a terminal, unless NO_COLOR is set; FORCE_COLOR turns it on for CI logs that render it. */
function wantsColor(out: NodeJS.WritableStream, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return (out as { isTTY?: boolean }).isTTY === true;
}
