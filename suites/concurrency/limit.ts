import { defineCheck, outcome } from '../../src/model/check.js';
import { exchangesOf } from '../shared/checks-common.js';
import type { ConcurrencyArtifact } from '../../src/model/artifacts.js';
import { MAX_PROBED_LIMIT } from './probe.js';
import { concurrencySign } from '../../src/judge/foreign-sessions.js';

type Policy = 'none' | 'reject' | 'evict-oldest';

export default defineCheck({
  meta: {
    id: 'concurrency.limit',
    suite: 'concurrency',
    title: 'Concurrent sessions are limited as the spec says',
    failureTitle: 'Concurrent sessions exceed the limit, or the limit acts the wrong way',
    severity: 'medium',
    remediation: {
      summary:
        'Enforce the concurrent-session limit on the server: count the active sessions of an account at login and, at the limit, either refuse the new login or end the oldest session, as the spec says.',
      stacks: {
        spring: 'sessionManagement(s -> s.maximumSessions(n).maxSessionsPreventsLogin(true|false)) with a SessionRegistry (SpringSessionBackedSessionRegistry for Spring Session).',
        'express-session': 'Index sessions per user in the store and destroy the oldest (or reject the login) at the limit.',
        django: 'Keep a per-user session list (e.g. django-user-sessions) and delete the oldest at the limit.',
        laravel: 'Track sessions per user (database driver keeps user_id) and delete the oldest at the limit.',
      },
    },
    refs: ['WSTG-SESS-11', 'ASVS v5.0.0-7.1.2', 'OWASP CS: Simultaneous Session Logons'],
    requires: ['concurrency'],
    procedure:
      "Log out the run's earlier sessions, then open one session more than the limit (10 when the spec sets none), each on its own device, one after the other; ask the earlier ones before each login, each right after its login, and all again at the end. Sessions ended (or a login refused) before the run's own count explains it make the check inconclusive: the account holds sessions the run did not open, or the target's limit is lower than the spec says.",
  },
  evaluate({ artifacts, evidence }, spec) {
    const a = artifacts.concurrency;
    const alive = a.sessions.filter((s) => s.atEnd.answer === 'yes').length;
    if (a.limit === null) {
      const count = alive === a.opened ? `all ${a.opened}` : `${alive} of ${a.opened}`;
      return outcome.reported('the spec sets no limit (spec.concurrency.maxSessions)', `${count} sessions opened one after another were logged in at the end`, { opened: a.opened, alive });
    }
    const { limit } = a;
    const wanted = spec.concurrency.onExceed;
    const expected =
      wanted === 'reject'
        ? `at most ${limit} sessions: login number ${limit + 1} is refused and the others stay logged in`
        : wanted === 'evict-oldest'
          ? `at most ${limit} sessions: login number ${limit + 1} ends the oldest session and the others stay logged in`
          : `at most ${limit} sessions at once`;
    if (a.opened === 0) return outcome.inconclusive(expected, `a limit above ${MAX_PROBED_LIMIT} sessions is not probed (that many logins would hammer the login)`);
    const broken = a.sessions.find((s) => s.login.status === null);
    if (broken) return outcome.inconclusive(expected, `the login of ${broken.device} broke: ${broken.login.error}`);
    const unclear = a.sessions.find((s) => s.afterLogin.answer === 'unknown' || s.atEnd.answer === 'unknown');
    if (unclear) return outcome.inconclusive(expected, `${unclear.device} gave no clear answer: ${(unclear.afterLogin.answer === 'unknown' ? unclear.afterLogin : unclear.atEnd).reason}`);
    const uncontrolled = a.sessions.slice(0, limit).find((s) => s.afterLogin.answer !== 'yes');
    if (uncontrolled) {
      const note = a.freedSlots ? '' : " (the target has no logout flow, so the run's earlier sessions may have used up the limit)";
      return outcome.inconclusive(expected, `${uncontrolled.device} was not logged in right after its own login (${uncontrolled.afterLogin.reason}), below the limit${note}`);
    }
    const foreign = concurrencySign(a, spec, evidence);
    if (foreign) {
      return outcome.inconclusive(expected, `${foreign.sessions.join(', ')} ${foreign.what}`, [
        { message: 'sessions ended beyond what the run\'s own logins explain', exchanges: exchangesOf(...a.sessions.flatMap((s) => [...s.earlier, s.afterLogin, s.atEnd])) },
      ]);
    }
    const seen = observedPolicy(a, limit);
    const measured = { limit, opened: a.opened, alive };
    const ok = seen.policy !== 'none' && seen.policy !== undefined && (wanted === null || seen.policy === wanted);
    const exchanges = a.sessions.flatMap((s) => [...s.login.exchanges.slice(-1), ...exchangesOf(s.atEnd)]);
    if (ok) return { ...outcome.pass(expected, seen.text, { exchanges, controls: a.sessions.slice(0, limit).map((s) => s.afterLogin) }), measured };
    return { ...outcome.fail(expected, seen.text, [{ message: seen.text, exchanges }]), measured };
  },
});

function observedPolicy(a: ConcurrencyArtifact, limit: number): { policy: Policy | undefined; text: string } {
  const states = a.sessions.map((s) => s.atEnd.answer === 'yes');
  const extra = a.sessions[limit]!;
  const firstDead = !states[0];
  const restAlive = states.slice(1).every(Boolean);
  const firstLimitAlive = states.slice(0, limit).every(Boolean);
  if (states.every(Boolean)) return { policy: 'none', text: `all ${a.opened} sessions are logged in at once: no limit of ${limit} is enforced` };
  if (extra.afterLogin.answer === 'no' && firstLimitAlive) {
    return { policy: 'reject', text: `login number ${limit + 1} was refused (${extra.afterLogin.reason}) and the first ${limit} sessions stayed logged in` };
  }
  if (extra.afterLogin.answer === 'yes' && firstDead && restAlive) {
    return { policy: 'evict-oldest', text: `login number ${limit + 1} succeeded and ended the oldest session (${a.sessions[0]!.device}); the other ${limit} stayed logged in` };
  }
  const dead = a.sessions.filter((_, i) => !states[i]).map((s) => s.device);
  return { policy: undefined, text: `after ${a.opened} logins, ${dead.join(', ')} ${dead.length === 1 ? 'was' : 'were'} logged out, which is neither refusing the extra login nor ending the oldest session` };
}
