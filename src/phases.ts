/**
 * Where each probe of a run goes, from what it declares about the account's other sessions: the
 * probes that hold sessions through long waits start first; probes that leave other sessions alone run
 * one after another alongside them, in the slots the waits leave free; probes that end other sessions
 * (and those that need more slots than are left) run once the waits are over. So a run lasts about as
 * long as its longest wait, and nothing of the run's own ends a timed session early.
 */
import type { Probe } from './probe.js';
import type { SessionBudget } from './session-budget.js';

export interface Phases {
  /** Started together: the probes that hold sessions through waits. */
  holding: Probe[];
  /** One after another while the holding probes wait. */
  alongside: Probe[];
  /** One after another once everything above has finished. */
  after: Probe[];
  /** The slots a probe may use: its share while the waits run, the whole budget afterwards. */
  budgetOf(probe: Probe): SessionBudget;
  /** The plan's lines about the schedule. */
  describe(): string[];
}

/** The timed sessions keep at least this many of the main account's slots (idle and absolute at once). */
const TIMED_MINIMUM = 2;

export function schedulePhases(probes: readonly Probe[], budget: SessionBudget): Phases {
  const holding = probes.filter((p) => p.effect === 'holds-sessions');
  const quiet = probes.filter((p) => (p.effect ?? 'none') === 'none');
  const ending = probes.filter((p) => p.effect === 'ends-other-sessions');
  const main = budget.accounts[0]?.slots ?? 0;
  // What the probes alongside may use of the main account; the timed sessions keep the rest.
  const needed = Math.max(0, ...quiet.map(sessionsOf));
  const spare = holding.length === 0 ? main : Math.min(needed, Math.max(0, main - TIMED_MINIMUM));
  const fits = (p: Probe) => holding.length === 0 || sessionsOf(p) <= spare;
  const alongside = quiet.filter(fits);
  const deferred = quiet.filter((p) => !fits(p));
  const share = (slots: (i: number, s: number) => number): SessionBudget => ({
    ...budget,
    accounts: budget.accounts.map((a, i) => ({ ...a, slots: slots(i, a.slots) })),
  });
  const timed = share((i, s) => (i === 0 ? s - spare : s));
  const side = share((i) => (i === 0 ? spare : 0));
  return {
    holding,
    alongside,
    after: [...deferred, ...ending],
    budgetOf: (p) => (holding.includes(p) ? timed : alongside.includes(p) && holding.length > 0 ? side : budget),
    describe: () => {
      if (holding.length === 0) return [];
      const names = (list: readonly Probe[]) => list.map((p) => p.title).join(', ') || 'nothing';
      return [
        `schedule: ${names(alongside)} alongside the ${names(holding)} waits (${spare} session slot(s) of the main account; the waits keep ${main - spare})`,
        ...(deferred.length ? [`schedule: after the waits, needing more session slots than the waits leave free: ${names(deferred)}`] : []),
        ...(ending.length ? [`schedule: last, as they end other sessions: ${names(ending)}`] : []),
      ];
    },
  };
}

function sessionsOf(p: Probe): number {
  return p.sessions ?? 1;
}
