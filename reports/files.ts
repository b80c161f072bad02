/**
 * The file each file reporter writes into the report folder: one table for the writer and for `--help`.
 */
import type { ReporterName } from '../src/config/types.js';

export const REPORT_FILES: Record<Exclude<ReporterName, 'list'>, string> = {
  junit: 'junit.xml',
  json: 'report.json',
  html: 'report.html',
  markdown: 'summary.md',
  sarif: 'report.sarif',
};
