/**
 * report.json: the result model as is, versioned so consumers can tell when its shape changes
 * (schema/report.schema.json describes version 1).
 */
import type { RunResult } from '../src/result.js';

export const REPORT_SCHEMA_VERSION = 1;

export function jsonReport(result: RunResult): string {
  return JSON.stringify({ schemaVersion: REPORT_SCHEMA_VERSION, ...result }, null, 2) + '\n';
}
