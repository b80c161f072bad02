/**
 * What a session ID gives away when decoded: the username, an e-mail address, an IP address or a
 * serialized object (client-side session state). Runs on raw samples inside the probe; a finding
 * names the kind and the decoding, never the value.
 */
import { unframe } from './shape.js';
import { looksSerialized, readings } from './readings.js';

export interface ContentFinding {
  kind: 'username' | 'email' | 'ip' | 'serialized-object';
  /** The decoding that revealed it, e.g. 'base64url-decoded'. */
  decoding: string;
  /** Share of the samples that show it. */
  share: number;
}

/** Reported only when most samples show it, so chance matches in random bytes never count. */
const MIN_SHARE = 0.5;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;
const IPV4 = /(?:^|[^0-9.])(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:$|[^0-9.])/;

export const DECODINGS = ['as written', 'percent-decoded', 'base64', 'base64url', 'signed payload', 'hex', 'JWT payload'];

export function findContent(values: readonly string[], context: { username: string }): ContentFinding[] {
  const counts = new Map<string, number>();
  const user = context.username.toLowerCase();
  for (const value of values) {
    const seen = new Set<string>();
    const { framing, core } = unframe(value);
    for (const [decoding, text] of readings(value, core, framing === 'jwt')) {
      const lower = text.toLowerCase();
      if (user.length >= 3 && lower.includes(user)) seen.add(`username|${decoding}`);
      if (EMAIL.test(text)) seen.add(`email|${decoding}`);
      if (IPV4.test(text)) seen.add(`ip|${decoding}`);
      // A JWT payload is an object by definition; what matters there is whose data it holds.
      if (decoding !== 'JWT payload' && looksSerialized(text)) seen.add(`serialized-object|${decoding}`);
    }
    for (const key of seen) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const findings: ContentFinding[] = [];
  for (const [key, count] of counts) {
    const share = count / Math.max(1, values.length);
    if (share < MIN_SHARE) continue;
    const [kind, decoding] = key.split('|') as [ContentFinding['kind'], string];
    findings.push({ kind, decoding, share: Math.round(share * 1000) / 1000 });
  }
  return findings;
}
