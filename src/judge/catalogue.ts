/**
 * The check catalogue as Markdown, for the README (kept in sync by scripts/checks-table.mjs and a test).
 */
import type { Check } from '../model/check.js';

export const TABLE_START = '<!-- checks-table:start -->';
export const TABLE_END = '<!-- checks-table:end -->';

export function checksTable(checks: readonly Check[]): string {
  const rows = checks.map(({ meta }) => `| \`${meta.id}\` | ${meta.severity} | ${meta.title} | ${meta.refs.join('; ')} |`);
  return ['| id | severity | what it proves | references |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

export function withChecksTable(readme: string, checks: readonly Check[]): string {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start === -1 || end === -1) throw new Error('README has no checks-table markers');
  return `${readme.slice(0, start + TABLE_START.length)}\n${checksTable(checks)}\n${readme.slice(end)}`;
}
