/**
 * revocation.delay (CHECKS.md rule 25): after each revocation event the spec requires, the old session
 * was replayed on a rising schedule through baseUrl and on each instance; every place must refuse it
 * within spec.invalidation.maxDelay plus grace.
 */
import { defineCheck, outcome, type Finding, type RequiredArtifacts } from '../../src/model/check.js';
import type { RevocationTiming } from '../../src/model/artifacts.js';
import type { OracleObservation } from '../../src/model/observation.js';
import type { Spec } from '../../src/config/types.js';
import { formatDuration } from '../../src/config/durations.js';
import { brackets, describeBracket, REVOCATION_GRACE_MS } from '../../src/revocation/bracket.js';

/** The events whose revocation the spec requires, with the timing their probe recorded (or why none). */
function requiredEvents(a: RequiredArtifacts<'logout' | 'passwordChange' | 'signOutEverywhere'>, spec: Spec): Array<{ event: string; timing: RevocationTiming | string }> {
  const events: Array<{ event: string; timing: RevocationTiming | string }> = [];
  const logout = a.logout;
  if (spec.invalidation.logout && !('notConfigured' in logout)) events.push({ event: 'logout', timing: logout.timing });
  const pw = a.passwordChange;
  const pwRequired = spec.invalidation.passwordChange === 'revoke-others' || spec.invalidation.passwordChange === 'revoke-all';
  if (pwRequired && !('notConfigured' in pw)) events.push({ event: 'password change', timing: pw.timing ?? `the password change did not run${pw.stoppedEarly ? ` (${pw.stoppedEarly})` : ''}` });
  const signOut = a.signOutEverywhere;
  if (spec.invalidation.signOutEverywhere && !('notConfigured' in signOut)) events.push({ event: 'sign-out-everywhere', timing: signOut.timing });
  return events;
}

export default defineCheck({
  meta: {
    id: 'revocation.delay',
    suite: 'revocation',
    title: 'Revoked sessions stop working at once, on every instance',
    failureTitle: 'Revoked sessions keep working for a while',
    severity: 'high',
    remediation: {
      summary:
        'Make revocation reach every instance at once: delete the session from the shared store and drop every in-process copy of it (publish the revoked session ID on a channel every instance listens to, or do not cache sessions in process at all); a cache that must stay should live shorter than the delay the spec allows.',
      stacks: {
        'express-session': 'Use one shared store (connect-redis) without a per-process cache in front of it; req.session.destroy() then removes the only copy.',
        django: 'Use the cache or db session backend on a shared cache; avoid cached_db with per-process local-memory caches (LocMemCache) behind a load balancer.',
        php: 'Store sessions in a shared handler (redis, memcached) and call session_destroy(); do not keep session data in APCu per server.',
        spring: 'Spring Session with Redis: sessionRepository.deleteById(id); with a local cache, evict it on the session-deleted event.',
        'aspnet-core': 'With an ITicketStore or IDistributedCache, remove the ticket on sign-out and do not wrap it in IMemoryCache.',
        rails: 'Use a shared store (redis-session-store / activerecord-session_store) and reset_session; avoid per-process caching of the session.',
        laravel: "Use the redis or database session driver and $request->session()->invalidate(); avoid the 'array' or per-server file driver behind a balancer.",
      },
    },
    refs: ['ASVS v5.0.0-7.4.1', 'ASVS v5.0.0-7.4.3', 'WSTG-SESS-06', 'OWASP CS: Session Expiration'],
    requires: ['logout', 'passwordChange', 'signOutEverywhere'],
    procedure:
      'After logout, a password change (another device) and sign-out-everywhere, replay the old session artifacts on a rising schedule (gaps of at most 1 s) through baseUrl and on each of target.instances until they are refused.',
  },
  evaluate({ artifacts }, spec) {
    const allowedMs = spec.invalidation.maxDelayMs + REVOCATION_GRACE_MS;
    const expected = `after each revocation event the old session is refused on every instance within ${formatDuration(spec.invalidation.maxDelayMs)} (spec.invalidation.maxDelay) plus ${formatDuration(REVOCATION_GRACE_MS)} grace`;
    const events = requiredEvents(artifacts, spec);
    if (events.length === 0) return outcome.skipped('no revocation event the spec requires has a flow in the target profile (logout, password change, sign-out-everywhere)');
    const findings: Finding[] = [];
    const unclear: string[] = [];
    const measured: Record<string, string> = {};
    const replays: number[][] = [];
    const controls: OracleObservation[] = [];
    for (const { event, timing } of events) {
      if (typeof timing === 'string') {
        unclear.push(`${event}: ${timing}`);
        continue;
      }
      for (const b of brackets(timing)) {
        const where = `${event} on ${b.target}`;
        const text = describeBracket(b, timing.boundMs);
        measured[where] = text;
        const exchanges = timing.places.find((p) => p.target === b.target)!.replays.map((r) => r.observation.exchange);
        replays.push(exchanges);
        controls.push(...timing.before.filter((p) => p.target === b.target).map((p) => p.observation));
        if (b.acceptedAtMs !== null && b.acceptedAtMs > allowedMs) {
          findings.push({ message: `${where}: ${text}`, exchanges });
        } else if (b.control !== 'yes') {
          unclear.push(`${where}: the session was not logged in there before the event (${b.control}), so a refusal proves nothing`);
        } else if (b.refusedAtMs === null || b.unclear) {
          unclear.push(`${where}: ${b.unclear ? 'a replay could not be judged' : text}`);
        }
      }
    }
    if (findings.length > 0) return { ...outcome.fail(expected, `still accepted after the allowed delay: ${findings.map((f) => f.message).join('; ')}`, findings), measured };
    if (unclear.length > 0) return { ...outcome.inconclusive(expected, unclear.join('; ')), measured };
    return { ...outcome.pass(expected, Object.entries(measured).map(([k, v]) => `${k}: ${v}`).join('; '), { exchanges: replays, controls }), measured };
  },
});
