/**
 * RFC 6238 codes for `{{totp}}`. A server accepts each code once (RFC 6238 §5.2: a verifier must not
 * accept the second attempt of the same OTP), so a code is handed out once: the next login waits for
 * the next time step and says so while it waits. Codes are handed out one at a time per secret, so
 * devices logging in together take turns, one time step each.
 */
import { Secret, TOTP } from 'otpauth';
import type { TotpConfig } from '../config/types.js';
import type { Progress } from '../progress.js';
import { formatDuration } from '../config/durations.js';

export interface TotpClock {
  /** Wall-clock epoch milliseconds: TOTP time steps count from the Unix epoch, not from a monotonic origin. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

const wallClock: TotpClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * The last time step handed out per secret, for the whole process: a code spent in one run is spent
 * at the server for the next run too (the demo and tests run several in one process).
 */
const spentSteps = new Map<string, number>();
/** The previous hand-out per secret; the next one starts when it is done. */
const turns = new Map<string, Promise<unknown>>();

/** How often the countdown line is refreshed while waiting for the next time step. */
const STATUS_EVERY_MS = 1_000;

export class TotpCodes {
  constructor(
    private readonly progress: Progress,
    private readonly clock: TotpClock = wallClock,
  ) {}

  /** A code of a time step no earlier flow has used; waits for the next step when the current one is spent. */
  next(config: TotpConfig, forWhat: string): Promise<string> {
    const previous = turns.get(config.secret) ?? Promise.resolve();
    const mine = previous.catch(() => undefined).then(() => this.handOut(config, forWhat));
    turns.set(config.secret, mine);
    return mine;
  }

  private async handOut(config: TotpConfig, forWhat: string): Promise<string> {
    const periodSeconds = config.periodMs / 1000;
    let step = TOTP.counter({ period: periodSeconds, timestamp: this.clock.now() });
    const spent = spentSteps.get(config.secret);
    if (spent !== undefined && step <= spent) {
      const until = (spent + 1) * config.periodMs;
      this.progress.step(
        `${forWhat}: the current TOTP code was already used and servers accept a code once; waiting ${formatDuration(until - this.clock.now())} for the next one`,
      );
      for (let left = until - this.clock.now(); left > 0; left = until - this.clock.now()) {
        this.progress.status(`waiting for the next TOTP time step (${forWhat}): ${Math.ceil(left / 1000)}s left`);
        await this.clock.sleep(Math.min(left, STATUS_EVERY_MS));
      }
      step = TOTP.counter({ period: periodSeconds, timestamp: this.clock.now() });
    }
    spentSteps.set(config.secret, step);
    return totpCode(config, step * config.periodMs);
  }
}

/** The code of the time step that holds `timestamp`. */
export function totpCode(config: TotpConfig, timestamp: number): string {
  return TOTP.generate({
    secret: Secret.fromBase32(config.secret),
    algorithm: config.algorithm,
    digits: config.digits,
    period: config.periodMs / 1000,
    timestamp,
  });
}

/** Why a secret is not usable base32, or undefined when it is. */
export function base32Problem(secret: string): string | undefined {
  const cleaned = secret.replace(/[\s=]/g, '');
  if (!/^[A-Z2-7]+$/i.test(cleaned)) return 'expected a base32 secret (letters A–Z and digits 2–7), as authenticator apps show it';
  if (cleaned.length < 16) return `expected a base32 secret of at least 16 characters (80 bits, RFC 4226 §4), got ${cleaned.length}`;
  return undefined;
}
