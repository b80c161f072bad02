/**
 * What `run --dry-run` prints: proof that the config works against the target (one login, the oracle,
 * the session cookie) and what the full run would do there and for how long.
 */
import type { DryRunPlan } from '../run.js';
import { formatDuration } from '../config/durations.js';
import { describeMasked } from '../evidence.js';
import { visibleControls } from '../visible-text.js';

export function describeDryRun(plan: DryRunPlan, target: { baseUrl: string; loginKind: string }): string {
  const { session } = plan;
  const carriers =
    session.authKind === 'bearer'
      ? `a bearer token sent in Authorization${session.bearer ? ` (${describeMasked(session.bearer.value)})` : ''}`
      : `cookie ${session.sessionCookies.join(', ')} (${session.discovery.method === 'configured' ? 'configured' : 'found by ablation'})`;
  const waiting = plan.probes.filter((p) => p.expectedMs !== undefined);
  const waitMs = waiting.reduce((ms, p) => ms + p.expectedMs!, 0);
  const others = plan.probes.length - waiting.length;
  const duration =
    waitMs > 0
      ? `about ${formatDuration(waitMs)} of planned waits (${waiting.map((p) => p.title).join(', ')}), plus seconds for each of the ${others} other probes`
      : `seconds: no probe waits (${plan.probes.length} probes)`;
  const lines = [
    `dry run: ${target.baseUrl} can be tested (login, oracle and session cookie in ${formatDuration(plan.establishMs)})`,
    `  login    ${target.loginKind} login worked: ${session.login.exchanges.length} exchanges`,
    `  oracle   ${session.oracle.description}`,
    `           positive control: ${session.oracle.authenticated.reason}; negative control: ${session.oracle.anonymous.reason}`,
    `  session  ${carriers}`,
    ...session.discovery.notes.map((n) => `           ${n}`),
    `  checks   ${plan.checks} selected, gathered by ${plan.probes.length} probes: ${plan.probes.map((p) => p.title).join(', ')}`,
    ...plan.probes.flatMap((p) => p.lines.map((l) => `  plan     ${l}`)),
    `  duration ${duration}`,
  ];
  // The oracle's descriptions quote target-sent text: keep terminal control characters out.
  return lines.map(visibleControls).join('\n') + '\n';
}
