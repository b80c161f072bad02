/**
 * While the account's password is changed, Ctrl-C (SIGINT) and SIGTERM must not leave it changed:
 * the first signal is held back and only asks the work to wrap up (the caller restores the password),
 * and it is raised again once the critical section ends. A second signal is let through at once; the
 * journal then lets `sessionprobe recover` finish the job.
 */
import type { Progress } from '../progress.js';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
type HeldSignal = (typeof SIGNALS)[number];

export class Interrupted extends Error {
  override readonly name = 'Interrupted';
}

export class CriticalSection {
  private received: HeldSignal | undefined;
  private released = false;
  private readonly handler = (signal: HeldSignal): void => {
    if (this.received) {
      this.progress.step(`${signal} again: stopping now; the password may still be changed — run \`sessionprobe recover\``);
      this.release();
      return;
    }
    this.received = signal;
    this.progress.step(`${signal}: restoring the password before exiting (send it again to stop at once)`);
  };

  constructor(private readonly progress: Progress) {
    for (const s of SIGNALS) process.on(s, this.handler);
  }

  get interrupted(): boolean {
    return this.received !== undefined;
  }

  /** Throws Interrupted when a signal arrived, so the work unwinds to its restoring `finally`. */
  checkpoint(): void {
    if (this.received) throw new Interrupted(`interrupted by ${this.received}`);
  }

  /** Ends the section; a held signal is raised again, now with the process's ordinary handling. */
  release(): void {
    if (this.released) return;
    this.released = true;
    for (const s of SIGNALS) process.off(s, this.handler);
    if (this.received) process.kill(process.pid, this.received);
  }
}
