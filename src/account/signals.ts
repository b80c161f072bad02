/**
 * While the account's password is changed, an interruption (Ctrl-C, SIGTERM) must not leave it changed.
 * The CLI turns the first signal into the run's abort signal and a second one into an immediate exit;
 * this section turns the abort into an Interrupted error at the next safe point, so the work unwinds to
 * its restoring `finally`. After an immediate exit the journal lets `sessionprobe recover` finish the job.
 */
import type { Progress } from '../progress.js';

export class Interrupted extends Error {
  override readonly name = 'Interrupted';
}

/** What interrupted the run, for the partial reason: `interrupted by SIGTERM`. */
export function interruption(signal: AbortSignal): string {
  return signal.reason instanceof Interrupted ? signal.reason.message : 'interrupted';
}

export class CriticalSection {
  private readonly announce = (): void => {
    this.progress.step('interrupted: restoring the password before exiting (interrupt again to stop at once; then run `sessionprobe recover`)');
  };

  constructor(
    private readonly signal: AbortSignal,
    private readonly progress: Progress,
  ) {
    signal.addEventListener('abort', this.announce, { once: true });
  }

  get interrupted(): boolean {
    return this.signal.aborted;
  }

  /** Throws Interrupted when the run was interrupted, so the work unwinds to its restoring `finally`. */
  checkpoint(): void {
    if (this.signal.aborted) throw new Interrupted('interrupted');
  }

  release(): void {
    this.signal.removeEventListener('abort', this.announce);
  }
}
