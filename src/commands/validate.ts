/**
 * `sessionprobe validate`: load and check a config without touching the target.
 */
import { CHECKS } from '../../suites/index.js';
import { formatDuration } from '../config/durations.js';
import { selectChecks } from '../select.js';
import { loadConfigOrExit, resolveConfigPath } from './config-file.js';

export async function validateCommand(args: { config?: string }, out: NodeJS.WritableStream): Promise<void> {
  const file = await resolveConfigPath(args.config);
  const config = await loadConfigOrExit(file);
  const { spec, target } = config;
  const selected = selectChecks(CHECKS, config.checks, {});
  const lines = [
    `${file}: valid`,
    `  target   ${target.baseUrl} (${target.login.kind} login, oracle ${target.authenticated.url}${target.authenticated.expect ? ', configured' : ', calibrated'})`,
    `  spec     preset ${spec.preset}${spec.overrides.length ? `, overrides: ${spec.overrides.join(', ')}` : ''}`,
    `  timeouts idle ${fmt(spec.timeouts.idleMs)}, absolute ${fmt(spec.timeouts.absoluteMs)}, grace ${formatDuration(spec.timeouts.graceMs)}`,
    `  checks   ${selected.length} of ${CHECKS.length} selected`,
  ];
  out.write(lines.join('\n') + '\n');
}

function fmt(ms: number | null): string {
  return ms === null ? 'not required' : formatDuration(ms);
}
