/**
 * How many sessions of each account the run may hold at once. The spec's concurrency limit is the
 * target's own rule: holding more would make the target evict (or refuse) the run's sessions, and an
 * evicted session looks exactly like one that timed out. The baseline session is ended before the
 * waits start, so every slot the limit allows is the run's to use.
 */
import type { Account, LoginRate, Spec } from './config/types.js';

/** Slots per account when neither the spec nor target.loginRate states a limit. */
export const DEFAULT_SLOTS_PER_ACCOUNT = 4;

export interface SessionBudget {
  accounts: Array<{ account: Account; slots: number }>;
  /** Where the per-account number comes from, for the plan. */
  source: 'target.loginRate.maxSessionsPerAccount' | 'spec.concurrency.maxSessions' | 'default';
}

export function sessionBudget(spec: Pick<Spec, 'concurrency'>, loginRate: LoginRate, accounts: readonly Account[]): SessionBudget {
  const stated = loginRate.maxSessionsPerAccount ?? spec.concurrency.maxSessions;
  const slots = stated ?? DEFAULT_SLOTS_PER_ACCOUNT;
  const source = loginRate.maxSessionsPerAccount !== null ? 'target.loginRate.maxSessionsPerAccount' : stated !== null ? 'spec.concurrency.maxSessions' : 'default';
  return { accounts: accounts.map((account) => ({ account, slots })), source };
}

/** The plan's words for a share of the budget: how many sessions of which account, and where the limit comes from. */
export function describeBudget(budget: SessionBudget): string {
  const counts = budget.accounts.map((a) => `${a.slots} of ${a.account.username}`).join(', ');
  const where =
    budget.source === 'default'
      ? `the session limit is unknown (spec.concurrency.maxSessions: null), so sessionprobe assumes ${DEFAULT_SLOTS_PER_ACCOUNT} per account`
      : `the limit is ${budget.source}`;
  return `at most ${counts} at once (${where})`;
}
