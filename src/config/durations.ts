/**
 * Durations as users write them (`500ms`, `45s`, `30m`, `8h`, `7d`, combined largest unit first as in
 * `1h30m`) and as reports print them. Everything downstream works in milliseconds.
 */

const MS_PER_UNIT = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000, ms: 1 } as const;

/**
 * The whole grammar in one expression. schema/config.schema.json repeats its source as the `duration`
 * pattern (a unit test keeps the two equal), so editors and the loader accept exactly the same strings.
 * The lookahead rejects the empty string, which every optional group would otherwise match.
 */
export const DURATION_PATTERN =
  /^(?=\d)(?:(\d+(?:\.\d+)?)d)?(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m)?(?:(\d+(?:\.\d+)?)s)?(?:(\d+(?:\.\d+)?)ms)?$/;

const GROUP_UNITS = ['d', 'h', 'm', 's', 'ms'] as const;

/**
 * The longest duration the tool accepts anywhere (schema keyword `x-maxDuration`, and --max-wait). No
 * run waits longer, and no cookie, HSTS or token lifetime worth requiring does; past it, values like
 * `9999999999999999999999d` would lose their precision and turn every comparison with them meaningless.
 */
export const LONGEST_DURATION = '3650d';

/** Why a duration is refused, or undefined when it is within LONGEST_DURATION (or not a duration at all). */
export function tooLong(text: string, limit = LONGEST_DURATION): string | undefined {
  if (!DURATION_PATTERN.test(text) || parseDuration(text) <= parseDuration(limit)) return undefined;
  return `${JSON.stringify(text.length > 40 ? `${text.slice(0, 37)}...` : text)} is longer than ${limit}, the longest duration sessionprobe supports: no run waits that long (long waits are slept in pieces of Node's ~24.8-day timer limit) and no session, cookie or HSTS lifetime worth checking needs more`;
}

/** Milliseconds for a duration string; throws an Error whose message says what a duration looks like. */
export function parseDuration(text: string): number {
  const match = DURATION_PATTERN.exec(text);
  if (!match) {
    throw new Error(`${JSON.stringify(text)} is not a duration: write a number and a unit (ms, s, m, h, d), e.g. 500ms, 45s, 30m, 8h, 7d or 1h30m`);
  }
  return GROUP_UNITS.reduce((total, unit, i) => {
    const amount = match[i + 1];
    return amount === undefined ? total : total + Number(amount) * MS_PER_UNIT[unit];
  }, 0);
}

/**
 * The shortest readable form that parseDuration reads back: `30m`, `8h`, `1h30m`, `1.5s`, `250ms`.
 * Below a minute seconds keep their fraction, because measured timings (grace, RTT) are rarely whole.
 */
export function formatDuration(ms: number): string {
  if (ms < 0) return `-${formatDuration(-ms)}`;
  if (ms < MS_PER_UNIT.s) return `${Number(ms.toFixed(1))}ms`;
  if (ms < MS_PER_UNIT.m) return `${Number((ms / MS_PER_UNIT.s).toFixed(3))}s`;
  const parts: string[] = [];
  let rest = ms;
  for (const unit of ['d', 'h', 'm'] as const) {
    const whole = Math.floor(rest / MS_PER_UNIT[unit]);
    if (whole > 0) parts.push(`${whole}${unit}`);
    rest -= whole * MS_PER_UNIT[unit];
  }
  if (rest > 0) parts.push(formatDuration(rest));
  return parts.join('');
}
