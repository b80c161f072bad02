/**
 * `sessionprobe recover`: after a run was killed (or could not restore) while the account's password
 * was changed, read the journal beside the config, find out by logging in which of the two configured
 * passwords is set, and change it back to account.password. Needs the same config and environment as
 * the run: the journal names where the passwords come from, never the passwords.
 */
import type { Config } from '../config/types.js';
import { EvidenceLog, Redactor } from '../evidence.js';
import { consoleProgress } from '../progress.js';
import { PasswordKeeper } from '../account/keeper.js';
import { journalPath, otherRole, readJournal, JournalError } from '../account/journal.js';
import { restoreOriginalPassword } from '../account/password.js';
import { establishSession } from '../target/establish.js';
import { TargetUntestableError } from '../target/untestable.js';
import type { TargetSession } from '../target/session.js';
import { CliError, EXIT, loud, type ExitCode } from './exit-codes.js';
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
  const progress = consoleProgress(io.stderr);
  const keeper = PasswordKeeper.forRecovery({ ...config, target } as Config, entry, baseUrl);
  progress.step(`recovering the password of ${entry.username} at ${baseUrl} (journal: ${journal})`);

  const redactor = new Redactor();
  for (const role of ['password', 'newPassword'] as const) {
    const value = keeper.value(role);
    if (value) redactor.addPassword(value);
  }
  const session = await logInWithEither(target, new EvidenceLog(redactor), progress, keeper);
  try {
    const restoration = await restoreOriginalPassword(session);
    if (restoration.outcome !== 'failed') {
      io.stdout.write(`recovered: ${restoration.detail}; ${entry.username} at ${baseUrl} logs in with ${keeper.describe('password')} again\n`);
      return EXIT.ok;
    }
    io.stderr.write(loud([`recovery failed: ${restoration.detail}.`, keeper.strandedMessage()]));
    return EXIT.accountAtRisk;
  } finally {
    await session.close();
  }
}

/** Establishes a session with whichever password logs in, most likely first: the one a change was heading to. */
async function logInWithEither(target: Config['target'], evidence: EvidenceLog, progress: ReturnType<typeof consoleProgress>, keeper: PasswordKeeper): Promise<TargetSession> {
  const first: PasswordRole = keeper.pending ?? keeper.current;
  const reasons: string[] = [];
  for (const role of [first, otherRole(first)]) {
    keeper.assume(role);
    try {
      const { session } = await establishSession(target, evidence, progress, keeper);
      await keeper.confirmed(role);
      return session;
    } catch (error) {
      if (!(error instanceof TargetUntestableError)) throw error;
      reasons.push(`with ${keeper.describe(role)}: ${error.message}`);
    }
  }
  keeper.assume(first);
  throw new CliError(loud([`recovery failed: neither password logs in.`, ...reasons, keeper.strandedMessage()]).trim(), EXIT.accountAtRisk);
}
