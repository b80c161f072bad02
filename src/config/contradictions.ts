/**
 * Spec settings that cannot all hold at once. A spec with a contradiction is still valid — some checks
 * are then bound to fail or never to matter — so `init`, `validate` and `run` warn instead of refusing.
 */
import { formatDuration } from './durations.js';
import type { Spec } from './types.js';
import type { SpecField } from './raw-spec.js';

export interface Contradiction {
  /** The settings that clash, by their config paths. */
  fields: SpecField[];
  /** What clashes, what follows, and how to resolve it. */
  message: string;
}

type Rule = (spec: Spec) => Contradiction | null;

const RULES: Rule[] = [
  ({ cookie }) =>
    cookie.sameSite.includes('None') && !cookie.secure
      ? {
          fields: ['cookie.sameSite', 'cookie.secure'],
          message: 'SameSite=None without Secure: browsers reject such a cookie outright (RFC 6265bis §5.7); require Secure or drop None',
        }
      : null,
  ({ cookie }) =>
    cookie.prefix !== null && !cookie.secure
      ? {
          fields: ['cookie.prefix', 'cookie.secure'],
          message: `the ${cookie.prefix} prefix without Secure: browsers drop a prefixed cookie that lacks Secure (RFC 6265bis §4.1.3); require Secure`,
        }
      : null,
  ({ cookie }) =>
    cookie.prefix === '__Host-' && !cookie.hostOnly && cookie.allowedDomains.length > 0
      ? {
          fields: ['cookie.prefix', 'cookie.domains'],
          message: `__Host- with a Domain (${cookie.allowedDomains.join(', ')}): browsers drop a __Host- cookie that has a Domain attribute (RFC 6265bis §4.1.3.2); use __Secure- to share with subdomains, or keep the cookie host-only`,
        }
      : null,
  ({ cookie }) =>
    cookie.prefix === '__Host-' && cookie.path !== null && cookie.path !== '/'
      ? {
          fields: ['cookie.prefix', 'cookie.path'],
          message: `__Host- with Path=${cookie.path}: browsers accept a __Host- cookie only with Path=/ (RFC 6265bis §4.1.3.2)`,
        }
      : null,
  ({ cookie, timeouts }) =>
    cookie.maxAge?.kind === 'max' && timeouts.absoluteMs !== null && cookie.maxAge.maxMs > timeouts.absoluteMs
      ? {
          fields: ['cookie.maxAge', 'timeouts.absolute'],
          message: `cookie Max-Age up to ${formatDuration(cookie.maxAge.maxMs)} is longer than the ${formatDuration(timeouts.absoluteMs)} absolute timeout: browsers keep a cookie the server must already reject; cap Max-Age at the absolute timeout`,
        }
      : null,
  ({ timeouts }) =>
    timeouts.idleMs !== null && timeouts.absoluteMs !== null && timeouts.idleMs >= timeouts.absoluteMs
      ? {
          fields: ['timeouts.idle', 'timeouts.absolute'],
          message: `idle timeout ${formatDuration(timeouts.idleMs)} ≥ absolute timeout ${formatDuration(timeouts.absoluteMs)}: the idle timeout can never end a session; make it shorter`,
        }
      : null,
  ({ timeouts }) =>
    timeouts.sliding !== null && timeouts.idleMs === null
      ? {
          fields: ['timeouts.sliding', 'timeouts.idle'],
          message: 'sliding expiry is stated but there is no idle timeout for activity to reset; set timeouts.idle or sliding: null',
        }
      : null,
  ({ timeouts: { renewal, absoluteMs } }) =>
    renewal !== null && absoluteMs !== null && renewal.everyMs >= absoluteMs
      ? {
          fields: ['timeouts.renewal', 'timeouts.absolute'],
          message: `renewal every ${formatDuration(renewal.everyMs)} ≥ absolute timeout ${formatDuration(absoluteMs)}: a session ends before its ID is ever renewed; renew more often or drop timeouts.renewal`,
        }
      : null,
  ({ store, invalidation }) => {
    if (store !== 'signed-cookie') return null;
    const revoking: SpecField[] = [];
    if (invalidation.logout) revoking.push('invalidation.logout');
    if (invalidation.passwordChange === 'revoke-all' || invalidation.passwordChange === 'revoke-others') revoking.push('invalidation.passwordChange');
    if (invalidation.signOutEverywhere) revoking.push('invalidation.signOutEverywhere');
    if (revoking.length === 0) return null;
    return {
      fields: ['store', ...revoking],
      message: `a signed-cookie store keeps session state in the client, so the server cannot revoke a session before it expires, yet ${revoking.join(', ')} require${revoking.length === 1 ? 's' : ''} server-side revocation: those checks fail by design unless the server keeps a denylist or a per-user not-before time (ASVS v5.0.0-7.4.1)`,
    };
  },
  ({ concurrency }) =>
    concurrency.onExceed !== null && concurrency.maxSessions === null
      ? {
          fields: ['concurrency.onExceed', 'concurrency.maxSessions'],
          message: `concurrency.onExceed is ${concurrency.onExceed} but there is no session limit (maxSessions) to exceed`,
        }
      : null,
  ({ binding }) => {
    const unrecorded = binding.rejectOnChange.filter((s) => !binding.signals.includes(s));
    return unrecorded.length === 0
      ? null
      : {
          fields: ['binding.rejectOnChange', 'binding.signals'],
          message: `a change of ${unrecorded.join(', ')} must end the session, but ${unrecorded.length === 1 ? 'it is' : 'they are'} not among the signals recorded with it; add ${unrecorded.length === 1 ? 'it' : 'them'} to binding.signals`,
        };
  },
];

export function specContradictions(spec: Spec): Contradiction[] {
  return RULES.map((rule) => rule(spec)).filter((c): c is Contradiction => c !== null);
}

/** How every command prints one: `warning: contradiction (cookie.prefix vs cookie.secure): …`. */
export function contradictionWarning(c: Contradiction): string {
  return `warning: contradiction (${c.fields.join(' vs ')}): ${c.message}`;
}
