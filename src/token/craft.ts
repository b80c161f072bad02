/**
 * Well-formed IDs the server never issued: the same length and per-position character classes as an
 * observed one, so a permissive server has every reason to accept them.
 */
import { randomInt } from 'node:crypto';

const CLASSES = ['0123456789', 'abcdef', 'ghijklmnopqrstuvwxyz', 'ABCDEF', 'GHIJKLMNOPQRSTUVWXYZ'];

/** Framing that must survive: express-session's `s:` marker and percent-escapes. */
const FRAMING = /^s(?::|%3A)|%[0-9A-Fa-f]{2}/g;

export function craftLike(observed: string): string {
  if (!/[0-9A-Za-z]/.test(observed)) return observed + String(randomInt(10));
  const lowerHexOnly = /^[0-9a-f]+$/.test(observed);
  const upperHexOnly = /^[0-9A-F]+$/.test(observed);
  const kept = new Set<number>();
  for (const m of observed.matchAll(FRAMING)) for (let i = 0; i < m[0].length; i++) kept.add(m.index + i);
  let out = '';
  for (const [i, ch] of [...observed].entries()) {
    const cls = CLASSES.find((c) => c.includes(ch));
    if (!cls || kept.has(i)) {
      out += ch; // framing (`s%3A`, `.`, `-`) stays where it is
      continue;
    }
    // In a hex ID, letters must stay hex letters; elsewhere any letter of the same case will do.
    const pool = cls === 'abcdef' && !lowerHexOnly ? cls + CLASSES[2] : cls === 'ABCDEF' && !upperHexOnly ? cls + CLASSES[4] : cls;
    out += pool[randomInt(pool.length)];
  }
  return out === observed ? craftLike(observed) : out;
}
