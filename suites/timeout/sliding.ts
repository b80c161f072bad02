import { defineCheck, outcome, type Outcome } from '../../src/model/check.js';
import { formatDuration } from '../../src/config/durations.js';
import { bracketOf, elapsed, findingOf, notPlannedOutcome, requestOf, sessionProblem, timelineRow } from './judge.js';

export default defineCheck({
  meta: {
    id: 'timeout.sliding',
    suite: 'timeout',
    title: 'Activity resets the idle timer as the spec says',
    failureTitle: 'Activity does not reset the idle timer as the spec says',
    severity: 'low',
    refs: ['NIST SP 800-63B-4 §5.2', 'OWASP CS: Idle Timeout'],
    requires: ['session', 'timeout'],
    procedure:
      'Log in two fresh sessions at once; one stays idle (the control), the other makes one request at 0.6T (past half-window renewals); probe both at max(1.2T, T+g). Sliding: the active one is alive and the idle one dead; not sliding: both dead.',
  },
  evaluate({ artifacts }, spec) {
    const a = artifacts.timeout;
    const p = a.sliding;
    const sliding = spec.timeouts.sliding;
    const expected =
      sliding === false
        ? 'activity does not extend the idle timeout: a session active at 0.6T is logged out by the time an idle one is'
        : 'activity resets the idle timer: a session active at 0.6T is still logged in when an idle one has expired';
    if ('notPlanned' in p) return notPlannedOutcome(p, expected);
    const idleProbe = requestOf(p.idleSession, 'probe');
    const activity = requestOf(p.activeSession, 'activity');
    const activeProbe = requestOf(p.activeSession, 'probe');
    const control = p.activeSession.requests[0];
    const timeline = {
      origin: a.origin,
      ...(activity &&
        activeProbe && {
          bracket: bracketOf('idle time of the active session', 'after its activity', p.idleMs, [{ answer: activeProbe.answer, ...elapsed(activity, activeProbe) }]),
        }),
      rows: [
        timelineRow('idle (control)', p.idleSession, a.origin, p.idleSession.requests[0] && p.idleSession.requests[0].endedAt + p.idleMs),
        timelineRow(`active at ${formatDuration(p.activityAtMs)}`, p.activeSession, a.origin, activity && activity.endedAt + p.idleMs),
      ],
    };
    const measured = {
      idleSeconds: p.idleMs / 1000,
      activityAtSeconds: p.activityAtMs / 1000,
      probeAtSeconds: p.probeAtMs / 1000,
      idleSessionAtProbe: idleProbe?.answer ?? null,
      activeSessionAtProbe: activeProbe?.answer ?? null,
    };
    const judged = (o: Outcome): Outcome => ({ ...o, measured, timeline });

    const problem = sessionProblem(p.idleSession, 'the idle control session', expected) ?? sessionProblem(p.activeSession, 'the active session', expected);
    if (problem) return judged(problem);
    if (!idleProbe || !activity) return judged(outcome.inconclusive(expected, 'the sessions were not probed'));
    if (idleProbe.answer === 'unknown') return judged(outcome.inconclusive(expected, `the idle control gave no clear answer: ${idleProbe.reason}`));
    if (idleProbe.answer === 'yes') {
      return judged(
        outcome.inconclusive(
          expected,
          `the idle control session was still logged in ${formatDuration(Math.round(idleProbe.startedAt - control!.endedAt))} after its login, past the idle timeout: the idle timeout is not enforced (see timeout.idle), so whether activity resets it cannot be told`,
          [findingOf('idle control still logged in', idleProbe)],
        ),
      );
    }
    if (activity.answer !== 'yes') {
      return judged(
        outcome.inconclusive(expected, `the active session was already ${activity.answer === 'no' ? 'logged out' : 'of unknown state'} at its activity (${activity.reason})`, [
          findingOf('active session gone before its activity', activity),
        ]),
      );
    }
    if (!activeProbe) return judged(outcome.inconclusive(expected, 'the active session was not probed'));
    if (activeProbe.answer === 'unknown') return judged(outcome.inconclusive(expected, `the active session gave no clear answer: ${activeProbe.reason}`));
    const sinceActivity = activeProbe.endedAt - activity.startedAt;
    const sinceLogin = Math.round(activeProbe.startedAt - control!.endedAt);
    const alive = activeProbe.answer === 'yes';
    if (sliding === false) {
      return alive
        ? judged(
            outcome.fail(expected, `the session active at ${formatDuration(p.activityAtMs)} was still logged in ${formatDuration(sinceLogin)} after login while the idle one had expired: activity extended it`, [
              findingOf('activity extended the session', activity, activeProbe),
            ]),
          )
        : judged(outcome.pass(expected, `both sessions were logged out ${formatDuration(sinceLogin)} after login; activity did not extend the session`));
    }
    if (alive) {
      return judged(
        outcome.pass(expected, `the idle session had expired and the one active at ${formatDuration(p.activityAtMs)} was still logged in ${formatDuration(sinceLogin)} after login`),
      );
    }
    // Timers that ran late can leave the active session idle for longer than T−g: then its death proves nothing.
    if (sinceActivity > p.idleMs - p.graceMs) {
      return judged(
        outcome.inconclusive(expected, `the active session was probed ${formatDuration(Math.round(sinceActivity))} after its activity, too close to the idle timeout to tell`),
      );
    }
    return judged(
      outcome.fail(
        expected,
        `the session active at ${formatDuration(p.activityAtMs)} expired anyway: logged out ${formatDuration(sinceLogin)} after login, only ${formatDuration(Math.round(sinceActivity))} after its last request; the idle timer runs from login, not from the last request`,
        [findingOf('activity did not extend the session', activity, activeProbe)],
      ),
    );
  },
});
