/**
 * `sessionprobe merge REPORT.json... --out DIR`: one set of reports from several runs — shards of one
 * target, or the targets of a CI matrix. Exits like `run`: 0 when every target's gate passed, else 1.
 */
import path from 'node:path';
import type { ReporterName } from '../config/types.js';
import { allPassed, mergeRuns } from '../judge/merge.js';
import { writeMergedReports } from '../../reports/index.js';
import { gateLine } from '../../reports/describe.js';
import { visibleControls } from '../visible-text.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { readReportOrExit } from './report-input.js';

export const MERGE_FORMATS: ReporterName[] = ['list', 'junit', 'html', 'json', 'sarif', 'markdown'];

export async function mergeCommand(
  args: { reports: string[]; out: string; reporter?: ReporterName[] },
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream },
): Promise<{ exitCode: ExitCode; reportFiles: string[] }> {
  const runs = [];
  for (const file of args.reports) runs.push(await readReportOrExit(file));
  const results = mergeRuns(runs);
  const reportFiles = await writeMergedReports(results, path.resolve(args.out), args.reporter ?? MERGE_FORMATS, io.stdout);
  for (const r of results) io.stderr.write(`gate: ${visibleControls(`${r.target.baseUrl}: ${gateLine(r)}`)}\n`);
  return { exitCode: allPassed(results) ? EXIT.ok : EXIT.checksFailed, reportFiles };
}
