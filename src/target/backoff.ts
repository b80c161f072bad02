/**
 * Logins that the target throttles (HTTP 429, or a lockout message) are retried after a wait — the
 * Retry-After the target asks for, else 1s, 2s, 4s, … — within a retry count and a total wait, and
 * every throttled attempt is remembered for the report. A run never retries a login in a tight loop.
 */
import type { LoginBackoff } from '../config/types.js';
import type { Progress } from '../progress.js';
import { systemClock } from '../scheduler.js';
import type { FlowResult } from './flows.js';
import { FlowError } from './flows.js';

/** Phrases that mean "locked out, try later" on common login pages. */
const LOCKOUT = /too many (?:failed |unsuccessful )?(?:login |log-in |sign-?in )?(?:attempts|requests|tries)|account (?:is |has been )?(?:temporarily )?locked|temporarily (?:locked|blocked)|try again (?:later|in \d+)/i;
const FIRST_WAIT_MS = 1_000;
const PROGRESS_EVERY_MS = 5_000;

export interface ThrottleEvent {
  device: string;
  /** Why the login counts as throttled: `HTTP 429`, or the lockout text found. */
  reason: string;
  /** How long the run waited before retrying; 0 when it gave up. */
  waitedMs: number;
  gaveUp: boolean;
  exchanges: number[];
}

export type Sleep = (ms: number) => Promise<void>;

export const sleep: Sleep = (ms) => systemClock.sleep(ms);

export class LoginThrottle {
  readonly events: ThrottleEvent[] = [];

  constructor(
    private readonly limits: LoginBackoff,
    private readonly progress: Progress,
    private readonly wait: Sleep = sleep,
  ) {}

  async login(device: string, attempt: () => Promise<FlowResult>): Promise<FlowResult> {
    let waitedMs = 0;
    for (let retry = 0; ; retry++) {
      const result = await attempt();
      const reason = throttled(result, this.limits.lockoutText);
      if (!reason) return result;
      const wanted = retryAfterMs(result) ?? FIRST_WAIT_MS * 2 ** retry;
      const left = this.limits.maxWaitMs - waitedMs;
      if (retry >= this.limits.retries || wanted > left) {
        this.events.push({ device, reason, waitedMs: 0, gaveUp: true, exchanges: result.exchanges });
        throw new FlowError(
          `login throttled (${reason}) and still refused after ${retry} retr${retry === 1 ? 'y' : 'ies'} and ${Math.round(waitedMs / 1000)}s of waiting (limits: target.loginBackoff)`,
          result.exchanges,
        );
      }
      this.events.push({ device, reason, waitedMs: wanted, gaveUp: false, exchanges: result.exchanges });
      await this.waitWithProgress(wanted, `login throttled (${reason}) for device ${device}: retry ${retry + 1} of ${this.limits.retries}`);
      waitedMs += wanted;
    }
  }

  /** One line for the report, or undefined when no login was throttled. */
  summary(): string | undefined {
    if (this.events.length === 0) return undefined;
    const waited = this.events.reduce((sum, e) => sum + e.waitedMs, 0);
    const reasons = [...new Set(this.events.map((e) => e.reason))].join(', ');
    const gaveUp = this.events.filter((e) => e.gaveUp).length;
    return `the target throttled ${this.events.length} login attempt(s) (${reasons}); the run backed off for ${(waited / 1000).toFixed(1)}s in total${gaveUp ? ` and gave up on ${gaveUp} login(s)` : ''}`;
  }

  private async waitWithProgress(ms: number, what: string): Promise<void> {
    for (let left = ms; left > 0; left -= PROGRESS_EVERY_MS) {
      this.progress.step(`${what}: waiting ${(left / 1000).toFixed(1)}s`);
      await this.wait(Math.min(left, PROGRESS_EVERY_MS));
    }
  }
}

function throttled(result: FlowResult, lockoutText: string | undefined): string | undefined {
  if (result.response.status === 429) return 'HTTP 429';
  const body = result.response.body;
  if (lockoutText && body.toLowerCase().includes(lockoutText.toLowerCase())) return `lockout message “${lockoutText}”`;
  const phrase = LOCKOUT.exec(body)?.[0];
  return phrase ? `lockout message “${phrase}”` : undefined;
}

/** RFC 9110 §10.2.3: delay-seconds or an HTTP date. */
function retryAfterMs(result: FlowResult): number | undefined {
  const value = result.response.header('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
