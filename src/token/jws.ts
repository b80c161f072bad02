/**
 * Compact JWS (RFC 7515): reading a token, and writing the forgeries the jwt suite sends. Hand-written
 * on node:crypto because a forging tool must produce tokens a careful library refuses to create
 * (alg "none", HS256 keyed with a public key).
 */
import { createHmac, createPublicKey, sign, timingSafeEqual, type JsonWebKey, type KeyObject } from 'node:crypto';

export interface Jws {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  /** base64url(header) + '.' + base64url(payload), as signed. */
  signingInput: string;
  signature: string;
}

export function parseJws(token: string): Jws | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const header = decodeJson(parts[0]!);
  const payload = decodeJson(parts[1]!);
  if (!header || !payload || typeof header.alg !== 'string') return null;
  return { header, payload, signingInput: `${parts[0]}.${parts[1]}`, signature: parts[2]! };
}

function decodeJson(segment: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function segment(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

const HMAC: Record<string, string> = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' };

export function isHmac(alg: string): boolean {
  return alg in HMAC;
}

export function hmacSignature(alg: string, key: string | Buffer, signingInput: string): string {
  return createHmac(HMAC[alg] ?? 'sha256', key).update(signingInput).digest('base64url');
}

/** A token with this header and payload, signed with an HMAC key (any alg name may be put in the header). */
export function signHmac(header: Record<string, unknown>, payload: Record<string, unknown>, key: string | Buffer, hashAlg = 'HS256'): string {
  const input = `${segment(header)}.${segment(payload)}`;
  return `${input}.${hmacSignature(hashAlg, key, input)}`;
}

/** An unsigned token: `header.payload.` */
export function unsigned(header: Record<string, unknown>, payload: Record<string, unknown>): string {
  return `${segment(header)}.${segment(payload)}.`;
}

/** ES256 over the JWS signing input (the raw r‖s form RFC 7518 §3.4 requires). */
export function signEs256(header: Record<string, unknown>, payload: Record<string, unknown>, key: KeyObject): string {
  const input = `${segment(header)}.${segment(payload)}`;
  return `${input}.${sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
}

/** Does `secret` produce this token's HMAC? Constant-time compare; false for non-HMAC tokens. */
export function hmacMatches(jws: Jws, secret: string): boolean {
  const alg = String(jws.header.alg);
  if (!isHmac(alg)) return false;
  const expected = Buffer.from(hmacSignature(alg, secret, jws.signingInput));
  const actual = Buffer.from(jws.signature);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** SPKI PEM of a public JWK (the text a confused verifier would use as an HMAC key). */
export function publicKeyPem(jwk: JsonWebKey): string | null {
  try {
    return createPublicKey({ key: jwk, format: 'jwk' }).export({ type: 'spki', format: 'pem' }).toString();
  } catch {
    return null;
  }
}

/** What the jwt checks may know about a token's claims: names, times and value traits, never values. */
export interface ClaimSummary {
  names: string[];
  iat: number | null;
  exp: number | null;
  nbf: number | null;
  /** Claim name → traits of its value ('email', 'password-hash', 'private-key', 'username', 'ip'). */
  traits: Record<string, string[]>;
}

const TRAITS: Array<[string, RegExp]> = [
  ['email', /^[^\s@]+@[^\s@]+\.[^\s@]+$/],
  ['password-hash', /^\$(2[abxy]?|argon2(id|i|d)|pbkdf2[-\w]*|scrypt|[156])\$/],
  ['private-key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
  ['ip', /^(\d{1,3}\.){3}\d{1,3}$/],
];

export function summarizeClaims(payload: Record<string, unknown>, username: string): ClaimSummary {
  const time = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  const traits: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(payload)) {
    const text = typeof value === 'string' ? value : (JSON.stringify(value) as string | undefined) ?? '';
    const found = TRAITS.filter(([, re]) => re.test(text)).map(([t]) => t);
    if (username.length >= 3 && text.toLowerCase().includes(username.toLowerCase())) found.push('username');
    if (found.length) traits[name] = found;
  }
  return { names: Object.keys(payload), iat: time(payload.iat), exp: time(payload.exp), nbf: time(payload.nbf), traits };
}
