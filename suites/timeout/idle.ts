import { defineCheck, outcome, type Outcome } from '../../src/model/check.js';
import { formatDuration } from '../../src/config/durations.js';
import type { Timeline } from '../../src/model/timeline.js';
import { revivalOf } from '../shared/checks-common.js';
import { bracketOf, describeBracket, elapsed, findingOf, lifetimeMayExplain, measuredOf, notPlannedOutcome, readingOf, sessionProblem, timelineRow } from './judge.js';

export default defineCheck({
  meta: {
    id: 'timeout.idle',
    suite: 'timeout',
    title: 'An idle session expires after the idle timeout',
    failureTitle: 'An idle session stays valid past the idle timeout',
    severity: 'high',
    remediation: {
      summary:
        'Expire a session on the server after the idle timeout without requests: keep a last-activity time with the session (or a store TTL that each request refreshes) and reject the session once it is older than the limit.',
      stacks: {
        'express-session': 'cookie.maxAge set to the idle timeout with rolling: true, and a store TTL (e.g. connect-redis ttl) of the same length.',
        django: 'SESSION_COOKIE_AGE = idle seconds with SESSION_SAVE_EVERY_REQUEST = True.',
        php: 'Store a last-activity timestamp in $_SESSION and destroy the session when it is too old; session.gc_maxlifetime alone is probabilistic.',
        spring: 'server.servlet.session.timeout=30m (Spring Session: spring.session.timeout).',
        'aspnet-core': 'options.ExpireTimeSpan = the idle timeout with SlidingExpiration = true (AddSession: options.IdleTimeout).',
        rails: 'Devise :timeoutable with config.timeout_in, or expire_after: on a server-side session store.',
        flask: 'PERMANENT_SESSION_LIFETIME = idle timeout with session.permanent = True and SESSION_REFRESH_EACH_REQUEST = True, enforced by a server-side store.',
        laravel: "'lifetime' => idle minutes in config/session.php with a server-side driver.",
      },
    },
    refs: [
      'WSTG-SESS-06',
      'WSTG-SESS-07',
      'ASVS v4.0.3-3.3.2',
      'ASVS v5.0.0-7.3.1',
      'ASVS v5.0.0-7.1.1',
      'NIST SP 800-63B §4.2.3, §4.3.3, §7.2',
      'NIST SP 800-63B-4 §2.1.3-§2.3.3, §5.2',
      'OWASP CS: Idle Timeout',
    ],
    requires: ['session', 'timeout'],
    procedure:
      'Log in a fresh session and leave it idle; read it as late as possible while it must still be logged in (T−g, or earlier when the absolute timeout would end it first: halfway to the latest moment that keeps the decisive reading before A−g, the rest left for a reading a busy machine delays) as its positive control, then again T+g after that reading: it must be logged out (when that reading comes too late to tell idleness from the absolute timeout, a busy machine having delayed it, it is taken once more on a new session if the wait budget allows). A session lost before its positive control proves nothing (inconclusive). When the control comes before T−g, one more session is read once at T−g for the bracket. A session still logged in at T+g has the jar it held before that reading replayed and ablated, to name the cookie that keeps or brings it back.',
  },
  evaluate({ artifacts }, spec) {
    const a = artifacts.timeout;
    const idle = a.idle;
    const T = spec.timeouts.idleMs;
    const expectedFor = (g: number) => `a session idle for T+g (${formatDuration(T ?? 0)} + grace ${formatDuration(g)}) is logged out`;
    if ('notPlanned' in idle) return notPlannedOutcome(idle, expectedFor(spec.timeouts.graceMs));
    const expected = expectedFor(idle.graceMs);
    const samples = idle.rungs.flatMap((r) => {
      const reading = readingOf(r);
      return reading ? [{ rung: r, probe: reading.at, control: reading.from, answer: reading.at.answer, ...elapsed(reading.from, reading.at) }] : [];
    });
    const bracket = bracketOf('idle timeout', 'after the last request', idle.idleMs, samples);
    const sessions = [...new Set(idle.rungs.map((r) => r.session))];
    const timeline: Timeline = {
      origin: a.origin,
      bracket,
      rows: sessions.map((session) => {
        const labels = idle.rungs.filter((r) => r.session === session).map((r) => r.label);
        const decisive = idle.rungs.filter((r) => r.session === session).sort((x, y) => y.at - x.at)[0]!;
        const from = readingOf(decisive)?.from;
        return timelineRow(`idle, read at ${labels.join(' and ')}`, session, a.origin, from && from.endedAt + idle.idleMs);
      }),
    };
    const extra = { measured: measuredOf(bracket, idle.graceMs), timeline };
    const readAgain = idle.rungs.find((r) => r.label === 'T+g')?.session.readAgain;
    const judged = (o: Outcome): Outcome => ({ ...o, ...extra, ...(readAgain && { observed: `${o.observed} (on a second session: the first one's ${readAgain})` }) });

    // A single authenticated answer at or past T+g is sound evidence, whatever the other rungs say (CHECKS.md edge case 2).
    const late = samples.filter((s) => s.rung.offsetMs >= idle.idleMs + idle.graceMs && s.answer === 'yes');
    if (late.length > 0) {
      const worst = late[late.length - 1]!;
      const revived = revivalOf(idle.jar, 'the idle timeout', []);
      return judged(
        outcome.fail(
          expected,
          `a session idle for ${formatDuration(Math.round(worst.atLeast))} (probe ${worst.rung.label}) was still logged in: ${describeBracket(bracket)}${revived ? `; ${revived.observed}` : ''}`,
          [
            ...late.map((s) => findingOf(`idle ${formatDuration(Math.round(s.atLeast))} after its last request, still logged in (${s.probe.reason})`, s.control, s.probe)),
            ...(revived?.findings ?? []),
          ],
        ),
      );
    }
    const decisive = idle.rungs.find((r) => r.label === 'T+g')!;
    const problem = sessionProblem(decisive.session, 'the session probed at T+g', expected, decisive.at);
    if (problem) return judged(problem);
    const probe = decisive.session.requests[decisive.at];
    if (!probe) return judged(outcome.inconclusive(expected, 'the session probed at T+g was never probed'));
    if (probe.answer === 'unknown') return judged(outcome.inconclusive(expected, `the probe at T+g gave no clear answer: ${probe.reason}`, [findingOf('unclear answer at T+g', probe)]));
    const lifetime = lifetimeMayExplain(a, spec.timeouts.absoluteMs, decisive.session, probe, idle.idleMs + idle.graceMs);
    if (lifetime) return judged(outcome.inconclusive(expected, `logged out at T+g, but ${lifetime}`, [findingOf('logged out at T+g, too late to tell idleness from the session lifetime', probe)]));
    const early = samples.find((s) => s.rung.label === 'T−g' && s.answer === 'no');
    const note = early ? '; already logged out at T−g, so the idle timeout is shorter than the spec’s (allowed)' : '';
    return judged(
      outcome.pass(expected, `logged out at T+g: ${describeBracket(bracket)}${note}`, {
        exchanges: [probe, readingOf(decisive)?.from],
        controls: [decisive.session.requests[0]],
      }),
    );
  },
});
