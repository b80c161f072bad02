/**
 * The choices of the spec builder, in the order `init` asks them: each one a CLI flag and a prompt,
 * reading what a person types ("15m", "strict,lax", "none") into the values the config file holds.
 * What a choice means and why it matters comes from SPEC_FIELDS, so prompts, flags and the review
 * document never explain a setting twice.
 */
import { formatDuration, parseDuration } from '../config/durations.js';
import { rawField } from '../config/spec.js';
import { SPEC_FIELDS } from '../config/spec-fields.js';
import type { SpecValues } from '../config/presets.js';
import { BINDING_SIGNALS, PASSWORD_CHANGE_CURRENT, REFRESH_REUSE, SESSION_STORES, type BindingSignal, type SameSite } from '../config/types.js';
import type { SpecField } from '../config/raw-spec.js';

/** A typed answer the choice cannot read; the message says what it accepts. */
export class ChoiceError extends Error {
  override readonly name = 'ChoiceError';
}

export interface Choice {
  /** The CLI flag, without dashes. */
  flag: string;
  /** The first field it sets; `why` and the standards come from it. */
  field: SpecField;
  /** yes/no choices are also boolean flags (`--http-only`, `--no-http-only`). */
  boolean: boolean;
  question: string;
  /** What may be typed. */
  accepts: string;
  /** Typed text → the config values it sets (one choice may set two fields, e.g. Domain sets hostOnly too). */
  read(text: string): Partial<Record<SpecField, unknown>>;
  /** The current value, as it would be typed. */
  show(spec: SpecValues): string;
}

const NO_REQUIREMENT = ['any', 'unspecified', 'no requirement'];
const isNoRequirement = (text: string) => NO_REQUIREMENT.includes(text.toLowerCase());

function yesNo(text: string): boolean {
  const answer = text.toLowerCase();
  if (['yes', 'y', 'true', 'on'].includes(answer)) return true;
  if (['no', 'n', 'false', 'off'].includes(answer)) return false;
  throw new ChoiceError(`expected yes or no, got "${text}"`);
}

function oneOf<T extends string>(text: string, values: readonly T[], label = values.join(', ')): T {
  const found = values.find((v) => v.toLowerCase() === text.toLowerCase());
  if (found === undefined) throw new ChoiceError(`expected one of ${label}, got "${text}"`);
  return found;
}

/** A comma-separated list of `values`; `empty` (if any) stands for the empty list. */
function listOf<T extends string>(text: string, values: readonly T[], empty?: string): T[] {
  if (empty !== undefined && (text.toLowerCase() === empty || text === '')) return [];
  const label = `${values.join(', ')} (comma-separated)${empty ? ` or ${empty}` : ''}`;
  return [...new Set(text.split(/[\s,]+/).filter(Boolean).map((item) => oneOf(item, values, label)))];
}

function duration(text: string, { zero = false } = {}): string {
  try {
    parseDuration(text);
  } catch (error) {
    throw new ChoiceError((error as Error).message);
  }
  if (!zero && /^(?:0+(?:\.0+)?(?:ms|s|m|h|d))+$/.test(text)) throw new ChoiceError('expected a duration greater than zero');
  return text;
}

/** "15m" or "15m/30s": the renewal interval, and the overlap the previous ID keeps (0s when left out). */
function renewal(text: string): { every: string; overlap: string } {
  const [every = '', overlap = '0s', ...rest] = text.split('/');
  if (rest.length > 0) throw new ChoiceError(`expected <interval> or <interval>/<overlap>, got "${text}"`);
  return { every: duration(every), overlap: duration(overlap, { zero: true }) };
}

function positiveInteger(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new ChoiceError(`expected a whole number of at least 1, got "${text}"`);
  return Number(text);
}

const showYesNo = (value: unknown) => (value === true ? 'yes' : value === false ? 'no' : 'any');
const showList = (value: unknown) => ((value as string[]).length ? (value as string[]).join(',') : 'none');

function yesNoChoice(flag: string, field: SpecField, question: string): Choice {
  return { flag, field, boolean: true, question, accepts: 'yes or no', read: (t) => ({ [field]: yesNo(t) }), show: (s) => showYesNo(rawField(s, field)) };
}

/** A duration, or none for no requirement. */
function durationChoice(flag: string, field: SpecField, question: string): Choice {
  return {
    flag,
    field,
    boolean: false,
    question,
    accepts: 'a duration (15m, 8h, 1h30m) or none',
    read: (t) => ({ [field]: t.toLowerCase() === 'none' ? null : duration(t) }),
    show: (s) => (rawField(s, field) as string | null) ?? 'none',
  };
}

function enumChoice(flag: string, field: SpecField, question: string, values: readonly string[]): Choice {
  return {
    flag,
    field,
    boolean: false,
    question,
    accepts: `${values.join(', ')} or any (no requirement)`,
    read: (t) => ({ [field]: isNoRequirement(t) ? null : oneOf(t, values, `${values.join(', ')} or any`) }),
    show: (s) => (rawField(s, field) as string | null) ?? 'any',
  };
}

function signalsChoice(flag: string, field: SpecField, question: string): Choice {
  return {
    flag,
    field,
    boolean: false,
    question,
    accepts: `${BINDING_SIGNALS.join(', ')} (comma-separated) or none`,
    read: (t) => ({ [field]: listOf<BindingSignal>(t, BINDING_SIGNALS, 'none') }),
    show: (s) => showList(rawField(s, field)),
  };
}

const SAME_SITE: readonly SameSite[] = ['Strict', 'Lax', 'None'];

export const CHOICES: readonly Choice[] = [
  enumChoice('store', 'store', 'Session store', SESSION_STORES),
  durationChoice('idle', 'timeouts.idle', 'Idle timeout'),
  durationChoice('absolute', 'timeouts.absolute', 'Absolute timeout'),
  {
    flag: 'sliding',
    field: 'timeouts.sliding',
    boolean: false,
    question: 'Sliding expiry (activity resets the idle timer)',
    accepts: 'yes, no or any (no requirement)',
    read: (t) => ({ 'timeouts.sliding': isNoRequirement(t) ? null : yesNo(t) }),
    show: (s) => showYesNo(s.timeouts.sliding),
  },
  {
    flag: 'renewal',
    field: 'timeouts.renewal',
    boolean: false,
    question: 'Periodic session-ID renewal (opt-in)',
    accepts: 'an interval, optionally with the overlap the previous ID keeps (15m, 15m/30s), or none',
    read: (t) => ({ 'timeouts.renewal': t.toLowerCase() === 'none' ? null : renewal(t) }),
    show: ({ timeouts: { renewal: r } }) => (r === null ? 'none' : `${formatDuration(r.everyMs)}/${formatDuration(r.overlapMs)}`),
  },
  yesNoChoice('http-only', 'cookie.httpOnly', 'HttpOnly'),
  yesNoChoice('secure', 'cookie.secure', 'Secure'),
  {
    flag: 'same-site',
    field: 'cookie.sameSite',
    boolean: false,
    question: 'SameSite values accepted',
    accepts: 'strict, lax, none (comma-separated; the first is what the Set-Cookie line uses) or any',
    read: (t) => ({ 'cookie.sameSite': isNoRequirement(t) ? [] : listOf(t, SAME_SITE) }),
    show: (s) => (s.cookie.sameSite.length ? s.cookie.sameSite.join(',').toLowerCase() : 'any'),
  },
  {
    flag: 'path',
    field: 'cookie.path',
    boolean: false,
    question: 'Path',
    accepts: 'a path starting with / (usually /) or any',
    read: (t) => {
      if (isNoRequirement(t)) return { 'cookie.path': null };
      if (!t.startsWith('/')) throw new ChoiceError(`expected a path starting with /, got "${t}"`);
      return { 'cookie.path': t };
    },
    show: (s) => s.cookie.path ?? 'any',
  },
  {
    flag: 'domain',
    field: 'cookie.hostOnly',
    boolean: false,
    question: 'Domain attribute',
    accepts: 'none (host-only, recommended), the domain(s) that may receive the cookie, comma-separated, or any',
    read: (t) => {
      if (t.toLowerCase() === 'none') return { 'cookie.hostOnly': true };
      if (isNoRequirement(t)) return { 'cookie.hostOnly': false, 'cookie.domains': [] };
      const domains = t.toLowerCase().split(/[\s,]+/).filter(Boolean).map((d) => d.replace(/^\./, ''));
      const valid = (d: string) => /^[a-z0-9-]+(?:\.[a-z0-9-]+)*$/.test(d);
      if (domains.length === 0 || !domains.every(valid)) throw new ChoiceError(`expected none or domain names such as example.com, got "${t}"`);
      return { 'cookie.hostOnly': false, 'cookie.domains': domains };
    },
    show: (s) => (s.cookie.hostOnly ? 'none' : s.cookie.allowedDomains.length === 0 ? 'any' : s.cookie.allowedDomains.join(',')),
  },
  {
    flag: 'prefix',
    field: 'cookie.prefix',
    boolean: false,
    question: 'Cookie-name prefix',
    accepts: '__Host-, __Secure- or none',
    read: (t) => {
      if (t.toLowerCase() === 'none') return { 'cookie.prefix': null };
      const normalized = t.toLowerCase().replace(/^__/, '').replace(/-$/, '');
      if (normalized === 'host') return { 'cookie.prefix': '__Host-' };
      if (normalized === 'secure') return { 'cookie.prefix': '__Secure-' };
      throw new ChoiceError(`expected __Host-, __Secure- or none, got "${t}"`);
    },
    show: (s) => s.cookie.prefix ?? 'none',
  },
  {
    flag: 'max-age',
    field: 'cookie.maxAge',
    boolean: false,
    question: 'Cookie lifetime',
    accepts: 'session (no Max-Age: gone when the browser closes), a maximum duration such as 8h, or any',
    read: (t) => {
      if (t.toLowerCase() === 'session') return { 'cookie.maxAge': 'session' };
      if (isNoRequirement(t)) return { 'cookie.maxAge': null };
      return { 'cookie.maxAge': { max: duration(t) } };
    },
    show: (s) => (s.cookie.maxAge === null ? 'any' : s.cookie.maxAge.kind === 'session' ? 'session' : (rawField(s, 'cookie.maxAge') as { max: string }).max),
  },
  {
    flag: 'entropy',
    field: 'token.minEntropyBits',
    boolean: false,
    question: 'Minimum session-ID entropy, in bits',
    accepts: 'a whole number such as 128',
    read: (t) => ({ 'token.minEntropyBits': positiveInteger(t) }),
    show: (s) => String(s.token.minEntropyBits),
  },
  yesNoChoice('rotate-on-login', 'invalidation.rotateOnLogin', 'New session ID at login'),
  yesNoChoice('logout-revokes', 'invalidation.logout', 'Logout revokes the session on the server'),
  yesNoChoice('clear-site-data', 'invalidation.clearSiteData', 'Logout sends Clear-Site-Data'),
  enumChoice('password-change', 'invalidation.passwordChange', 'On password change', ['revoke-others', 'revoke-all', 'none']),
  enumChoice('privilege-change', 'invalidation.privilegeChange', 'On privilege change', ['rotate']),
  yesNoChoice('sign-out-everywhere', 'invalidation.signOutEverywhere', 'Users can sign out everywhere'),
  {
    flag: 'max-delay',
    field: 'invalidation.maxDelay',
    boolean: false,
    question: 'Longest an old session may keep working after logout or a password change (cache lag)',
    accepts: 'a duration such as 0s (at once) or 5s',
    read: (t) => ({ 'invalidation.maxDelay': duration(t, { zero: true }) }),
    show: (s) => rawField(s, 'invalidation.maxDelay') as string,
  },
  enumChoice('password-change-current', 'invalidation.passwordChangeCurrent', 'The session that changed the password', PASSWORD_CHANGE_CURRENT),
  {
    flag: 'max-sessions',
    field: 'concurrency.maxSessions',
    boolean: false,
    question: 'Concurrent sessions per user',
    accepts: 'a whole number, or none for no limit',
    read: (t) => ({ 'concurrency.maxSessions': t.toLowerCase() === 'none' ? null : positiveInteger(t) }),
    show: (s) => (s.concurrency.maxSessions === null ? 'none' : String(s.concurrency.maxSessions)),
  },
  enumChoice('on-exceed', 'concurrency.onExceed', 'At the session limit', ['evict-oldest', 'reject']),
  signalsChoice('binding', 'binding.signals', 'Signals recorded with the session'),
  signalsChoice('reject-on-change', 'binding.rejectOnChange', 'Signals whose change ends the session'),
  yesNoChoice('sso-idp-logout', 'sso.idpLogoutEndsAppSession', 'Logout at the identity provider ends the app session'),
  yesNoChoice('sso-app-logout', 'sso.appLogoutEndsIdpSession', 'The app’s logout ends the identity provider session'),
  yesNoChoice('refresh-rotation', 'refresh.rotation', 'Every refresh returns a new refresh token'),
  enumChoice('refresh-reuse', 'refresh.reuse', 'A used refresh token presented again', REFRESH_REUSE),
  durationChoice('refresh-max-lifetime', 'refresh.maxLifetime', 'Refresh-token lifetime (absolute, from the login)'),
  durationChoice('access-max-lifetime', 'refresh.accessMaxLifetime', 'Access-token lifetime'),
];

/** The one-line why of a choice. */
export function whyOf(choice: Choice): string {
  return SPEC_FIELDS[choice.field].why;
}

/** What typed text means (keywords are case-insensitive; paths keep their case). */
export function readChoice(choice: Choice, text: string): Partial<Record<SpecField, unknown>> {
  return choice.read(text.trim());
}
