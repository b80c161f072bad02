import { defineCheck, outcome, type Outcome } from '../../src/model/check.js';
import { formatDuration } from '../../src/config/durations.js';
import { bracketOf, corroborated, elapsed, findingOf, notPlannedOutcome, readingOf, sessionProblem, timelineRow } from './judge.js';

export default defineCheck({
  meta: {
    id: 'timeout.sliding',
    suite: 'timeout',
    title: 'Activity resets the idle timer as the spec says',
    failureTitle: 'Activity does not reset the idle timer as the spec says',
    severity: 'low',
    remediation: {
      summary:
        'Make activity extend the idle deadline exactly as the spec says: with sliding expiry each authenticated request restarts the idle timer; without it the deadline stays fixed from login.',
      stacks: {
        'express-session': 'rolling: true (sliding) or rolling: false (fixed), with the store TTL touched accordingly (resave / store.touch).',
        django: 'SESSION_SAVE_EVERY_REQUEST = True for sliding expiry, False for fixed.',
        spring: 'Servlet and Spring Session timeouts slide on every access; implement a fixed deadline yourself if the spec asks for one.',
        'aspnet-core': 'options.SlidingExpiration = true or false.',
        rails: 'expire_after: on the session store slides on each write; Devise :timeoutable slides on each request.',
        flask: 'SESSION_REFRESH_EACH_REQUEST = True or False.',
        laravel: 'Sessions slide on every request; store a fixed deadline yourself if the spec asks for one.',
      },
    },
    refs: ['NIST SP 800-63B-4 §5.2', 'OWASP CS: Idle Timeout'],
    requires: ['session', 'timeout'],
    procedure:
      'A session active at 0.6T or later (past half-window renewals) is read again within T−g of that activity but past T+g since its login; the idle session read T+g after its last request is the control that the idle timeout is enforced at all. When the schedule has room, the idle session itself carries it: its positive control at T−g is the activity. Sliding: the active reading is logged in and the idle one logged out; not sliding: both logged out. An active session that ended while another session kept active outlived that age proves nothing (inconclusive).',
  },
  evaluate({ artifacts }, spec) {
    const a = artifacts.timeout;
    const p = a.sliding;
    const sliding = spec.timeouts.sliding;
    const expected =
      sliding === false
        ? 'activity does not extend the idle timeout: a session active at 0.6T or later is logged out by the time an idle one is'
        : 'activity resets the idle timer: a session active at 0.6T or later is still logged in when an idle one has expired';
    if ('notPlanned' in p) return notPlannedOutcome(p, expected);
    const idleProbe = p.idle.session.requests[p.idle.at];
    const activity = p.activity.session.requests[p.activity.at];
    const activeProbe = p.active.session.requests[p.active.at];
    const control = p.active.session.requests[0];
    const idleFrom = readingOf(p.idle)?.from;
    const sameSession = p.idle.session === p.active.session;
    const timeline = {
      origin: a.origin,
      ...(activity &&
        activeProbe && {
          bracket: bracketOf('idle time of the active session', 'after its activity', p.idleMs, [{ answer: activeProbe.answer, ...elapsed(activity, activeProbe) }]),
        }),
      rows: sameSession
        ? [timelineRow(`active at ${formatDuration(p.activityAtMs)}, then idle (control)`, p.active.session, a.origin, activity && activity.endedAt + p.idleMs)]
        : [
            timelineRow('idle (control)', p.idle.session, a.origin, idleFrom && idleFrom.endedAt + p.idleMs),
            timelineRow(`active at ${formatDuration(p.activityAtMs)}`, p.active.session, a.origin, activity && activity.endedAt + p.idleMs),
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

    const problem = sessionProblem(p.active.session, 'the active session', expected, p.activity.at);
    if (problem) return judged(problem);
    if (!activity) return judged(outcome.inconclusive(expected, 'the active session was not probed'));
    if (activity.answer !== 'yes') {
      return judged(
        outcome.inconclusive(expected, `the active session was already ${activity.answer === 'no' ? 'logged out' : 'of unknown state'} at its activity (${activity.reason})`, [
          findingOf('active session gone before its activity', activity),
        ]),
      );
    }
    if (!activeProbe) return judged(outcome.inconclusive(expected, 'the active session was not probed'));
    if (activeProbe.answer === 'unknown') return judged(outcome.inconclusive(expected, `the active session gave no clear answer: ${activeProbe.reason}`));
    const idleProblem = sessionProblem(p.idle.session, 'the idle control session', expected, p.idle.at);
    if (idleProblem) return judged(idleProblem);
    if (!idleProbe || !idleFrom) return judged(outcome.inconclusive(expected, 'the idle control session was not probed'));
    if (idleProbe.answer === 'unknown') return judged(outcome.inconclusive(expected, `the idle control gave no clear answer: ${idleProbe.reason}`));
    if (idleProbe.answer === 'yes') {
      return judged(
        outcome.inconclusive(
          expected,
          `the idle control session was still logged in ${formatDuration(Math.round(idleProbe.startedAt - idleFrom.endedAt))} after its last request, past the idle timeout: the idle timeout is not enforced (see timeout.idle), so whether activity resets it cannot be told`,
          [findingOf('idle control still logged in', idleProbe)],
        ),
      );
    }
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
        : judged(
            outcome.pass(expected, `both sessions were logged out ${formatDuration(sinceLogin)} after login; activity did not extend the session`, {
              exchanges: [activeProbe, idleProbe],
              controls: [control, activity],
            }),
          );
    }
    if (alive) {
      return judged(
        outcome.pass(expected, `the idle session had expired and the one active at ${formatDuration(p.activityAtMs)} was still logged in ${formatDuration(sinceLogin)} after login`, {
          exchanges: [activity, activeProbe, idleProbe],
          controls: [control],
        }),
      );
    }
    // Timers that ran late can leave the active session idle for longer than T−g: then its death proves nothing.
    if (sinceActivity > p.idleMs - p.graceMs) {
      return judged(
        outcome.inconclusive(expected, `the active session was probed ${formatDuration(Math.round(sinceActivity))} after its activity, too close to the idle timeout to tell`),
      );
    }
    // A session limit ends sessions at any moment; a timer that runs from login ends every active session at
    // the same age. When another session was kept active, its end must agree.
    if (!('notPlanned' in a.absolute) && a.absolute.session !== p.active.session && !corroborated(a, p.active.session)) {
      return judged(
        outcome.inconclusive(
          expected,
          `the session active at ${formatDuration(p.activityAtMs)} was lost ${formatDuration(Math.round(sinceActivity))} after its activity, but the session kept active for timeout.absolute did not end at that age: it may have been evicted (session limit), so nothing can be concluded`,
          [findingOf('active session lost', activity, activeProbe)],
        ),
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
