/**
 * The shape of a token value: which framing wraps it, which alphabet its random-looking part uses, and
 * the resulting guessing capacity (length × log2(alphabet)). Computed when a value is recorded, since
 * the value itself is masked afterwards.
 */

import { inferAlphabet, type TokenAlphabet } from './alphabet.js';
import { serializedState } from './readings.js';

export type { TokenAlphabet } from './alphabet.js';
export type TokenFraming = 'none' | 'express-signed' | 'jwt' | 'uuid';

export interface TokenShape {
  framing: TokenFraming;
  /** Length of the part that can carry randomness (framing and signatures stripped). */
  randomPartLength: number;
  alphabet: TokenAlphabet;
  /** Upper bound on guessing resistance in bits; real entropy can only be lower. */
  capacityBits: number;
  uuidVersion?: number;
  /** Set when the value carries session state itself (a JWT, a serialized object): how that shows. */
  clientSide?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-([0-9a-f])[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const JWT = /^[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*$/;
/** RFC 9562: random bits per UUID version (v4: 122, v7: 74; v1/v6 are time + node, treated as 0). */
export const UUID_RANDOM_BITS: Record<number, number> = { 1: 0, 6: 0, 3: 0, 5: 0, 4: 122, 7: 74, 8: 0 };

/** A value with its framing identified: `core` is the part that can carry randomness. */
export interface Unframed {
  framing: TokenFraming;
  core: string;
  uuidVersion?: number;
}

/** Percent-decoding, then UUID layout, JWT, or express-session's `s:<id>.<HMAC>` signature. */
export function unframe(raw: string): Unframed {
  let value = raw;
  try {
    value = decodeURIComponent(raw);
  } catch {
    // Not percent-encoded.
  }
  const uuid = UUID.exec(value);
  if (uuid) return { framing: 'uuid', core: value.replace(/-/g, ''), uuidVersion: parseInt(uuid[1]!, 16) };
  if (isJws(value)) return { framing: 'jwt', core: '' };
  // express-session / cookie-signature: `s:<id>.<base64 HMAC>`; only <id> is the session identifier.
  const signed = /^s:([^.]+)\.[A-Za-z0-9+/=_-]{20,}$/.exec(value);
  if (signed) return { framing: 'express-signed', core: signed[1]! };
  return { framing: 'none', core: value };
}

/** A compact JWS (header.payload.signature) whose header is a JSON object. */
export function isJws(value: string): boolean {
  return JWT.test(value) && isJsonSegment(value.split('.')[0]!);
}

export function tokenShape(raw: string): TokenShape {
  const { framing, core, uuidVersion } = unframe(raw);
  if (framing === 'uuid') {
    return { framing, randomPartLength: 32, alphabet: 'hex', capacityBits: UUID_RANDOM_BITS[uuidVersion!] ?? 0, uuidVersion };
  }
  // A JWT's strength is its signing key, not its length; the claims are readable by anyone.
  if (framing === 'jwt') return { framing, randomPartLength: 0, alphabet: 'base64url', capacityBits: 0, clientSide: 'a JWT: signed claims, readable by anyone' };
  const alphabet = inferAlphabet(core);
  const clientSide = serializedState(raw, core);
  return {
    framing,
    randomPartLength: core.length,
    alphabet: alphabet.name,
    capacityBits: Math.round(core.length * Math.log2(alphabet.size) * 10) / 10,
    ...(clientSide ? { clientSide } : {}),
  };
}

function isJsonSegment(segment: string): boolean {
  try {
    const text = Buffer.from(segment, 'base64url').toString('utf8');
    return typeof JSON.parse(text) === 'object';
  } catch {
    return false;
  }
}
