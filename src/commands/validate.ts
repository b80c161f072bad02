/**
 * `sessionprobe validate`: load and check a config without touching the target. Besides errors (exit
 * 2), it prints what a reviewer should know before a run: the spec's provenance, waivers that expired,
 * contradictions, and placeholders `init` left in the target half.
 */
import { CHECKS } from '../../suites/index.js';
import { formatDuration } from '../config/durations.js';
import { contradictionWarning, specContradictions } from '../config/contradictions.js';
import { jsonPath, type PathSegment } from '../config/errors.js';
import { TODO_VALUE } from '../init/config-template.js';
import { selectChecks } from '../judge/select.js';
import { utcDate } from '../judge/waivers.js';
import { loadConfigOrExit, resolveConfigPath } from './config-file.js';

export async function validateCommand(args: { config?: string }, out: NodeJS.WritableStream): Promise<void> {
  const file = await resolveConfigPath(args.config);
  const config = await loadConfigOrExit(file);
  const { spec, target } = config;
  const selected = selectChecks(CHECKS, config.checks, {});
  const today = utcDate(Date.now());
  const expired = config.waivers.filter((w) => w.expires < today);
  const lines = [
    `${file}: valid`,
    `  target   ${target.baseUrl} (${target.login.kind} login, oracle ${target.authenticated.url}${target.authenticated.expect ? ', configured' : ', calibrated'})`,
    `  spec     preset ${spec.preset}${spec.store ? `, store ${spec.store}` : ''}${spec.overrides.length ? `; overrides: ${spec.overrides.join(', ')}` : ''}`,
    `  timeouts idle ${fmt(spec.timeouts.idleMs)}, absolute ${fmt(spec.timeouts.absoluteMs)}, grace ${formatDuration(spec.timeouts.graceMs)}${renewalText(spec.timeouts.renewal)}`,
    ...(spec.toolDefaults.length ? [`  defaults sessionprobe's, where the standard asks only for a documented value: ${spec.toolDefaults.join(', ')}`] : []),
    ...spec.severityAdjustments.map((a) => `  severity ${a.check} one step ${a.direction === 'lower' ? 'lower' : 'higher'}: ${a.reason}`),
    `  checks   ${selected.length} of ${CHECKS.length} selected`,
    ...(config.waivers.length ? [`  waivers  ${config.waivers.length}, ${expired.length} expired`] : []),
    ...expired.map((w) => `warning: waivers[${config.waivers.indexOf(w)}] (${w.check}, owner ${w.owner}) expired on ${w.expires}: it no longer waives anything`),
    ...specContradictions(spec).map(contradictionWarning),
    ...placeholders(config.target, ['target']).map((at) => `warning: ${at} is still ${TODO_VALUE} (a placeholder from sessionprobe init)`),
  ];
  out.write(lines.join('\n') + '\n');
}

function fmt(ms: number | null): string {
  return ms === null ? 'not required' : formatDuration(ms);
}

function placeholders(value: unknown, at: PathSegment[]): string[] {
  if (value === TODO_VALUE) return [jsonPath(at)];
  if (Array.isArray(value)) return value.flatMap((item, i) => placeholders(item, [...at, i]));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => placeholders(v, [...at, k]));
  return [];
}

function renewalText(renewal: { everyMs: number; overlapMs: number } | null): string {
  return renewal ? `, ID renewed every ${formatDuration(renewal.everyMs)} (overlap ${formatDuration(renewal.overlapMs)})` : '';
}
