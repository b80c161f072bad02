/**
 * Where each probe of a run goes, from what it declares about the account's other sessions: the
 * probes that hold sessions through long waits start first; probes that leave other sessions alone run
 * one after another alongside them, in the slots the waits leave free; probes that end other sessions
 * (and those that need more slots than are left) run once the waits are over, and probes that leave
 * sessions behind they cannot end run last of all. So a run lasts about as long as its longest wait,
 * and nothing of the run's own ends a timed session early or fills the account before a later probe.
 */
import { effectOf, type EffectContext, type Probe } from './probe.js';
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

export function schedulePhases(probes: readonly Probe[], budget: SessionBudget, ctx: EffectContext): Phases {
  const effect = new Map(probes.map((p) => [p, effectOf(p, ctx)]));
  const withEffect = (e: string) => probes.filter((p) => effect.get(p) === e);
  const holding = withEffect('holds-sessions');
  const quiet = withEffect('none');
  const ending = withEffect('ends-other-sessions');
  const leaving = withEffect('leaves-sessions');
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
  const names = (list: readonly Probe[]) => list.map((p) => p.title).join(', ') || 'nothing';
  return {
    holding,
    alongside,
    after: [...deferred, ...ending, ...leaving],
    budgetOf: (p) => (holding.includes(p) ? timed : alongside.includes(p) && holding.length > 0 ? side : budget),
    describe: () => [
      ...(holding.length
        ? [
            `schedule: ${names(alongside)} alongside the ${names(holding)} waits (${spare} session slot(s) of the main account; the waits keep ${main - spare})`,
            ...(deferred.length ? [`schedule: after the waits, needing more session slots than the waits leave free: ${names(deferred)}`] : []),
            ...(ending.length ? [`schedule: after the waits, as they end other sessions: ${names(ending)}`] : []),
          ]
        : []),
      // Said even without waits: the sessions it leaves behind stay on the account after the run.
      ...(leaving.length ? [`schedule: last, as they leave sessions behind that the run cannot log out (no target.logout): ${names(leaving)}`] : []),
    ],
  };
}

function sessionsOf(p: Probe): number {
  return p.sessions ?? 1;
}
