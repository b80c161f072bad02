/**
 * Reading earlier reports for a command (--baseline, merge), turning a bad file into exit code 2.
 */
import path from 'node:path';
import type { RunResult } from '../model/result.js';
import { readReport, ReportFileError } from '../report-file.js';
import { CliError, EXIT } from './exit-codes.js';

export async function readReportOrExit(file: string): Promise<RunResult> {
  try {
    return await readReport(path.resolve(file));
  } catch (error) {
    if (error instanceof ReportFileError) throw new CliError(error.message, EXIT.usage);
    throw error;
  }
}
