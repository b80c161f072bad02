import { defineCheck, outcome, type Outcome } from '../../src/model/check.js';
import { formatDuration } from '../../src/config/durations.js';
import { bracketOf, describeBracket, elapsed, findingOf, measuredOf, notPlannedOutcome, sessionProblem, timelineRow } from './judge.js';
import { graceFor } from './plan.js';

export default defineCheck({
  meta: {
    id: 'timeout.absolute',
    suite: 'timeout',
    title: 'A session ends after the absolute timeout, however active',
    failureTitle: 'An active session outlives the absolute timeout',
    severity: 'medium',
    refs: [
      'ASVS v4.0.3-3.3.2',
      'ASVS v5.0.0-7.3.2',
      'NIST SP 800-63B §4.1.3, §4.2.3, §4.3.3',
      'NIST SP 800-63B-4 §2.1.3, §2.2.3, §2.3.3, §5.2',
      'OWASP CS: Absolute Timeout',
    ],
    requires: ['session', 'timeout'],
    procedure:
      'Log in a fresh session and keep it active with a request every 0.4 × the idle timeout (so no idle timeout can end it), until the absolute timeout plus grace; it must be logged out by then. Inconclusive when that wait exceeds the wait budget (--max-wait).',
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
    const requests = s.requests;
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
      const note = early
        ? '; well before the absolute timeout — activity did not keep it alive, so the idle timeout may not be reset by requests (see timeout.sliding)'
        : '';
      return judged(outcome.pass(expected, `logged out while kept active: ${describeBracket(bracket)}${note}`, [findingOf('first logged-out answer', ended)]));
    }
    const problem = sessionProblem(s, 'the kept-active session', expected);
    if (problem) return judged(problem);
    if (ended) return judged(outcome.inconclusive(expected, `a request on the kept-active session gave no clear answer: ${ended.reason}`, [findingOf('unclear answer', ended)]));
    const last = requests[requests.length - 1]!;
    if (last.kind !== 'probe') return judged(outcome.inconclusive(expected, 'the kept-active session was never probed at A+g'));
    return judged(
      outcome.fail(expected, `still logged in at A+g: ${describeBracket(bracket)}, kept active by ${requests.length - 1} requests`, [
        findingOf(`still logged in ${formatDuration(Math.round(bracket.aliveMs ?? 0))} after login (${last.reason})`, last),
      ]),
    );
  },
});
