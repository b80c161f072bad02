/**
 * Password change, on several devices, without ever losing the account:
 * 1. requires-current: a logged-in device submits the change with a wrong, then an empty current
 *    password; which password logs in afterwards says whether the target took it.
 * 2. devices B and C (and, with target.rememberMe, a remembered device) are logged in; device A changes
 *    the password; B, C and A are asked, A's old IDs are replayed, the new password must log in (the
 *    control that the change took effect) and the old one must not, and the remember-me cookie is
 *    presented alone, and (with target.refresh) another device's refresh token is presented. What B, C
 *    and A held before the change is replayed from fresh clients: each session artifact alone, all
 *    together, and the whole jar (CHECKS.md rule 24).
 * 3. the original password is restored (target.passwordRotation: restore), also when a step fails or
 *    Ctrl-C arrives. Every change is journaled before it is sent, so `sessionprobe recover` can finish
 *    the job after a crash.
 */
import { randomBytes } from 'node:crypto';
import type { PasswordChangeArtifact } from '../../src/model/artifacts.js';
import type { Probe, ProbeContext } from '../../src/probe.js';
import { otherRole } from '../../src/account/journal.js';
import { findCurrentPassword, restoreOriginalPassword, submitPasswordChange, tryPassword } from '../../src/account/password.js';
import { CriticalSection, Interrupted } from '../../src/account/signals.js';
import type { TargetSession } from '../../src/target/session.js';
import { openSurvivorWitness } from '../../src/target/survivors.js';
import { heldRemembered, rememberedDevice, replayRemembered } from '../shared/remember-me-trial.js';
import { holdings, replayEach } from '../../src/target/jar-replay.js';
import { refreshHolder, replayAfterEvent } from '../shared/refresh-trial.js';
import type { Restoration } from '../../src/model/attempts.js';
import { RevocationTimer } from '../../src/target/revocation-timing.js';

type Observed = Extract<PasswordChangeArtifact, { requiresCurrent: unknown }>;

/** The state of the account could not be established: going on would risk it. */
class UnknownPassword extends Error {}

export const passwordChangeProbe: Probe<'passwordChange'> = {
  id: 'passwordChange',
  title: 'password change',
  effect: 'ends-other-sessions',
  async run(ctx): Promise<PasswordChangeArtifact> {
    const { session, progress } = ctx;
    const { target } = session;
    if (!target.passwordChange) return { notConfigured: 'the target profile has no password-change flow (target.passwordChange)' };
    const observed: Observed = {
      requiresCurrent: { sendsCurrent: /\{\{\s*password\s*\}\}/.test(JSON.stringify(target.passwordChange)), attempts: [] },
      change: null,
      others: [],
      current: null,
      newPasswordLogin: null,
      oldPasswordLogin: null,
      survivors: null,
      rememberMe: target.rememberMe ? { issued: null, control: null, eventExchanges: [], replay: null, jar: null } : { notConfigured: 'the target profile does not say how to ask for a persistent login (target.rememberMe)' },
      refresh: target.refresh ? { issued: null, control: null, eventExchanges: [], afterEvent: null, replay: null } : { notConfigured: 'the target profile does not say how its clients refresh tokens (target.refresh)' },
      restoration: { rotation: target.passwordRotation, outcome: 'not-needed', detail: '', trials: [] },
    };
    const guard = new CriticalSection(ctx.signal, progress);
    try {
      await session.logoutAll('freeing session slots before the password change: logout');
      await requiresCurrent(ctx, observed, guard);
      // The attempts' devices would count against a concurrency limit while B, C and A need their slots.
      await session.logoutAll('freeing session slots before the password change: logout');
      await changeOnDeviceA(ctx, observed, guard);
    } catch (error) {
      if (!(error instanceof Interrupted || error instanceof UnknownPassword)) throw error;
      observed.stoppedEarly = error.message;
    } finally {
      progress.step(target.passwordRotation === 'restore' ? 'password change: restoring the original password' : 'password change: recording which password is current');
      observed.restoration = { rotation: target.passwordRotation, ...(await settle(session)) };
      guard.release();
    }
    return observed;
  },
};

async function requiresCurrent({ session, progress }: ProbeContext, observed: Observed, guard: CriticalSection): Promise<void> {
  if (!observed.requiresCurrent.sendsCurrent) return;
  for (const presented of ['a wrong password', 'an empty password'] as const) {
    guard.checkpoint();
    const from = session.keeper.current;
    const to = otherRole(from);
    const device = session.newClient(`requires-current: ${presented}`);
    await session.login(device);
    const control = await session.ask(device, 'control: logged in before submitting the change');
    progress.step(`password change: submitting it with ${presented} as the current password`);
    const current = presented === 'a wrong password' ? `sp-wrong-${randomBytes(9).toString('base64url')}` : '';
    const change = await submitPasswordChange(session, device, to, current, `password change with ${presented}`);
    const found = await findCurrentPassword(session, [from, to], `requires-current: which password logs in`);
    const outcome = found.role === from ? 'rejected' : found.role === to ? 'accepted' : 'unknown';
    observed.requiresCurrent.attempts.push({ presented, control, change, outcome, trials: found.trials });
    if (outcome === 'unknown') throw new UnknownPassword(`after the change with ${presented}, no password could be confirmed by a login`);
    // Taken: the password has changed already, and a second attempt would only change it back.
    if (outcome === 'accepted') return;
  }
}

async function changeOnDeviceA(ctx: ProbeContext, observed: Observed, guard: CriticalSection): Promise<void> {
  const { session, progress } = ctx;
  const { keeper } = session;
  const from = keeper.current;
  const to = otherRole(from);
  const remembered = session.target.rememberMe ? await rememberedDevice(session, 'password change') : undefined;
  if (remembered) observed.rememberMe = remembered.trial;
  const refreshing = session.target.refresh ? await refreshHolder(session, ctx.clock, 'password change') : undefined;
  if (refreshing) observed.refresh = refreshing.trial;
  guard.checkpoint();
  const witness = await openSurvivorWitness(session, 'password change');
  progress.step('password change: devices B and C log in, then device A');
  const others = [session.newClient('B'), session.newClient('C')];
  const a = session.newClient('A');
  for (const client of [...others, a]) await session.login(client);
  const before = await session.askEach([...others, a], 'positive control: logged in before the password change');
  const idsBefore = await session.sessionIds(a);
  const held = await Promise.all([...others, a].map((c) => holdings(session, c)));
  const remembers = remembered?.holder && (await heldRemembered(session, remembered.holder));
  guard.checkpoint();

  progress.step(`password change: device A changes the password from account.${from} to account.${to}`);
  const timer = await RevocationTimer.start(ctx, held[0]!.artifacts, 'password change');
  const change = await submitPasswordChange(session, a, to, keeper.value(from)!, 'password change');
  timer.eventDone();
  observed.change = { ...change, from, to, device: a.device };
  const after = await session.askEach([...others, a], `after ${a.device} changed the password`);
  // Right after the change: a refresh token that expires on its own later must not pass for a revoked one.
  if (refreshing) observed.refresh = { ...(await replayAfterEvent(refreshing, 'password change')), eventExchanges: change.exchanges };
  const idsAfter = await session.sessionIds(a);
  const replayed = await replayEach(session, held, 'the password change');
  observed.others = others.map((c, i) => ({ device: c.device, before: before[i]!, after: after[i]!, held: replayed[i]! }));
  observed.current = { device: a.device, before: before[2]!, after: after[2]!, held: replayed[2]!, idsBefore, idsAfter };
  observed.survivors = await witness.read(a);
  observed.timing = await timer.measure();

  const newLogin = await tryPassword(session, to, 'verify: new password');
  observed.newPasswordLogin = newLogin.trial;
  if (newLogin.trial.observation.answer === 'yes') await keeper.confirmed(to);
  const oldLogin = await tryPassword(session, from, 'verify: old password');
  observed.oldPasswordLogin = oldLogin.trial;
  if (newLogin.trial.observation.answer !== 'yes' && oldLogin.trial.observation.answer === 'yes') await keeper.confirmed(from);

  if (remembered && remembers) {
    observed.rememberMe = { ...remembered.trial, eventExchanges: change.exchanges, ...(await replayRemembered(session, remembers, 'the password change')) };
  }
}

/** Restores the original password, or (alternating) confirms which one is set; never throws. */
async function settle(session: TargetSession): Promise<Omit<Restoration, 'rotation'>> {
  try {
    if (session.target.passwordRotation === 'restore') return await restoreOriginalPassword(session);
    const { keeper } = session;
    if (keeper.pending === undefined) return { outcome: 'not-needed', detail: `password rotation alternates: ${keeper.describe(keeper.current)} stays set until the next run`, trials: [] };
    const found = await findCurrentPassword(session, [keeper.pending, otherRole(keeper.pending)], 'alternate: which password logs in');
    return found.role === undefined
      ? { outcome: 'failed', detail: 'neither password logs in', trials: found.trials }
      : { outcome: 'not-needed', detail: `password rotation alternates: ${keeper.describe(found.role)} stays set until the next run`, trials: found.trials };
  } catch (error) {
    return { outcome: 'failed', detail: `restoring the password broke: ${error instanceof Error ? error.message : String(error)}`, trials: [] };
  }
}
