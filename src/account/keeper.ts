/**
 * Which of the two configured passwords the account has right now, kept in step with the journal on
 * disk. Every login of a run asks the keeper for the current password; the password-change suite tells
 * it before a change (the journal then names the password the change is heading to) and after the
 * change was verified by a login.
 */
import type { Account, Config } from '../config/types.js';
import { parseConfigFile } from '../config/parse.js';
import type { Notice } from '../model/result.js';
import { clearJournal, journalPath, otherRole, readJournal, writeJournal, type JournalEntry } from './journal.js';
import type { PasswordRole } from '../model/attempts.js';

export class AccountAtRiskError extends Error {
  override readonly name = 'AccountAtRiskError';
}

export class PasswordKeeper {
  private pendingRole: PasswordRole | undefined;

  private constructor(
    private readonly config: Config,
    private readonly baseUrl: string,
    readonly journalFile: string,
    private readonly sources: Record<PasswordRole, string>,
    private currentRole: PasswordRole,
  ) {}

  /**
   * For a run: refuses to start over an unfinished change (that is what `recover` is for), and starts
   * from the other password when the previous run of an alternating target left it there.
   */
  static async forRun(config: Config): Promise<PasswordKeeper> {
    const file = journalPath(config.file);
    const entry = await readJournal(file);
    const keeper = new PasswordKeeper(config, config.target.baseUrl, file, await passwordSources(config.file), 'password');
    if (!entry) return keeper;
    const recover = `run \`sessionprobe recover --config ${config.file}${entry.baseUrl === config.target.baseUrl ? '' : ` --base-url ${entry.baseUrl}`}\` first`;
    if (entry.pid !== process.pid && isRunning(entry.pid)) {
      throw new AccountAtRiskError(`another sessionprobe run (pid ${entry.pid}) is changing the password of ${entry.username} at ${entry.baseUrl} (${file})`);
    }
    if (entry.baseUrl !== config.target.baseUrl || entry.username !== config.target.account.username) {
      throw new AccountAtRiskError(
        `${file} records that the password of ${entry.username} at ${entry.baseUrl} is ${describeEntry(entry)}; ${recover} (or delete the file once that account is sorted out)`,
      );
    }
    if (entry.pending !== undefined || entry.rotation === 'restore' || config.target.passwordRotation === 'restore') {
      throw new AccountAtRiskError(`a previous run did not restore the password of ${entry.username} at ${entry.baseUrl}: ${file} records it as ${describeEntry(entry)}; ${recover}`);
    }
    keeper.currentRole = entry.current;
    return keeper;
  }

  /** For `recover`: the journal's view, at the base URL it names unless told otherwise. */
  static forRecovery(config: Config, entry: JournalEntry, baseUrl: string): PasswordKeeper {
    const keeper = new PasswordKeeper(config, baseUrl, journalPath(config.file), entry.sources, entry.current);
    keeper.pendingRole = entry.pending;
    return keeper;
  }

  get current(): PasswordRole {
    return this.currentRole;
  }

  get pending(): PasswordRole | undefined {
    return this.pendingRole;
  }

  get rotation(): 'restore' | 'alternate' {
    return this.config.target.passwordRotation;
  }

  /** The account as flows see it: {{password}} is the current password, {{newPassword}} the other one. */
  account(role: PasswordRole = this.currentRole): Account {
    const { username, totp } = this.config.target.account;
    const newPassword = this.value(otherRole(role));
    return { username, password: this.value(role)!, ...(newPassword !== undefined && { newPassword }), ...(totp && { totp }) };
  }

  value(role: PasswordRole): string | undefined {
    return this.config.target.account[role];
  }

  /** `account.newPassword (environment variable SP_NEW_PASSWORD)`: how reports name a password. */
  describe(role: PasswordRole): string {
    return `account.${role} (${this.sources[role]})`;
  }

  /** Assumes a password without journaling it: `recover` trying which one logs in. */
  assume(role: PasswordRole): void {
    this.currentRole = role;
  }

  /** Journals a change that is about to be sent: from here on, either password may be the one set. */
  async changing(to: PasswordRole): Promise<void> {
    this.pendingRole = to;
    await this.save();
  }

  /** A login confirmed `role`. Once that is the original password and nothing is in flight, the journal goes. */
  async confirmed(role: PasswordRole): Promise<void> {
    this.currentRole = role;
    this.pendingRole = undefined;
    await this.save();
  }

  /** What the reports must say about the account at the end of a run. */
  notices(): Notice[] {
    if (this.pendingRole !== undefined) {
      return [{ level: 'critical', message: `${this.strandedMessage()} Which of the two passwords is set could not be confirmed.` }];
    }
    if (this.currentRole === 'password') return [];
    if (this.rotation === 'alternate') {
      return [
        {
          level: 'info',
          message: `password rotation alternates (target.passwordRotation: alternate): the password of ${this.config.target.account.username} is now ${this.describe('newPassword')}; the next run starts from it and changes it back. ${this.journalFile} records this.`,
        },
      ];
    }
    return [{ level: 'critical', message: this.strandedMessage() }];
  }

  /** The loud message when the original password could not be restored. */
  strandedMessage(): string {
    const now = this.pendingRole === undefined ? this.describe(this.currentRole) : `${this.describe(this.currentRole)} or ${this.describe(this.pendingRole)}`;
    return `THE PASSWORD OF ${this.config.target.account.username} AT ${this.baseUrl} WAS NOT RESTORED. It is now ${now}. Run \`sessionprobe recover --config ${this.config.file}\` to change it back to ${this.describe('password')}, or change it by hand.`;
  }

  private async save(): Promise<void> {
    if (this.pendingRole === undefined && this.currentRole === 'password') {
      await clearJournal(this.journalFile);
      return;
    }
    await writeJournal(this.journalFile, {
      version: 1,
      configFile: this.config.file,
      baseUrl: this.baseUrl,
      username: this.config.target.account.username,
      sources: this.sources,
      rotation: this.rotation,
      current: this.currentRole,
      ...(this.pendingRole === undefined ? {} : { pending: this.pendingRole }),
      pid: process.pid,
      updatedAt: new Date().toISOString(),
    });
  }
}

function describeEntry(entry: JournalEntry): string {
  const name = (role: PasswordRole) => `account.${role} (${entry.sources[role]})`;
  return entry.pending === undefined ? name(entry.current) : `${name(entry.current)} or ${name(entry.pending)} (a change was interrupted)`;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const ENV_ONLY = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/;

/**
 * Where each password is written: the name of the environment variable when the config gives exactly
 * `${NAME}`, else the config path. Read from the file as written, before interpolation.
 */
async function passwordSources(file: string): Promise<Record<PasswordRole, string>> {
  const parsed = await parseConfigFile(file);
  const account = parsed.ok ? ((parsed.value.target as Record<string, unknown> | undefined)?.account as Record<string, unknown> | undefined) : undefined;
  const source = (role: PasswordRole): string => {
    const raw = account?.[role];
    const env = typeof raw === 'string' ? ENV_ONLY.exec(raw)?.[1] : undefined;
    return env ? `environment variable ${env}` : `written in ${file}`;
  };
  return { password: source('password'), newPassword: source('newPassword') };
}
