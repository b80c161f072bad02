import { defineCheck, outcome, type Outcome } from '../../src/model/check.js';
import { formatDuration } from '../../src/config/durations.js';
import { findingOf, notPlannedOutcome, requestOf, sessionProblem, timelineRow } from './judge.js';

export default defineCheck({
  meta: {
    id: 'timeout.renewal',
    suite: 'timeout',
    title: 'An active session gets a new ID periodically, and the old one dies',
    failureTitle: 'The session ID is not renewed, or the renewed-away ID still works',
    severity: 'info',
    remediation: {
      summary:
        'Renew the session ID periodically during long sessions (e.g. every 15 minutes) and invalidate the previous ID shortly after, limiting how long a stolen ID stays useful.',
      stacks: {
        'express-session': 'Call req.session.regenerate() when the session is older than the renewal interval, copying its data across.',
        django: 'Call request.session.cycle_key() from a middleware when the interval has passed.',
        php: 'session_regenerate_id(true) when a renewal timestamp in $_SESSION is older than the interval.',
        spring: 'Call HttpServletRequest.changeSessionId() from a filter when the interval has passed.',
        rails: 'Call reset_session (copying the needed keys) when the interval has passed.',
        laravel: '$request->session()->migrate(true) when the interval has passed.',
      },
    },
    refs: ['OWASP CS: Renewal Timeout'],
    requires: ['session', 'timeout'],
    procedure:
      'Opt-in (spec.timeouts.renewal). Log in a fresh session and keep it active (a request every quarter of the renewal interval) until a response sets a new session ID, at most until the interval plus one keep-alive and grace; once the overlap and grace have passed, confirm the renewed session is logged in and replay the previous ID.',
  },
  evaluate({ artifacts }, spec) {
    const a = artifacts.timeout;
    const p = a.renewal;
    const renewal = spec.timeouts.renewal;
    const expected = renewal
      ? `an active session gets a new ID within ${formatDuration(renewal.everyMs)}, and the previous ID is logged out ${formatDuration(renewal.overlapMs)} after the renewal`
      : 'periodic ID renewal (opt-in)';
    if ('notPlanned' in p) return notPlannedOutcome(p, expected);
    const control = p.session.requests[0];
    const replay = requestOf(p.session, 'replay');
    const current = requestOf(p.session, 'probe');
    const activities = p.session.requests.filter((r) => r.kind === 'activity');
    const timeline = {
      origin: a.origin,
      rows: [timelineRow('renewal', p.session, a.origin, p.renewedAt ? p.renewedAt.endedAt + p.overlapMs : control && control.endedAt + p.deadlineMs)],
    };
    const measured = {
      renewalEverySeconds: p.everyMs / 1000,
      overlapSeconds: p.overlapMs / 1000,
      renewedWithinSeconds: p.renewedAt && control ? Math.round(p.renewedAt.endedAt - control.endedAt) / 1000 : null,
      previousIdAtReplay: replay?.answer ?? null,
    };
    const judged = (o: Outcome): Outcome => ({ ...o, measured, timeline });

    const problem = sessionProblem(p.session, 'the renewal session', expected);
    if (problem) return judged(problem);
    const ended = activities.find((r) => r.answer !== 'yes');
    if (ended) {
      const after = formatDuration(Math.round(ended.startedAt - control!.endedAt));
      const state = ended.answer === 'no' ? 'was logged out' : `gave no clear answer (${ended.reason})`;
      return judged(outcome.inconclusive(expected, `the session ${state} ${after} after login, before any renewal was seen`, [findingOf('session ended while waiting for a renewal', ended)]));
    }
    if (p.renewedAt === null) {
      const span = activities.length ? formatDuration(Math.round(activities[activities.length - 1]!.endedAt - control!.endedAt)) : '0s';
      return judged(
        outcome.fail(expected, `the session ID stayed the same through ${activities.length} requests over ${span} of activity`, [
          findingOf('no renewal', control, ...activities.slice(-1)),
        ]),
      );
    }
    const renewedIn = formatDuration(Math.round(p.renewedAt.endedAt - control!.endedAt));
    if (!current) return judged(outcome.inconclusive(expected, `the ID was renewed within ${renewedIn}, but the renewed session was not probed`));
    if (current.answer !== 'yes') {
      return judged(
        outcome.inconclusive(expected, `the ID was renewed within ${renewedIn}, but the renewed session itself was ${current.answer === 'no' ? 'logged out' : 'of unknown state'} when the previous ID was due for replay (${current.reason})`, [
          findingOf('renewed session gone', current),
        ]),
      );
    }
    if (!replay) return judged(outcome.inconclusive(expected, `the ID was renewed within ${renewedIn}, but the previous ID was not replayed`));
    if (replay.answer === 'unknown') return judged(outcome.inconclusive(expected, `the replay of the previous ID gave no clear answer: ${replay.reason}`));
    const sinceRenewal = formatDuration(Math.round(replay.startedAt - p.renewedAt.endedAt));
    if (replay.answer === 'yes') {
      return judged(
        outcome.fail(expected, `the ID was renewed within ${renewedIn}, but the previous ID was still logged in ${sinceRenewal} after the renewal, past the ${formatDuration(p.overlapMs)} overlap`, [
          findingOf('renewed-away ID still accepted', replay),
        ]),
      );
    }
    const renewing = activities.find((r) => r.endedAt === p.renewedAt!.endedAt);
    return judged(
      outcome.pass(expected, `the ID was renewed within ${renewedIn} of login; the previous ID was logged out ${sinceRenewal} after the renewal while the renewed session stayed logged in`, {
        exchanges: [renewing, replay],
        controls: [control, current],
      }),
    );
  },
});
