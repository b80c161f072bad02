/**
 * The spec as a Markdown document for a design review: per setting what it is, its value, why it
 * matters and which standard it answers to; the Set-Cookie line it implies; the store's trade-offs;
 * contradictions; and how sessionprobe verifies it. Everything in it is the user's own choice or the
 * tool's text, never target data, but values still go through markdownText for well-formed tables.
 */
import type { Contradiction } from '../config/contradictions.js';
import { PRESETS } from '../config/presets.js';
import { SPEC_FIELD_PATHS, rawField } from '../config/spec.js';
import { SPEC_FIELDS, STORE_TRADE_OFFS } from '../config/spec-fields.js';
import type { Spec } from '../config/types.js';
import { markdownText as md } from '../../reports/escape.js';
import type { SetCookieAdvice } from './set-cookie.js';
import { standardFor } from './standards.js';
import type { SpecField } from '../config/raw-spec.js';

const SECTIONS: Record<string, string> = {
  cookie: 'Session cookie',
  token: 'Session ID',
  timeouts: 'Timeouts',
  invalidation: 'Invalidation',
  cache: 'Caching',
  concurrency: 'Concurrent sessions',
  jwt: 'JWTs (when a session artifact is a JWT)',
  binding: 'Binding and anomaly signals',
  sso: 'Single sign-on',
  refresh: 'Refresh tokens (when the target profile has target.refresh)',
};

export function reviewDocument(spec: Spec, advice: SetCookieAdvice, contradictions: readonly Contradiction[], configFile: string): string {
  const preset = PRESETS[spec.preset]!;
  const lines = [
    '# Session management spec',
    '',
    `Based on **${md(preset.description)}** (preset \`${spec.preset}\`)${spec.overrides.length ? `, with ${spec.overrides.length} decision(s) of our own: ${spec.overrides.map((o) => `\`${o}\``).join(', ')}` : ', unchanged'}.`,
    `sessionprobe verifies it against a running deployment: \`sessionprobe run --config ${md(configFile)}\`.`,
    '',
    '## Session store',
    '',
    spec.store ? md(STORE_TRADE_OFFS[spec.store]) : 'Not stated. The store decides whether the server can revoke a session at all (see the trade-offs in `sessionprobe init`).',
    '',
    '## The session cookie',
    '',
    '```http',
    advice.line,
    '```',
    '',
    '| Part | Why | Standard |',
    '| --- | --- | --- |',
    ...advice.parts.map((p) => `| \`${p.text.replace(/`/g, "'")}\` | ${md(p.why)} | ${md(p.standard)} |`),
    '',
  ];
  if (contradictions.length > 0) {
    lines.push('## Contradictions to resolve', '', ...contradictions.map((c) => `- **${c.fields.map((f) => `\`${f}\``).join(' vs ')}**: ${md(c.message)}`), '');
  }
  const bySection = new Map<string, SpecField[]>();
  for (const field of SPEC_FIELD_PATHS.filter((f) => f.includes('.'))) {
    const section = field.split('.')[0]!;
    bySection.set(section, [...(bySection.get(section) ?? []), field]);
  }
  lines.push('## Settings', '');
  for (const [section, fields] of bySection) {
    lines.push(`### ${SECTIONS[section] ?? section}`, '', '| Setting | Value | Why | Standard |', '| --- | --- | --- | --- |');
    for (const field of fields) {
      const info = SPEC_FIELDS[field];
      lines.push(`| ${md(info.title)} (\`${field}\`) | ${md(display(spec, field))} | ${md(info.why)} | ${md(standardFor(spec, field))} |`);
    }
    lines.push('');
  }
  if (spec.toolDefaults.length > 0 || spec.severityAdjustments.length > 0) {
    lines.push('## How the preset is applied', '');
    if (spec.toolDefaults.length > 0) {
      lines.push(`- sessionprobe defaults, where the standard asks only for a documented value: ${spec.toolDefaults.map((f) => `\`${f}\``).join(', ')}.`);
    }
    for (const a of spec.severityAdjustments) lines.push(`- \`${a.check}\` is reported one severity step ${a.direction === 'lower' ? 'lower' : 'higher'}: ${md(a.reason)}.`);
    lines.push('');
  }
  const checks = [...new Set(SPEC_FIELD_PATHS.flatMap((f) => SPEC_FIELDS[f].checks))];
  lines.push('## How it is verified', '', `Black-box checks by sessionprobe (ids as in \`sessionprobe list-checks\`): ${checks.map((c) => `\`${c}\``).join(', ')}.`, '');
  return lines.join('\n');
}

/** A value as a reviewer reads it: "30m", "required", "no requirement". */
function display(spec: Spec, field: SpecField): string {
  const value = rawField(spec, field);
  if (value === null) return 'no requirement';
  if (value === true) return 'required';
  if (value === false) return field === 'cookie.hostOnly' ? 'no (Domain allowed)' : 'not required';
  if (Array.isArray(value)) return value.length ? value.join(', ') : field === 'cookie.domains' ? '—' : 'no requirement';
  if (field === 'cookie.maxAge') return value === 'session' ? 'session cookie (no Max-Age/Expires)' : `at most ${(value as { max: string }).max}`;
  if (field === 'timeouts.renewal') {
    const { every, overlap } = value as { every: string; overlap: string };
    return `a new ID at least every ${every}; the previous one dead ${overlap} later`;
  }
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- the remaining fields are strings and numbers
  return String(value);
}
