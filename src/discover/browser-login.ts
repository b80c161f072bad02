/**
 * Discovering a login that needs a real browser (`discover --browser`).
 */
import type { HttpClient } from '../drivers/http.js';
import type { TargetSession } from '../target/session.js';
import { TargetUntestableError } from '../target/untestable.js';
import type { LoginOutcome } from './discover.js';

export async function browserLogin(_session: TargetSession, _user: HttpClient, _start: string, _log: (line: string) => void): Promise<LoginOutcome> {
  throw new TargetUntestableError('discover --browser is not available in this build yet; write a login.browser flow by hand (see the README)');
}
