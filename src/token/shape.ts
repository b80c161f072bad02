/**
 * The shape of a token value: which framing wraps it, which alphabet its random-looking part uses, and
 * the resulting guessing capacity (length × log2(alphabet)). Computed when a value is recorded, since
 * the value itself is masked afterwards.
 */

export type TokenFraming = 'none' | 'express-signed' | 'jwt' | 'uuid';
export type TokenAlphabet = 'decimal' | 'hex' | 'base32' | 'alphanumeric' | 'base64url' | 'base64' | 'printable';

export interface TokenShape {
  framing: TokenFraming;
  /** Length of the part that can carry randomness (framing and signatures stripped). */
  randomPartLength: number;
  alphabet: TokenAlphabet;
  /** Upper bound on guessing resistance in bits; real entropy can only be lower. */
  capacityBits: number;
  uuidVersion?: number;
}

const ALPHABETS: Array<[TokenAlphabet, RegExp, number]> = [
  ['decimal', /^[0-9]+$/, 10],
  ['hex', /^[0-9a-f]+$|^[0-9A-F]+$/, 16],
  ['base32', /^[A-Z2-7]+=*$|^[a-z2-7]+=*$/, 32],
  ['alphanumeric', /^[A-Za-z0-9]+$/, 62],
  ['base64url', /^[A-Za-z0-9_-]+$/, 64],
  ['base64', /^[A-Za-z0-9+/]+=*$/, 64],
];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-([0-9a-f])[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const JWT = /^[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*$/;
/** RFC 9562: random bits per UUID version (v4: 122, v7: 74; v1/v6 are time + node, treated as 0). */
const UUID_RANDOM_BITS: Record<number, number> = { 1: 0, 6: 0, 3: 0, 5: 0, 4: 122, 7: 74, 8: 0 };

export function tokenShape(raw: string): TokenShape {
  let value = raw;
  try {
    value = decodeURIComponent(raw);
  } catch {
    // Not percent-encoded.
  }
  const uuid = UUID.exec(value);
  if (uuid) {
    const version = parseInt(uuid[1]!, 16);
    return { framing: 'uuid', randomPartLength: 32, alphabet: 'hex', capacityBits: UUID_RANDOM_BITS[version] ?? 0, uuidVersion: version };
  }
  if (JWT.test(value) && isJsonSegment(value.split('.')[0]!)) {
    // A JWT's strength is its signing key, not its length; the claims are readable by anyone.
    return { framing: 'jwt', randomPartLength: 0, alphabet: 'base64url', capacityBits: 0 };
  }
  let framing: TokenFraming = 'none';
  // express-session / cookie-signature: `s:<id>.<base64 HMAC>`; only <id> is the session identifier.
  const signed = /^s:([^.]+)\.[A-Za-z0-9+/=_-]{20,}$/.exec(value);
  if (signed) {
    framing = 'express-signed';
    value = signed[1]!;
  }
  const [alphabet, size] = inferAlphabet(value);
  return {
    framing,
    randomPartLength: value.length,
    alphabet,
    capacityBits: Math.round(value.length * Math.log2(size) * 10) / 10,
  };
}

function inferAlphabet(value: string): [TokenAlphabet, number] {
  for (const [name, re, size] of ALPHABETS) if (re.test(value)) return [name, size];
  return ['printable', 94];
}

function isJsonSegment(segment: string): boolean {
  try {
    const text = Buffer.from(segment, 'base64url').toString('utf8');
    return typeof JSON.parse(text) === 'object';
  } catch {
    return false;
  }
}
