import { heldAnswers } from '../../src/model/artifacts.js';
import { defineCheck, outcome } from '../../src/model/check.js';
import { describeIds, exchangesOf, flowFailed, idsChanged, jarNote, replayed, requireControl, requireSurvivor, revivalOf, survivorAnswers } from '../shared/checks-common.js';

const EXPECTED = 'elevating the session issues a new session ID, and neither the old ID nor anything else held before the elevation gets the privilege (ideally they are logged out)';

export default defineCheck({
  meta: {
    id: 'privilege-change.rotate',
    suite: 'privilege-change',
    title: 'Elevating privileges renews the session ID',
    failureTitle: 'The session ID is kept through a privilege change',
    severity: 'high',
    remediation: {
      summary:
        'Issue a new session ID whenever the privilege level changes (role elevation, sudo mode, switching organisation) and invalidate the previous one.',
      stacks: {
        'express-session': 'req.session.regenerate() before granting the new role.',
        django: 'request.session.cycle_key() when elevating.',
        php: 'session_regenerate_id(true) when elevating.',
        spring: 'request.changeSessionId() when elevating (SessionFixationProtectionStrategy.onAuthentication).',
        'aspnet-core': 'Sign in again (HttpContext.SignInAsync) with the new claims, issuing a new cookie.',
        rails: 'reset_session (keeping the user) when elevating.',
        laravel: '$request->session()->regenerate() when elevating.',
      },
    },
    refs: [
      'ASVS v5.0.0-7.2.4',
      'ASVS v5.0.0-7.5.1',
      'ASVS v5.0.0-7.5.3',
      'ASVS v5.0.0-8.3.2',
      'ASVS v4.0.3-3.7.1',
      'OWASP CS: Renew the Session ID After Any Privilege Level Change',
    ],
    requires: ['privilegeChange'],
    procedure:
      'Perform the configured elevation on a logged-in device, compare its session IDs before and after, and replay what it held before from fresh clients (each session artifact alone, all together, the whole jar) against the authentication oracle and the elevated page; a logged-in jar is ablated to name the cookies that bring the session back.',
  },
  evaluate({ artifacts }, spec) {
    const a = artifacts.privilegeChange;
    if (spec.invalidation.privilegeChange === null) return outcome.skipped('the spec does not require a new ID on privilege change (spec.invalidation.privilegeChange)');
    if ('notConfigured' in a) return outcome.skipped(a.notConfigured);
    const noControl = requireControl(a.before, EXPECTED, 'the device before the elevation');
    if (noControl) return noControl;
    const failed = flowFailed(a.change);
    if (failed) return outcome.inconclusive(EXPECTED, `the privilege change did not go through: ${failed}`, [{ message: 'privilege change failed', exchanges: a.change.exchanges }]);
    if (a.after.answer !== 'yes') return outcome.inconclusive(EXPECTED, `the device is not logged in after the elevation (${a.after.reason}), so it was not elevated`);
    const ids = describeIds(a.idsBefore, a.idsAfter);
    if (!idsChanged(a.idsBefore, a.idsAfter)) {
      const observed = `the session keeps the same ID through the elevation (${ids})`;
      return outcome.fail(EXPECTED, observed, [{ message: observed, exchanges: [...a.change.exchanges, ...exchangesOf(a.after)] }]);
    }
    const controls = [a.before, a.after, survivorAnswers(a.survivors)];
    const old = replayed(a.held);
    if (old?.answer !== 'yes' && old?.answer !== 'no') return outcome.inconclusive(EXPECTED, `replaying the old ID gave no clear answer: ${old ? old.reason : 'it was not replayed'}`);
    const jar = a.held.jar;
    if (old.answer === 'no' && jar?.observation.answer === 'unknown') {
      return outcome.inconclusive(EXPECTED, `replaying the whole jar held before the elevation (${jar.cookies.join(' + ')}) gave no clear answer: ${jar.observation.reason}`);
    }
    const revived = old.answer === 'no' ? revivalOf(jar, 'the elevation', a.change.exchanges) : null;
    if (old.answer === 'no' && !revived) {
      return (
        requireSurvivor(a.survivors, EXPECTED, 'privilege change') ??
        outcome.pass(EXPECTED, `the ID was renewed (${ids}) and the old one is logged out${jarNote(a.held)}`, { exchanges: [heldAnswers(a.held), a.change.exchanges], controls })
      );
    }
    // Something from before the elevation still logs in: the old ID itself, or a session the old jar brings back (rule 24).
    const alive = revived ? `the ID was renewed (${ids}) and the old one is logged out, but ${revived.observed}` : `the ID was renewed (${ids}) but the old one is still logged in`;
    const e = a.elevated;
    if ('notConfigured' in e) return outcome.inconclusive(EXPECTED, `${alive}; whether it kept the privilege is unknown: ${e.notConfigured}`);
    if ('uncalibrated' in e) return outcome.inconclusive(EXPECTED, `${alive}; whether it kept the privilege is unknown: ${e.uncalibrated}`);
    const noElevation = requireControl(e.current, EXPECTED, 'the elevated session on the elevated page');
    if (noElevation) return noElevation;
    const onPage = revived ? e.jar : e.oldId;
    if (onPage?.answer === 'yes') {
      const observed = `${alive}, and it has the elevated privilege too (${onPage.reason})`;
      const findings = revived
        ? revived.findings.map((f) => ({ ...f, message: `${f.message}, with the elevated privilege`, exchanges: [...f.exchanges, ...exchangesOf(onPage)] }))
        : [{ message: observed, exchanges: [...a.change.exchanges, ...exchangesOf(onPage)] }];
      return outcome.fail(EXPECTED, observed, findings);
    }
    if (onPage?.answer !== 'no') return outcome.inconclusive(EXPECTED, `${alive}; the elevated page gave no clear answer for it: ${onPage ? onPage.reason : 'it was not asked'}`);
    return outcome.pass(EXPECTED, `${alive}, without the elevated privilege (${onPage.reason}); ideally it would be logged out`, {
      exchanges: [onPage, heldAnswers(a.held), a.change.exchanges],
      controls: [controls, e.current],
    });
  },
});
