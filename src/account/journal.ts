/**
 * The password journal: `.sessionprobe/journal.json` beside the config. It exists while the account's
 * password is not known to be the original one, says which of the two configured passwords is current
 * (and which one a change in flight was heading to), and where each password comes from — an
 * environment variable's name or a config path, never the value, never a hash of it. It is written
 * atomically before every password change, so it survives SIGKILL; `sessionprobe recover` reads it.
 */
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { PasswordRole } from '../model/attempts.js';

export const ROLES: readonly PasswordRole[] = ['password', 'newPassword'];

export function otherRole(role: PasswordRole): PasswordRole {
  return role === 'password' ? 'newPassword' : 'password';
}

export interface JournalEntry {
  version: 1;
  configFile: string;
  baseUrl: string;
  username: string;
  /** Where each password comes from, e.g. `environment variable SP_PASSWORD` — never the value. */
  sources: Record<PasswordRole, string>;
  rotation: 'restore' | 'alternate';
  /** The password last confirmed by a login. */
  current: PasswordRole;
  /** A change towards this password was started and its outcome is not known yet. */
  pending?: PasswordRole;
  /** The process that wrote it, so a second run can tell a crash from a run in progress. */
  pid: number;
  updatedAt: string;
}

export class JournalError extends Error {
  override readonly name = 'JournalError';
}

export function journalPath(configFile: string): string {
  return path.join(path.dirname(configFile), '.sessionprobe', 'journal.json');
}

export async function readJournal(file: string): Promise<JournalEntry | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new JournalError(`cannot read the password journal ${file}: ${(error as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new JournalError(`the password journal ${file} is not valid JSON; it may be damaged — check which password the account has, then delete the file`);
  }
  const problem = shapeProblem(value);
  if (problem) throw new JournalError(`the password journal ${file} is not one sessionprobe wrote (${problem}); check which password the account has, then delete the file`);
  return value as JournalEntry;
}

/** Write to a temporary file, flush it to disk, then rename over the journal: a crash leaves the old or the new one, never half of one. */
export async function writeJournal(file: string, entry: JournalEntry): Promise<void> {
  const dir = path.dirname(file);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.tmp`;
  const handle = await open(temp, 'w', 0o600);
  try {
    await handle.writeFile(`${JSON.stringify(entry, null, 2)}\n`, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, file);
  const dirHandle = await open(dir, 'r');
  try {
    await dirHandle.sync();
  } finally {
    await dirHandle.close();
  }
}

export async function clearJournal(file: string): Promise<void> {
  await rm(file, { force: true });
}

function shapeProblem(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'not an object';
  const v = value as Record<string, unknown>;
  if (v.version !== 1) return `unknown version ${JSON.stringify(v.version)}`;
  for (const key of ['configFile', 'baseUrl', 'username', 'updatedAt'] as const) {
    if (typeof v[key] !== 'string') return `${key} is missing`;
  }
  const isRole = (r: unknown) => r === 'password' || r === 'newPassword';
  if (!isRole(v.current)) return 'current is not password or newPassword';
  if (v.pending !== undefined && !isRole(v.pending)) return 'pending is not password or newPassword';
  if (v.rotation !== 'restore' && v.rotation !== 'alternate') return 'rotation is not restore or alternate';
  const sources = v.sources as Record<string, unknown> | undefined;
  if (!sources || typeof sources.password !== 'string' || typeof sources.newPassword !== 'string') return 'sources are missing';
  return undefined;
}
