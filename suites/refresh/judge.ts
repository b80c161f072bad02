/**
 * What the refresh checks share: how an attempt reads in a sentence, and the judgement of a refresh
 * token presented after an event that must revoke it (logout, a password change elsewhere).
 */
import { outcome, type Outcome } from '../../src/model/check.js';
import type { RefreshAttempt, RefreshTrial } from '../../src/model/artifacts.js';
import { exchangesOf } from '../shared/checks-common.js';

export function describeAttempt(a: RefreshAttempt): string {
  return `${a.presented}: ${a.detail}`;
}

/** A refresh token presented after `event` must be refused; anything short of a clear answer is inconclusive. */
export function judgeRevokedAfter(trial: RefreshTrial, event: string, expected: string): Outcome {
  if (!trial.issued) return outcome.inconclusive(expected, `the holder's login handed out no refresh token (before ${event})`);
  if (trial.control?.outcome !== 'issued') {
    return outcome.inconclusive(expected, `refreshing did not work even before ${event} (${trial.control ? describeAttempt(trial.control) : 'not tried'}), so a refusal afterwards proves nothing`);
  }
  if (trial.afterEvent && trial.afterEvent.answer !== 'no') {
    return outcome.inconclusive(expected, `the device is not logged out after ${event} (${trial.afterEvent.reason}): ${event} did not run`);
  }
  const replay = trial.replay;
  if (!replay || replay.outcome === 'unknown') return outcome.inconclusive(expected, `the refresh after ${event} gave no clear answer: ${replay ? describeAttempt(replay) : 'not sent'}`);
  if (replay.outcome === 'issued') {
    const message = `after ${event}, ${replay.presented} still refreshes: ${replay.detail}`;
    return outcome.fail(expected, message, [{ message, exchanges: [...trial.control.exchanges, ...trial.eventExchanges, ...exchangesOf(trial.afterEvent), ...replay.exchanges] }]);
  }
  if (replay.presentedExpired) return outcome.inconclusive(expected, `${replay.presented} was refused after ${event}, but its exp had passed by then: it expired on its own`);
  return outcome.pass(expected, `${trial.control.presented} refreshed before ${event}; afterwards ${describeAttempt(replay)}`, {
    exchanges: [replay.exchanges, trial.eventExchanges, exchangesOf(trial.afterEvent)],
    controls: trial.control.exchanges,
  });
}
