/**
 * The password operations the password-change suite and `sessionprobe recover` share: find out which
 * password logs in, submit a change (journaled before it is sent), and change the password back to the
 * original. Every claim about which password is set rests on a login the oracle confirmed.
 */
import type { HttpClient } from '../drivers/http.js';
import { TransportError } from '../drivers/http.js';
import { attemptFlow, FlowError } from '../target/flows.js';
import type { TargetSession } from '../target/session.js';
import { otherRole } from './journal.js';
import type { FlowAttempt, PasswordRole, PasswordTrial, Restoration } from '../model/attempts.js';



/** Logs a fresh device in with the password of `role` and asks the oracle whether that worked. */
export async function tryPassword(session: TargetSession, role: PasswordRole, device: string): Promise<{ trial: PasswordTrial; client: HttpClient }> {
  const client = session.newClient(device);
  const password = session.keeper.value(role);
  let loginExchanges: number[] = [];
  try {
    if (password === undefined) throw new FlowError(`the account has no ${role}`, []);
    loginExchanges = (await session.login(client, { password, label: `login with account.${role}` })).exchanges;
  } catch (error) {
    if (!(error instanceof FlowError || error instanceof TransportError)) throw error;
    const exchanges = error instanceof FlowError ? error.exchanges : [];
    return { trial: { role, device, observation: { answer: 'unknown', exchange: exchanges.at(-1) ?? 0, reason: error.message }, loginExchanges: exchanges }, client };
  }
  const observation = await session.ask(client, `oracle: logged in with account.${role}?`);
  return { trial: { role, device, observation, loginExchanges }, client };
}

/**
 * Which of `roles` logs in now, tried in order; the first confirmed one is recorded as current (and
 * clears a pending change). Undefined when none could be confirmed.
 */
export async function findCurrentPassword(
  session: TargetSession,
  roles: readonly PasswordRole[],
  label: string,
): Promise<{ role: PasswordRole | undefined; trials: PasswordTrial[]; client?: HttpClient }> {
  const trials: PasswordTrial[] = [];
  for (const role of roles) {
    const { trial, client } = await tryPassword(session, role, `${label} (${role})`);
    trials.push(trial);
    if (trial.observation.answer === 'yes') {
      await session.keeper.confirmed(role);
      return { role, trials, client };
    }
  }
  return { role: undefined, trials };
}

/**
 * Runs the password-change flow on a logged-in device with {{password}} = `presented` and
 * {{newPassword}} = the password of `to`. The journal names `to` as pending before anything is sent.
 */
export async function submitPasswordChange(
  session: TargetSession,
  client: HttpClient,
  to: PasswordRole,
  presented: string,
  label: string,
): Promise<FlowAttempt> {
  const flow = session.target.passwordChange;
  const next = session.keeper.value(to);
  if (!flow || next === undefined) throw new Error('the password change needs target.passwordChange and account.newPassword');
  await session.keeper.changing(to);
  return attemptFlow(client, flow, { ...session.account, password: presented, newPassword: next }, label);
}

/** Changes the password back to account.password, confirming every step with a login. */
export async function restoreOriginalPassword(session: TargetSession): Promise<Restoration> {
  const { keeper } = session;
  if (keeper.pending === undefined && keeper.current === 'password') return { outcome: 'not-needed', detail: 'the original password is set', trials: [] };
  const candidates: PasswordRole[] = keeper.pending === undefined ? [keeper.current, otherRole(keeper.current)] : [keeper.pending, otherRole(keeper.pending)];
  const found = await findCurrentPassword(session, candidates, 'restore: which password logs in');
  if (found.role === undefined) {
    return { outcome: 'failed', detail: `neither password logs in (${found.trials.map((t) => `${t.role}: ${t.observation.reason}`).join('; ')})`, trials: found.trials };
  }
  if (found.role === 'password') return { outcome: 'restored', detail: 'the original password logs in again', trials: found.trials };
  const change = await submitPasswordChange(session, found.client!, 'password', keeper.value(found.role)!, 'restore: change the password back');
  const verify = await findCurrentPassword(session, ['password', found.role], 'restore: verify');
  const trials = [...found.trials, ...verify.trials];
  if (verify.role === 'password') return { outcome: 'restored', detail: `changed back from ${found.role} to the original password, confirmed by a login`, trials, change };
  const answered = change.status === null ? change.error : `the change answered ${change.status}`;
  return { outcome: 'failed', detail: `the target did not take the original password back (${answered}); the password is still ${found.role}`, trials, change };
}
