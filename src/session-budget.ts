/**
 * How many sessions of each account the run may hold at once. The spec's concurrency limit is the
 * target's own rule: holding more would make the target evict (or refuse) the run's sessions, and an
 * evicted session looks exactly like one that timed out. The baseline session is ended before the
 * waits start, so every slot the limit allows is the run's to use — unless it could not be ended: then
 * it still holds one of the main account's slots and the run counts it.
 */
import type { Account, LoginRate, Spec } from './config/types.js';
import type { Retirement } from './target/session.js';

/** Slots per account when neither the spec nor target.loginRate states a limit. */
export const DEFAULT_SLOTS_PER_ACCOUNT = 4;

export interface SessionBudget {
  accounts: Array<{ account: Account; slots: number }>;
  /** Where the per-account number comes from, for the plan. */
  source: 'target.loginRate.maxSessionsPerAccount' | 'spec.concurrency.maxSessions' | 'default';
  /** What became of the baseline session before the probes: over, or still holding one slot of the main account. */
  baseline: Retirement;
}

export function sessionBudget(spec: Pick<Spec, 'concurrency'>, loginRate: LoginRate, accounts: readonly Account[], baseline: Retirement): SessionBudget {
  const stated = loginRate.maxSessionsPerAccount ?? spec.concurrency.maxSessions;
  const slots = stated ?? DEFAULT_SLOTS_PER_ACCOUNT;
  const source = loginRate.maxSessionsPerAccount !== null ? 'target.loginRate.maxSessionsPerAccount' : stated !== null ? 'spec.concurrency.maxSessions' : 'default';
  // With a single slot and the baseline still alive the run keeps that slot: its first login either evicts the
  // baseline or is refused, and a refused login leaves the timeouts inconclusive, never passed.
  const held = (i: number) => (i === 0 && !baseline.ended ? 1 : 0);
  return { accounts: accounts.map((account, i) => ({ account, slots: Math.max(1, slots - held(i)) })), source, baseline };
}

/** The plan's words for a share of the budget: how many sessions of which account, and where the limit comes from. */
export function describeBudget(budget: SessionBudget): string {
  const counts = budget.accounts.map((a) => `${a.slots} of ${a.account.username}`).join(', ');
  const where =
    budget.source === 'default'
      ? `the session limit is unknown (spec.concurrency.maxSessions: null), so sessionprobe assumes ${DEFAULT_SLOTS_PER_ACCOUNT} per account`
      : `the limit is ${budget.source}`;
  const held = budget.baseline.ended ? '' : '; one fewer of the first account: the baseline session still holds one';
  return `at most ${counts} at once (${where}${held})`;
}

/** The plan's line about a baseline session the run could not end, which holds a slot until it expires. */
export function baselineLine(budget: SessionBudget): string | undefined {
  const b = budget.baseline;
  if (b.ended) return undefined;
  return `the baseline session could not be ended before the probes (${b.reason}): it holds one of ${budget.accounts[0]?.account.username}'s session slots until it expires`;
}
