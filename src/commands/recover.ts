/**
 * `sessionprobe recover`: after a run was killed (or could not restore) while the account's password
 * was changed, read the journal beside the config, find out by logging in which of the two configured
 * passwords is set, and change it back to account.password. Needs the same config and environment as
 * the run: the journal names where the passwords come from, never the passwords.
 */
import type { Config } from '../config/types.js';
import { EvidenceLog, Redactor } from '../evidence.js';
import { consoleProgress, redactedProgress, type Progress } from '../progress.js';
import { PasswordKeeper } from '../account/keeper.js';
import { journalPath, otherRole, readJournal, JournalError } from '../account/journal.js';
import { restoreOriginalPassword } from '../account/password.js';
import { establishSession } from '../target/establish.js';
import { TargetUntestableError } from '../target/untestable.js';
import type { TargetSession } from '../target/session.js';
import { visibleControls } from '../visible-text.js';
import { CliError, EXIT, loud, type ExitCode } from './exit-codes.js';
import { formatDuration } from '../config/durations.js';
import { systemClock } from '../scheduler.js';
import { loadConfigOrExit, resolveConfigPath } from './config-file.js';
import type { PasswordRole } from '../model/attempts.js';

export async function recoverCommand(args: { config?: string; baseUrl?: string }, io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream }): Promise<ExitCode> {
  const file = await resolveConfigPath(args.config);
  const config = await loadConfigOrExit(file, { baseUrl: args.baseUrl });
  const journal = journalPath(config.file);
  const entry = await readJournal(journal).catch((error: unknown) => {
    throw error instanceof JournalError ? new CliError(error.message, EXIT.accountAtRisk) : error;
  });
  if (!entry) {
    io.stdout.write(`nothing to recover: no password journal at ${journal}, so no run left a password changed\n`);
    return EXIT.ok;
  }
  if (entry.username !== config.target.account.username) {
    throw new CliError(`${journal} is about ${entry.username}, but ${file} logs in as ${config.target.account.username}; use the config the run used`, EXIT.usage);
  }
  const baseUrl = args.baseUrl ?? entry.baseUrl;
  const target = { ...config.target, baseUrl };
  const shown = consoleProgress(io.stderr);
  const keeper = PasswordKeeper.forRecovery({ ...config, target }, entry, baseUrl);
  shown.step(`recovering the password of ${entry.username} at ${baseUrl} (journal: ${journal})`);

  const redactor = new Redactor();
  for (const role of ['password', 'newPassword'] as const) {
    const value = keeper.value(role);
    if (value) redactor.addPassword(value);
  }
  const progress = redactedProgress(shown, (text) => redactor.redact(text));
  // Each attempt starts over from "which password logs in", so repeating one after a transient fault is safe.
  let failure: string[] = [];
  for (let attempt = 0; attempt <= RETRY_DELAYS_MS.length; attempt++) {
    if (attempt > 0) {
      const wait = RETRY_DELAYS_MS[attempt - 1]!;
      progress.step(`recover: trying again in ${formatDuration(wait)} (attempt ${attempt + 1} of ${RETRY_DELAYS_MS.length + 1}): ${failure[0]}`);
      await systemClock.sleep(wait);
    }
    const result = await recoverOnce(target, new EvidenceLog(redactor), progress, keeper);
    if (result.ok) {
      io.stdout.write(`recovered: ${visibleControls(`${result.detail}; ${entry.username} at ${baseUrl} logs in with ${keeper.describe('password')} again`)}\n`);
      return EXIT.ok;
    }
    failure = result.failure;
  }
  io.stderr.write(loud([`recovery failed after ${RETRY_DELAYS_MS.length + 1} attempts: ${failure[0]}`, ...failure.slice(1), keeper.strandedMessage()]));
  return EXIT.accountAtRisk;
}

/** A target answering 5xx or dropping connections for a moment must not leave the account stranded. */
const RETRY_DELAYS_MS = [2_000, 5_000];

type Attempt = { ok: true; detail: string } | { ok: false; failure: string[] };

async function recoverOnce(target: Config['target'], evidence: EvidenceLog, progress: Progress, keeper: PasswordKeeper): Promise<Attempt> {
  const login = await logInWithEither(target, evidence, progress, keeper);
  if ('failure' in login) return { ok: false, failure: login.failure };
  try {
    const restoration = await restoreOriginalPassword(login.session);
    return restoration.outcome === 'failed' ? { ok: false, failure: [`${restoration.detail}.`] } : { ok: true, detail: restoration.detail };
  } finally {
    await login.session.close();
  }
}

/** Establishes a session with whichever password logs in, most likely first: the one a change was heading to. */
async function logInWithEither(
  target: Config['target'],
  evidence: EvidenceLog,
  progress: Progress,
  keeper: PasswordKeeper,
): Promise<{ session: TargetSession } | { failure: string[] }> {
  const first: PasswordRole = keeper.pending ?? keeper.current;
  const reasons: string[] = [];
  for (const role of [first, otherRole(first)]) {
    keeper.assume(role);
    try {
      const { session } = await establishSession(target, evidence, progress, keeper);
      await keeper.confirmed(role);
      return { session };
    } catch (error) {
      if (!(error instanceof TargetUntestableError)) throw error;
      reasons.push(`with ${keeper.describe(role)}: ${error.message}`);
    }
  }
  keeper.assume(first);
  return { failure: ['neither password logs in.', ...reasons] };
}
