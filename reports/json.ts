/**
 * report.json: the result model as is, versioned so consumers can tell when its shape changes
 * (schema/report.schema.json describes version 2).
 */
import type { RunResult } from '../src/model/result.js';

export const REPORT_SCHEMA_VERSION = 2;

export function jsonReport(result: RunResult): string {
  return JSON.stringify({ schemaVersion: REPORT_SCHEMA_VERSION, ...result }, null, 2) + '\n';
}
