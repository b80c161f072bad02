/**
 * Preconditions shared by checks: the answers that must come before any verdict (CHECKS.md, verdict honesty).
 */
import { outcome, type Cited, type Finding, type Outcome } from '../../src/model/check.js';
import { revivingCookies, type DeviceBeforeAfter, type DeviceRevoked, type HeldReplays, type JarReplay, type SessionIds, type SurvivorControl } from '../../src/model/artifacts.js';
import type { FlowAttempt } from '../../src/model/attempts.js';
import type { OracleObservation } from '../../src/model/observation.js';

/** A pass needs a positive control; without one the check is inconclusive. */
export function requireControl(control: OracleObservation, expected: string, what: string): Outcome | null {
  if (control.answer === 'yes') return null;
  return outcome.inconclusive(expected, `${what} was not logged in (${control.reason}), so nothing can be concluded`, [
    { message: `positive control failed: ${control.reason}`, exchanges: exchangesOf(control) },
  ]);
}

export function exchangesOf(...observations: Array<OracleObservation | null | undefined>): number[] {
  return observations.filter((o): o is OracleObservation => !!o && o.exchange > 0).map((o) => o.exchange);
}

/** Positive controls of several devices: the first one not logged in makes the check inconclusive. */
export function requireControls(devices: readonly Pick<DeviceBeforeAfter, 'device' | 'before'>[], expected: string, when: string): Outcome | null {
  for (const d of devices) {
    const missing = requireControl(d.before, expected, `device ${d.device} ${when}`);
    if (missing) return missing;
  }
  return null;
}

/** Whether any session ID changed (a rotated set), judged by fingerprint; a vanished ID counts as changed. */
export function idsChanged(before: SessionIds, after: SessionIds): boolean {
  return Object.entries(before).some(([name, id]) => id !== null && after[name]?.fp !== id.fp);
}

/** `sid 3f9a1c2b… → 77aa0c1d…`: how reports show an ID before and after. */
export function describeIds(before: SessionIds, after: SessionIds): string {
  return Object.keys(before)
    .map((name) => `${name} ${before[name]?.fp ?? 'none'}… → ${after[name]?.fp ?? 'none'}…`)
    .join(', ');
}

/** A flow that plainly did not go through: it broke, or the target answered with an error status. */
export function flowFailed(flow: FlowAttempt): string | null {
  if (flow.status === null) return flow.error ?? 'the flow broke';
  return flow.status >= 400 ? `it answered ${flow.status}` : null;
}

/** "logged in" / "logged out" / "of unknown state", with the oracle's reason. */
export function stateOf(o: OracleObservation): string {
  return `${o.answer === 'yes' ? 'logged in' : o.answer === 'no' ? 'logged out' : 'of unknown state'} (${o.reason})`;
}

/**
 * A logged-out replay proves revocation only if a session that should still be alive is alive after it;
 * otherwise the server may simply have lost its sessions (restart, failover) and the replay proves nothing.
 */
export function requireStillAlive(control: OracleObservation | null | undefined, expected: string): Outcome | null {
  if (!control || control.answer === 'yes') return null;
  return outcome.inconclusive(
    expected,
    `a session that should still be alive was ${control.answer === 'no' ? 'logged out' : 'of unknown state'} after the replay (${control.reason}): the server may have lost its sessions, so a logged-out replay proves nothing`,
    [{ message: 'control session not alive after the replay', exchanges: exchangesOf(control) }],
  );
}

/**
 * Before a pass that rests on sessions being logged out: a session the event should have spared is
 * still alive, so the server did not simply lose them all (a restart, a flushed store). A session of
 * another account decides when there is one; otherwise the acting device's own session must be alive.
 * With neither, a target that ends every session of the account cannot be told from one that restarted.
 */
export function requireSurvivor(survivors: SurvivorControl | null | undefined, expected: string, event: string): Outcome | null {
  const other = survivors?.otherAccount;
  if (other) {
    const missing = requireControl(other.before, expected, `the other account's session before the ${event}`);
    if (missing) return missing;
    if (other.after.answer === 'yes') return null;
    return outcome.inconclusive(
      expected,
      `the other account's session, which the ${event} must not end, was ${other.after.answer === 'no' ? 'logged out' : 'of unknown state'} afterwards (${other.after.reason}): the server may have lost every session (a restart?), so the logged-out sessions prove nothing`,
      [{ message: 'control session of another account not alive afterwards', exchanges: exchangesOf(other.after) }],
    );
  }
  const self = survivors?.self;
  if (self?.answer === 'yes') return null;
  return outcome.inconclusive(
    expected,
    `no session that should outlive the ${event} was alive afterwards${self ? ` (the acting device: ${self.reason})` : ''}, as after a server restart; with one account that cannot be told apart: add a second account in target.accounts as a control`,
    self ? [{ message: 'the acting device is not alive afterwards', exchanges: exchangesOf(self) }] : [],
  );
}

/** The survivors' answers, as a pass's positive controls. */
export function survivorAnswers(survivors: SurvivorControl | null | undefined): Cited {
  return [survivors?.self, survivors?.otherAccount?.before, survivors?.otherAccount?.after];
}

/**
 * One finding per (cookie, defect): occurrences of the same defect merge, keeping every exchange once,
 * the count of occurrences and the first sample.
 */
export function groupFindings(findings: readonly Finding[]): Finding[] {
  const groups = new Map<string, Finding & { occurrences: number }>();
  for (const f of findings) {
    const key = JSON.stringify([f.cookie ?? null, f.message]);
    const group = groups.get(key);
    if (!group) {
      groups.set(key, { ...f, exchanges: [...new Set(f.exchanges)], occurrences: f.occurrences ?? 1 });
      continue;
    }
    for (const id of f.exchanges) if (!group.exchanges.includes(id)) group.exchanges.push(id);
    group.occurrences += f.occurrences ?? 1;
    if (group.sample === undefined && f.sample !== undefined) group.sample = f.sample;
  }
  // The count is only worth stating where it says more than the exchange list does.
  return [...groups.values()].map(({ occurrences, ...f }) => (occurrences > f.exchanges.length ? { ...f, occurrences } : f));
}

/**
 * Rule 24 (c) for every revocation check: the jar a device held before `event`, replayed after it. Logged
 * in → fail, naming the cookie(s) ablation found bring the session back; unclear → inconclusive; else null
 * (the check goes on to its own replays).
 */
export function jarRevival(jar: JarReplay | null, expected: string, event: string, eventExchanges: number[]): Outcome | null {
  if (jar?.observation.answer === 'unknown') {
    return outcome.inconclusive(expected, `replaying the whole jar held before ${event} (${jar.cookies.join(' + ')}) gave no clear answer: ${jar.observation.reason}`);
  }
  const revived = revivalOf(jar, event, eventExchanges);
  return revived && outcome.fail(expected, revived.observed, revived.findings);
}

/**
 * A jar logged in again after `event`: the sentence saying so and the findings, one per cookie ablation
 * found brings the session back. Null when there was no jar to replay or it is not logged in.
 * `holder` names whose jar it was ("device B"), when not the device the check is about.
 */
export function revivalOf(jar: JarReplay | null, event: string, eventExchanges: number[], holder?: string): { observed: string; findings: Finding[] } | null {
  if (jar?.observation.answer !== 'yes') return null;
  const revival = jar.revival;
  const culprits = revivingCookies(jar);
  const why =
    culprits.length === 0
      ? 'ablation on the jar found no single cookie responsible'
      : revival!.necessary.length > 0
        ? `${culprits.join(' + ')} ${culprits.length > 1 ? 'bring' : 'brings'} the session back: without ${culprits.length > 1 ? 'any of them' : 'it'} the jar is logged out`
        : `each of ${culprits.join(', ')} brings the session back on its own`;
  const exchanges = [...eventExchanges, ...exchangesOf(jar.observation, ...(revival?.trials.map((t) => t.observation) ?? []))];
  const whose = holder ? ` (${holder})` : '';
  return {
    observed: `replaying the whole jar${holder ? ` ${holder}` : ''} held before ${event} (${jar.cookies.join(' + ')}) is logged in again (${jar.observation.reason}); ${why}`,
    findings: [
      ...culprits.map((cookie) => ({ message: `${cookie} re-creates the session after ${event}${whose}`, exchanges, cookie })),
      ...(culprits.length === 0 ? [{ message: `the jar held before ${event} is logged in again${whose}`, exchanges: [...eventExchanges, ...exchangesOf(jar.observation)] }] : []),
    ],
  };
}

/** What a device held, replayed after the event, as one answer: logged in if any replay is, else unclear if any is, else logged out; null when none ran. */
export function replayed(held: HeldReplays | null | undefined): OracleObservation | null {
  const answers = held?.replays.map((r) => r.observation) ?? [];
  return answers.find((o) => o.answer === 'yes') ?? answers.find((o) => o.answer === 'unknown') ?? answers[0] ?? null;
}

/**
 * The devices an event must log out, each judged on everything it still does afterwards (rule 24): the
 * device itself asked, its session artifacts replayed from fresh clients (alone, together), and its whole
 * jar. A device or artifact still logged in is a finding; when only the jar is logged in again, the
 * findings name the cookie(s) that bring the session back. `unclear`: why some answer was neither.
 * `after` says what happened ("A changed the password").
 */
export function survivingDevices(devices: readonly DeviceRevoked[], event: string, eventExchanges: number[], after: string): { observed: string[]; findings: Finding[]; unclear: string | null } {
  const observed: string[] = [];
  const findings: Finding[] = [];
  let unclear: string | null = null;
  for (const d of devices) {
    const replay = replayed(d.held);
    const revived = replay?.answer === 'yes' ? null : revivalOf(d.held.jar, event, eventExchanges, `device ${d.device}`);
    if (replay?.answer === 'yes' || (d.after.answer === 'yes' && !revived)) {
      const message =
        d.after.answer === 'yes'
          ? `device ${d.device} is still logged in after ${after}`
          : `device ${d.device}'s session, replayed from another client, is still logged in after ${after} (${replay!.reason})`;
      observed.push(message);
      findings.push({ message, exchanges: [...eventExchanges, ...exchangesOf(d.after, replay)] });
    } else if (revived) {
      observed.push(revived.observed);
      findings.push(...revived.findings);
    } else {
      const vague = [d.after, replay, d.held.jar?.observation].find((o) => o?.answer === 'unknown');
      if (vague) unclear ??= `device ${d.device} gave no clear answer afterwards: ${vague.reason}`;
    }
  }
  return { observed, findings, unclear };
}

/** ", and so was the whole jar the device held (sid + csrf)": what a pass on one device adds when its jar was replayed. */
export function jarNote(held: Pick<HeldReplays, 'jar'>): string {
  return held.jar ? `, and so was the whole jar the device held (${held.jar.cookies.join(' + ')})` : '';
}

/** " and whole jars (sid + csrf)": what a pass when jars besides the session artifacts were replayed. */
export function jarsNote(devices: ReadonlyArray<{ held: HeldReplays }>): string {
  const jars = [...new Set(devices.flatMap((d) => (d.held.jar ? [d.held.jar.cookies.join(' + ')] : [])))];
  return jars.length ? ` and whole jars (${jars.join('; ')})` : '';
}
