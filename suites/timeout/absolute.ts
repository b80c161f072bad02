import { defineCheck, outcome, type Outcome } from '../../src/model/check.js';
import { formatDuration } from '../../src/config/durations.js';
import { revivalOf } from '../shared/checks-common.js';
import { bracketOf, corroborated, describeBracket, elapsed, findingOf, measuredOf, notPlannedOutcome, sessionProblem, timelineRow } from './judge.js';
import { graceFor } from './plan.js';

export default defineCheck({
  meta: {
    id: 'timeout.absolute',
    suite: 'timeout',
    title: 'A session ends after the absolute timeout, however active',
    failureTitle: 'An active session outlives the absolute timeout',
    severity: 'medium',
    remediation: {
      summary:
        'End every session a fixed time after login, however active it is: store the login time with the session and reject the session once the absolute limit has passed, forcing re-authentication.',
      stacks: {
        'express-session': 'Store req.session.createdAt at login and destroy the session in a middleware when it is older than the limit (rolling: true alone never ends an active session).',
        django: 'Store the login time in request.session and log the user out in a middleware once it is too old (SESSION_COOKIE_AGE is idle-like with SESSION_SAVE_EVERY_REQUEST).',
        php: 'Store the login time in $_SESSION and session_destroy() once it is too old.',
        spring: 'Record the authentication time and invalidate the session in a filter once the limit is reached (server.servlet.session.timeout is an idle timeout).',
        'aspnet-core': 'In CookieAuthenticationEvents.OnValidatePrincipal, reject the principal when Properties.IssuedUtc is older than the limit.',
        rails: 'Store session[:created_at] at login and reset_session in a before_action when it is too old.',
        flask: 'Store the login time in the session and call logout_user() in a before_request hook when it is too old.',
        laravel: 'Store the login time in the session and Auth::logout() in a middleware when it is too old (lifetime is an idle timeout).',
      },
    },
    refs: [
      'ASVS v4.0.3-3.3.2',
      'ASVS v5.0.0-7.3.2',
      'NIST SP 800-63B §4.1.3, §4.2.3, §4.3.3',
      'NIST SP 800-63B-4 §2.1.3, §2.2.3, §2.3.3, §5.2',
      'OWASP CS: Absolute Timeout',
    ],
    requires: ['session', 'timeout'],
    procedure:
      'Log in a fresh session and keep it active with a request every 0.4 × the idle timeout (so no idle timeout can end it), and once at T + g/2 (so a lifetime from login shorter than T+g is seen before T+g), until the absolute timeout plus grace; it must be logged out by then. Ended before A−g, it counts only when another session kept active ended at the same age (a timer from login); otherwise it may have been evicted: inconclusive. Inconclusive too when the wait exceeds the wait budget (--max-wait). A session still logged in at A+g has the jar it held before that reading replayed and ablated, to name the cookie that keeps or brings it back.',
  },
  evaluate({ artifacts }, spec) {
    const a = artifacts.timeout;
    const p = a.absolute;
    const A = spec.timeouts.absoluteMs ?? 0;
    const expectedFor = (g: number) => `a session kept active is logged out by A+g (${formatDuration(A)} + grace ${formatDuration(g)}) after login`;
    if ('notPlanned' in p) return notPlannedOutcome(p, expectedFor(spec.timeouts.graceMs));
    const expected = expectedFor(p.graceMs);
    const s = p.session;
    const login = s.login;
    // Its own requests: a server-enforced replay of its login cookie may follow them.
    const requests = s.requests.filter((r) => r.kind !== 'replay');
    const samples = login ? requests.map((r) => ({ answer: r.answer, ...elapsed(login, r) })) : [];
    const bracket = bracketOf('absolute timeout', 'after login', p.absoluteMs, samples);
    const timeline = {
      origin: a.origin,
      bracket,
      rows: [timelineRow('kept active', s, a.origin, login && login.endedAt + p.absoluteMs)],
    };
    const judged = (o: Outcome): Outcome => ({ ...o, measured: measuredOf(bracket, p.graceMs), timeline });

    const firstOut = requests.findIndex((r) => r.answer !== 'yes');
    const ended = requests[firstOut];
    if (ended?.answer === 'no' && firstOut > 0) {
      const before = requests[firstOut - 1]!;
      const idle = spec.timeouts.idleMs;
      // A keep-alive that came too late lets the idle timeout end the session: that says nothing about the absolute one.
      if (idle !== null && ended.startedAt - before.endedAt >= idle - graceFor(idle, { timeouts: spec.timeouts, rttMs: a.rttMs })) {
        return judged(
          outcome.inconclusive(
            expected,
            `the session ended after a ${formatDuration(Math.round(ended.startedAt - before.endedAt))} gap between keep-alive requests, long enough for the idle timeout to end it`,
            [findingOf('keep-alive fell behind', before, ended)],
          ),
        );
      }
      const early = bracket.deadMs !== null && bracket.deadMs < p.absoluteMs - p.graceMs;
      // Alive on every keep-alive until A−g is this session's positive control: ended before that, it may have
      // been evicted. Only a timer that runs from login explains it, and that ends other active sessions at the same age.
      if (early && !corroborated(a, s)) {
        return judged(
          outcome.inconclusive(
            expected,
            `the session was lost early: logged out while kept active, ${describeBracket(bracket)}, well before A−g, and no other session kept active ended at that age; a session limit may have evicted it, so nothing can be concluded`,
            [findingOf('kept-active session lost before A−g', before, ended)],
          ),
        );
      }
      const note = early
        ? '; well before the absolute timeout — activity did not keep it alive, so the idle timeout may not be reset by requests (see timeout.sliding)'
        : '';
      return judged(outcome.pass(expected, `logged out while kept active: ${describeBracket(bracket)}${note}`, { exchanges: [ended], controls: [requests[0], before] }));
    }
    const problem = sessionProblem(s, 'the kept-active session', expected);
    if (problem) return judged(problem);
    if (ended) return judged(outcome.inconclusive(expected, `a request on the kept-active session gave no clear answer: ${ended.reason}`, [findingOf('unclear answer', ended)]));
    const last = requests[requests.length - 1]!;
    if (last.kind !== 'probe') return judged(outcome.inconclusive(expected, 'the kept-active session was never probed at A+g'));
    const revived = revivalOf(p.jar, 'the absolute timeout', []);
    return judged(
      outcome.fail(expected, `still logged in at A+g: ${describeBracket(bracket)}, kept active by ${requests.length - 1} requests${revived ? `; ${revived.observed}` : ''}`, [
        findingOf(`still logged in ${formatDuration(Math.round(bracket.aliveMs ?? 0))} after login (${last.reason})`, last),
        ...(revived?.findings ?? []),
      ]),
    );
  },
});
