import { defineCheck, outcome, type Outcome } from '../../src/model/check.js';
import { formatDuration } from '../../src/config/durations.js';
import type { Timeline } from '../../src/model/timeline.js';
import { bracketOf, describeBracket, elapsed, findingOf, measuredOf, notPlannedOutcome, requestOf, sessionProblem, timelineRow } from './judge.js';

export default defineCheck({
  meta: {
    id: 'timeout.idle',
    suite: 'timeout',
    title: 'An idle session expires after the idle timeout',
    failureTitle: 'An idle session stays valid past the idle timeout',
    severity: 'high',
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
      'Log in several fresh sessions at once and leave them idle; probe each exactly once, at its own offset after its last request (0.5T, T−g, T+g, and 1.5T when another probe waits that long anyway). The session probed at T+g must be logged out.',
  },
  evaluate({ artifacts }, spec) {
    const a = artifacts.timeout;
    const idle = a.idle;
    const T = spec.timeouts.idleMs;
    const expectedFor = (g: number) => `a session idle for T+g (${formatDuration(T ?? 0)} + grace ${formatDuration(g)}) is logged out`;
    if ('notPlanned' in idle) return notPlannedOutcome(idle, expectedFor(spec.timeouts.graceMs));
    const expected = expectedFor(idle.graceMs);
    const samples = idle.rungs.flatMap((r) => {
      const control = r.session.requests[0];
      const probe = requestOf(r.session, 'probe');
      return control && probe && control.answer === 'yes' ? [{ rung: r, control, probe, answer: probe.answer, ...elapsed(control, probe) }] : [];
    });
    const bracket = bracketOf('idle timeout', 'after the last request', idle.idleMs, samples);
    const timeline: Timeline = {
      origin: a.origin,
      bracket,
      rows: idle.rungs.map((r) => {
        const control = r.session.requests[0];
        return timelineRow(`idle, probed at ${r.label}`, r.session, a.origin, control && control.endedAt + idle.idleMs);
      }),
    };
    const extra = { measured: measuredOf(bracket, idle.graceMs), timeline };
    const judged = (o: Outcome): Outcome => ({ ...o, ...extra });

    // A single authenticated answer at or past T+g is sound evidence, whatever the other rungs say (CHECKS.md edge case 2).
    const late = samples.filter((s) => s.rung.offsetMs >= idle.idleMs + idle.graceMs && s.answer === 'yes');
    if (late.length > 0) {
      const worst = late[late.length - 1]!;
      return judged(
        outcome.fail(
          expected,
          `a session idle for ${formatDuration(Math.round(worst.atLeast))} (probe ${worst.rung.label}) was still logged in: ${describeBracket(bracket)}`,
          late.map((s) => findingOf(`idle ${formatDuration(Math.round(s.atLeast))} after its last request, still logged in (${s.probe.reason})`, s.control, s.probe)),
        ),
      );
    }
    const decisive = idle.rungs.find((r) => r.label === 'T+g')!;
    const problem = sessionProblem(decisive.session, 'the session probed at T+g', expected);
    if (problem) return judged(problem);
    const probe = requestOf(decisive.session, 'probe');
    if (!probe) return judged(outcome.inconclusive(expected, 'the session probed at T+g was never probed'));
    if (probe.answer === 'unknown') return judged(outcome.inconclusive(expected, `the probe at T+g gave no clear answer: ${probe.reason}`, [findingOf('unclear answer at T+g', probe)]));
    const early = samples.find((s) => s.rung.label === 'T−g' && s.answer === 'no');
    const note = early ? '; already logged out at T−g, so the idle timeout is shorter than the spec’s (allowed)' : '';
    return judged(outcome.pass(expected, `logged out at T+g: ${describeBracket(bracket)}${note}`));
  },
});
