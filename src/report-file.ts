/**
 * Reading a report.json written by an earlier run (baselines, `merge`): parsed, checked against
 * schema/report.schema.json, and every problem reported with the file and its JSON path.
 */
import { readFile } from 'node:fs/promises';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import schema from '../schema/report.schema.json' with { type: 'json' };
import mergedSchema from '../schema/merged-report.schema.json' with { type: 'json' };
import type { RunResult } from './model/result.js';
import { onFirstUse } from './on-first-use.js';

/** Compiled on first use: every `run` would otherwise pay ~0.1 s at start-up for a baseline it mostly does not have. */
const validators = onFirstUse(() => {
  const ajv = new Ajv({ strict: true, allowUnionTypes: true, allErrors: true });
  addFormats.default(ajv);
  // The merged index refers to report.schema.json by its $id, as a validator reading the files side by side does.
  return { report: ajv.compile(schema), merged: ajv.compile(mergedSchema) };
});

function problemsOf(validate: ValidateFunction, data: unknown): string[] {
  return validate(data) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message}`);
}

/** The schema violations of a report, as `/json/path: message` lines (empty when valid). */
export function reportProblems(report: unknown): string[] {
  return problemsOf(validators().report, report);
}

/** The same for the index report.json that `merge` writes over several targets (schema/merged-report.schema.json). */
export function mergedReportProblems(report: unknown): string[] {
  return problemsOf(validators().merged, report);
}

export class ReportFileError extends Error {
  override readonly name = 'ReportFileError';
}

/** At most this many schema problems are listed: a wrong file usually breaks everything at once. */
const SHOWN_PROBLEMS = 10;

export async function readReport(file: string): Promise<RunResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ReportFileError(`${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ReportFileError(`${file}: not JSON (${(error as Error).message}); expected the report.json of a sessionprobe run`);
  }
  const problems = reportProblems(parsed);
  if (problems.length > 0) {
    const more = problems.length > SHOWN_PROBLEMS ? `\n  … ${problems.length - SHOWN_PROBLEMS} more` : '';
    throw new ReportFileError(`${file}: not a sessionprobe report.json (schema/report.schema.json):\n  ${problems.slice(0, SHOWN_PROBLEMS).join('\n  ')}${more}`);
  }
  const { schemaVersion: _version, ...result } = parsed as RunResult & { schemaVersion: number };
  return result;
}
