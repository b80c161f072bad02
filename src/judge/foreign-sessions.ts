/**
 * Signs that someone else uses the account while the run does (another run, a person, a scheduled job):
 * a session the run opened and still holds found logged out when nothing the run did explains it, or a
 * concurrency limit that bites before the run's own sessions reach it. Read from the controls the probes
 * already record for this purpose; a session whose end the spec's own timeouts explain is no sign.
 * Pure: the run turns the signs into one notice, and concurrency.limit uses them to stay inconclusive.
 */
import type { Spec } from '../config/types.js';
import type { Exchange } from '../evidence.js';
import type { Artifacts, ConcurrencyArtifact, ProbeId, SurvivorControl } from '../model/artifacts.js';
import type { OracleObservation } from '../model/observation.js';
import type { Notice } from '../model/result.js';

export interface ForeignSessionSign {
  /** vanished: a session the run held ended; appeared: the account held sessions the run did not open. */
  kind: 'vanished' | 'appeared';
  /** The probe whose checks rest on the sessions concerned. */
  probe: ProbeId;
  /** The run's device(s) concerned. */
  sessions: string[];
  /** Exchange of the last reading that found them logged in (null: never seen alive, e.g. a refused login). */
  lastAlive: number | null;
  /** Exchange of the reading that found them gone, or of the refused login. */
  foundGone: number;
  /** What was seen, in words, without times (the notice adds those). */
  what: string;
}

type Lookup = (exchange: number) => Exchange | undefined;

/** Every sign the run's artifacts show, in probe order. */
export function foreignSessionSigns(artifacts: Artifacts, spec: Spec, evidence: readonly Exchange[]): ForeignSessionSign[] {
  const lookup = exchangeLookup(evidence);
  const signs: Array<ForeignSessionSign | null> = [logoutControlSign(artifacts, spec, lookup)];
  for (const [probe, event] of SURVIVOR_EVENTS) signs.push(survivorSign(probe, event, survivorsOf(artifacts, probe), spec, lookup));
  if (artifacts.concurrency) signs.push(concurrencySign(artifacts.concurrency, spec, evidence));
  return signs.filter((s): s is ForeignSessionSign => s !== null);
}

const SURVIVOR_EVENTS = [
  ['passwordChange', 'password change'],
  ['privilegeChange', 'privilege change'],
  ['signOutEverywhere', 'sign-out-everywhere'],
] as const;

function survivorsOf(artifacts: Artifacts, probe: (typeof SURVIVOR_EVENTS)[number][0]): SurvivorControl | null {
  const a = artifacts[probe];
  return a && 'survivors' in a ? a.survivors : null;
}

/** The logout probe's never-logged-out session: alive right after the logout, gone after the replays of the logged-out ID. */
function logoutControlSign(artifacts: Artifacts, spec: Spec, lookup: Lookup): ForeignSessionSign | null {
  const a = artifacts.logout;
  if (!a || 'notConfigured' in a) return null;
  const { afterLogout, afterReplays } = a.control;
  // The logged-out ID still alive after the control was read: logout was still taking effect (cache lag),
  // and a target whose logout ends every session of the account would end the control late too.
  const pending = a.timing.places.some((p) => p.replays.some((r) => r.observation.answer === 'yes' && r.observation.exchange > afterLogout.exchange));
  if (pending) return null;
  return endedUnexplained('logout', afterLogout, afterReplays, spec, lookup, "(the logout probe's session that is never logged out) was logged in right after another device's logout and logged out after that device's old ID was replayed, which must not end it");
}

/** Another account's session around an event of the main account, which no such event may end. */
function survivorSign(probe: ProbeId, event: string, survivors: SurvivorControl | null, spec: Spec, lookup: Lookup): ForeignSessionSign | null {
  const other = survivors?.otherAccount;
  if (!other) return null;
  return endedUnexplained(probe, other.before, other.after, spec, lookup, `(a session of another account, from target.accounts) was logged in before the ${event} and logged out after it, which no event of the main account may do`);
}

function endedUnexplained(probe: ProbeId, alive: OracleObservation, gone: OracleObservation, spec: Spec, lookup: Lookup, what: string): ForeignSessionSign | null {
  if (alive.answer !== 'yes' || gone.answer !== 'no') return null;
  const device = lookup(gone.exchange)?.device;
  if (!device || timedOut(spec, firstSent(lookup, device, alive.exchange), lookup(alive.exchange), lookup(gone.exchange))) return null;
  return { kind: 'vanished', probe, sessions: [device], lastAlive: alive.exchange, foundGone: gone.exchange, what };
}

/**
 * The concurrency probe's sessions, read before each login and at the end: a login refused, or more of
 * the run's sessions ended, than its own logins beyond spec.concurrency.maxSessions explain. Either the
 * account holds sessions the run did not open, or the target's limit is lower than the spec says; the
 * run alone cannot tell which, so concurrency.limit is inconclusive on it.
 */
export function concurrencySign(a: ConcurrencyArtifact, spec: Spec, evidence: readonly Exchange[]): ForeignSessionSign | null {
  const { limit } = a;
  // Without a stated limit the run cannot know what its own logins may end; without logout its earlier sessions may count.
  if (limit === null || !a.freedSlots || a.opened === 0) return null;
  const lookup = exchangeLookup(evidence);
  const held = (logins: number) => a.sessions.slice(0, logins).filter((s) => s.afterLogin.answer === 'yes').length;
  const lowerLimit = `or the target's limit is lower than spec.concurrency.maxSessions (${limit})`;
  for (let i = 0; i < a.sessions.length; i++) {
    const s = a.sessions[i]!;
    const ended = endedAt(a, s.earlier, i, spec, lookup);
    if (ended.length > Math.max(0, held(i) - limit)) return endingSign(a, ended, held(i), lowerLimit, `before login ${i + 1}`);
    if (i < limit && s.login.status !== null && s.afterLogin.answer === 'no') {
      return {
        kind: 'appeared',
        probe: 'concurrency',
        sessions: [s.device],
        lastAlive: null,
        foundGone: s.afterLogin.exchange,
        what: `was not logged in right after its own login while the run held ${held(i)} session(s) of its own, below the limit of ${limit}: the account holds sessions the run did not open (${lowerLimit}${spec.concurrency.onExceed === 'reject' ? ', or the login refused for another reason' : ''})`,
      };
    }
  }
  const ended = endedAt(a, a.sessions.map((s) => s.atEnd), a.sessions.length, spec, lookup);
  return ended.length > Math.max(0, held(a.sessions.length) - limit) ? endingSign(a, ended, held(a.sessions.length), lowerLimit, 'once all were opened') : null;
}

interface Ending {
  device: string;
  lastAlive: OracleObservation;
  gone: OracleObservation;
}

/** The sessions among the first `count` that were seen logged in and are logged out in `readings`, unless a timeout explains it. */
function endedAt(a: ConcurrencyArtifact, readings: readonly OracleObservation[], count: number, spec: Spec, lookup: Lookup): Ending[] {
  const ended: Ending[] = [];
  for (let j = 0; j < Math.min(count, readings.length); j++) {
    const s = a.sessions[j]!;
    const gone = readings[j]!;
    const sightings = [s.afterLogin, ...a.sessions.slice(j + 1, count).map((later) => later.earlier[j]).filter((o): o is OracleObservation => o !== undefined)];
    const lastAlive = sightings.filter((o) => o.answer === 'yes' && o.exchange < gone.exchange).at(-1);
    if (gone.answer !== 'no' || !lastAlive) continue;
    if (timedOut(spec, lookup(s.login.exchanges[0] ?? lastAlive.exchange)?.startedAt ?? 0, lookup(lastAlive.exchange), lookup(gone.exchange))) continue;
    ended.push({ device: s.device, lastAlive, gone });
  }
  return ended;
}

function endingSign(a: ConcurrencyArtifact, ended: Ending[], held: number, lowerLimit: string, when: string): ForeignSessionSign {
  const evicted = Math.max(0, held - a.limit!);
  const own = evicted === 0 ? 'none of them' : `${evicted} of them`;
  return {
    kind: 'appeared',
    probe: 'concurrency',
    sessions: ended.map((e) => e.device),
    lastAlive: Math.max(...ended.map((e) => e.lastAlive.exchange)),
    foundGone: Math.min(...ended.map((e) => e.gone.exchange)),
    what: `${ended.length === 1 ? 'was' : 'were'} found logged out ${when}, while the run held ${held} session(s) of its own at a limit of ${a.limit}, which explains ${own}: the account holds sessions the run did not open (${lowerLimit})`,
  };
}

/** Whether the spec's own timeouts explain a session's end: idle since it was last seen alive, or past its absolute lifetime. */
function timedOut(spec: Spec, loginAt: number, lastAlive: Exchange | undefined, gone: Exchange | undefined): boolean {
  if (!lastAlive || !gone) return true;
  const { idleMs, absoluteMs, graceMs } = spec.timeouts;
  const idle = idleMs !== null && gone.startedAt - lastAlive.startedAt >= idleMs - graceMs;
  const absolute = absoluteMs !== null && gone.startedAt - loginAt >= absoluteMs - graceMs;
  return idle || absolute;
}

/** When the device sent its first exchange up to `until` (its login began no later): exchange ids count up in time. */
function firstSent(lookup: Lookup, device: string, until: number): number {
  let first = lookup(until)?.startedAt ?? 0;
  for (let id = until - 1; id > 0; id--) {
    const e = lookup(id);
    if (e?.device === device) first = e.startedAt;
  }
  return first;
}

function exchangeLookup(evidence: readonly Exchange[]): Lookup {
  const byId = new Map(evidence.map((e) => [e.id, e]));
  return (id) => byId.get(id);
}

/**
 * One run-level warning for all signs: which sessions, last seen alive and found gone (UTC), the likely
 * cause, and the checks that became inconclusive on them (null: no sign).
 */
export function foreignSessionNotice(signs: readonly ForeignSessionSign[], evidence: readonly Exchange[], inconclusive: (probe: ProbeId) => string[]): Notice | null {
  if (signs.length === 0) return null;
  const lookup = exchangeLookup(evidence);
  const at = (id: number | null) => {
    const e = id === null ? undefined : lookup(id);
    return e ? `${new Date(e.startedAt).toISOString()} (exchange #${e.id})` : 'never';
  };
  const lines = signs.map((s) => {
    const checks = inconclusive(s.probe);
    const names = s.sessions.map((d) => `"${d}"`).join(', ');
    const seen = s.lastAlive === null ? `found not logged in at ${at(s.foundGone)}` : `last seen logged in at ${at(s.lastAlive)}, found logged out at ${at(s.foundGone)}`;
    const also = s.kind === 'vanished' ? ' (a target that lost its sessions, by a restart or a failover, looks the same)' : '';
    return `${s.kind === 'vanished' ? 'a session the run held ended' : 'sessions the run did not open'}: ${names} ${s.what}${also}; ${seen}${checks.length > 0 ? `; inconclusive because of it: ${checks.join(', ')}` : ''}`;
  });
  return {
    level: 'warning',
    message: `Someone else may be using this account during the run (another run, a person, or a scheduled job): ${lines.join(' — ')}. Give each run its own account (see "One account per parallel job" in the README) and run again.`,
  };
}
