/**
 * The semantic half of RFC 6265bis (draft-22) §5.6–5.7: what a conforming browser makes of one recorded
 * `Set-Cookie`. Checks judge this effective cookie, not the header text, because the two disagree in
 * ways that matter: the last of two `SameSite` wins, `Max-Age` beats `Expires`, an unparsable `Expires`
 * leaves a session cookie, `Domain=<host>` is not host-only, a mis-prefixed cookie is dropped.
 */
import type { Exchange, SetCookieRecord } from '../evidence.js';
import { parseCookieDate } from './date.js';
import { canonicalHost, defaultPath, domainMatches } from './match.js';

export type EffectiveSameSite = 'Strict' | 'Lax' | 'None' | 'Default';

export type CookieExpiry =
  | { kind: 'session' }
  /** `lifetimeMs` as the server stated it (≥ 0); browsers cap it at 400 days (§5.6.1–2), cookie.max-age judges the excess. */
  | { kind: 'persistent'; lifetimeMs: number; source: 'max-age' | 'expires' };

export interface EffectiveCookie {
  name: string;
  secure: boolean;
  httpOnly: boolean;
  /** The last SameSite attribute; an unknown value or none at all gives 'Default'. */
  sameSite: EffectiveSameSite;
  /** A SameSite attribute was sent, whatever its value. */
  sameSiteExplicit: boolean;
  /** The last Domain attribute, lower-case, leading dot removed; null = host-only. */
  domain: string | null;
  /** The path the browser stores: the last Path attribute if it starts with '/', else the default-path. */
  path: string;
  /** The last Path attribute as sent; null when none was sent. */
  pathAttribute: string | null;
  expiry: CookieExpiry;
  /** Expired on receipt: the Set-Cookie removes the cookie instead of setting it. */
  deletion: boolean;
  /** Why a conforming browser would reject the cookie or ignore one of its attributes. */
  problems: string[];
  /** Attribute names (as first sent) that appear more than once, compared case-insensitively. */
  duplicateAttributes: string[];
}

export interface CookieContext {
  requestUrl: string;
  /** The response `Date` header: `Expires` is measured against the server's clock, never the local one. */
  responseDate?: string;
  /** Local receipt time, used only when the response has no parsable `Date`. */
  receivedAt: number;
}

export const NAME_VALUE_LIMIT = 4096;
export const ATTRIBUTE_VALUE_LIMIT = 1024;
const COOKIE_PREFIXES = ['__Secure-', '__Host-'] as const;
export type CookiePrefix = (typeof COOKIE_PREFIXES)[number];

// §5.6 step 1: CTLs other than HTAB.
const CTL = /[\x00-\x08\x0a-\x1f\x7f]/;
const SAME_SITE: Record<string, EffectiveSameSite> = { strict: 'Strict', lax: 'Lax', none: 'None' };

/** The context a recorded exchange gives its Set-Cookie headers. */
export function cookieContext(e: Exchange): CookieContext {
  return { requestUrl: e.request.url, responseDate: e.response?.date, receivedAt: e.startedAt };
}

export function evaluateSetCookie(record: SetCookieRecord, ctx: CookieContext): EffectiveCookie {
  let secure = false;
  let httpOnly = false;
  let sameSite: EffectiveSameSite = 'Default';
  let sameSiteExplicit = false;
  let domainAttribute: string | null = null;
  let pathAttribute: string | null = null;
  let maxAgeSeconds: number | null = null;
  let expiresAt: number | null = null;
  for (const [name, raw] of record.attributes) {
    const value = raw ?? '';
    if (octets(value) > ATTRIBUTE_VALUE_LIMIT) continue;
    switch (name.toLowerCase()) {
      case 'expires':
        expiresAt = parseCookieDate(value) ?? expiresAt;
        break;
      case 'max-age':
        // §5.6.2: an optional '-' then digits only; anything else ("3600.5", "+60", "") is ignored.
        if (/^-?\d+$/.test(value)) maxAgeSeconds = Number(value);
        break;
      case 'domain':
        // §5.6.3: an empty value is ignored; "." alone leaves an empty domain-attribute, i.e. host-only.
        if (value !== '') domainAttribute = value.replace(/^\./, '').toLowerCase();
        break;
      case 'path':
        pathAttribute = value;
        break;
      case 'secure':
        secure = true;
        break;
      case 'httponly':
        httpOnly = true;
        break;
      case 'samesite':
        sameSiteExplicit = true;
        sameSite = SAME_SITE[value.toLowerCase()] ?? 'Default';
        break;
    }
  }
  const domain = domainAttribute || null;
  const expiry = expiryOf(maxAgeSeconds, expiresAt, ctx);
  const cookie = {
    name: record.name,
    secure,
    httpOnly,
    sameSite,
    sameSiteExplicit,
    domain,
    // §5.6.4: an invalid last Path is replaced by the default-path, not by an earlier valid one.
    path: pathAttribute?.startsWith('/') ? pathAttribute : defaultPath(ctx.requestUrl),
    pathAttribute,
    expiry,
    deletion: expiry.kind === 'persistent' && expiry.lifetimeMs <= 0,
    duplicateAttributes: duplicates(record.attributes.map(([n]) => n)),
  };
  const host = canonicalHost(ctx.requestUrl);
  const problems = [
    ...syntaxViolations(record),
    ...sizeViolations(record),
    ...prefixViolations(cookie),
    ...(sameSite === 'None' && !secure ? ['SameSite=None without Secure: browsers ignore the cookie'] : []),
    ...(domain && !domainMatches(host, domain) ? [`Domain=${domain} does not domain-match the request host ${host}: browsers ignore the cookie`] : []),
  ];
  return { ...cookie, problems };
}

/** §4.1.1 and §5.6 step 1: control characters and the missing name, which servers must not send. */
export function syntaxViolations(record: SetCookieRecord): string[] {
  const out: string[] = [];
  // The recorded header keeps name and attributes verbatim (only the value is masked), hence both tests.
  if (record.value.hasCtl || CTL.test(record.header)) out.push('control characters in the header: browsers ignore the cookie');
  if (record.name === '') {
    out.push(record.value.empty ? 'no name and no value: browsers ignore it' : 'no cookie name: browsers store it under an empty name');
  }
  return out;
}

/** §5.6 steps 5 and attribute step 6: oversized cookies are dropped, oversized attribute values ignored. */
export function sizeViolations(record: SetCookieRecord): string[] {
  const out: string[] = [];
  if (record.value.nameValueOctets > NAME_VALUE_LIMIT) {
    out.push(`name and value are ${record.value.nameValueOctets} octets, over the ${NAME_VALUE_LIMIT}-octet limit: browsers ignore the cookie`);
  }
  for (const [name, value] of record.attributes) {
    const size = octets(value ?? '');
    if (size > ATTRIBUTE_VALUE_LIMIT) {
      out.push(`the ${name} value is ${size} octets, over the ${ATTRIBUTE_VALUE_LIMIT}-octet limit: browsers ignore that attribute`);
    }
  }
  return out;
}

/** §5.4: browsers recognize the prefixes case-insensitively. */
export function cookiePrefix(name: string): CookiePrefix | null {
  const lower = name.toLowerCase();
  return COOKIE_PREFIXES.find((p) => lower.startsWith(p.toLowerCase())) ?? null;
}

/** §5.7 steps 20–21: the attributes a prefix demands; a cookie that lacks them is dropped. */
export function prefixViolations(c: Pick<EffectiveCookie, 'name' | 'secure' | 'domain' | 'path' | 'pathAttribute'>): string[] {
  const prefix = cookiePrefix(c.name);
  if (!prefix) return [];
  const lacks: string[] = [];
  if (!c.secure) lacks.push('no Secure attribute');
  if (prefix === '__Host-') {
    if (c.domain !== null) lacks.push(`Domain=${c.domain}`);
    if (c.pathAttribute === null) lacks.push('no Path attribute');
    else if (c.path !== '/') lacks.push(`Path=${c.path} instead of /`);
  }
  return lacks.map((what) => `the ${prefix} prefix with ${what}: browsers ignore the cookie`);
}

function expiryOf(maxAgeSeconds: number | null, expiresAt: number | null, ctx: CookieContext): CookieExpiry {
  // §5.7: Max-Age wins over Expires whatever their order.
  if (maxAgeSeconds !== null) return { kind: 'persistent', lifetimeMs: Math.max(0, maxAgeSeconds * 1000), source: 'max-age' };
  if (expiresAt === null) return { kind: 'session' };
  const now = (ctx.responseDate === undefined ? null : parseCookieDate(ctx.responseDate)) ?? ctx.receivedAt;
  return { kind: 'persistent', lifetimeMs: Math.max(0, expiresAt - now), source: 'expires' };
}

function duplicates(names: string[]): string[] {
  const first = new Map<string, string>();
  const repeated = new Set<string>();
  for (const name of names) {
    const key = name.toLowerCase();
    if (first.has(key)) repeated.add(first.get(key)!);
    else first.set(key, name);
  }
  return [...repeated];
}

function octets(text: string): number {
  return Buffer.byteLength(text);
}
