/**
 * The append-only evidence log. Every HTTP exchange of a run is recorded here, and secrets are masked
 * *as they are recorded*, so nothing downstream (checks, reporters) ever holds a password or a full
 * session ID. Checks compare session IDs by fingerprint.
 */
import { createHash } from 'node:crypto';
import type { TokenShape } from './token/shape.js';

/** A masked secret: a short fingerprint plus the length of the original. */
export interface Masked {
  fp: string;
  length: number;
}

export interface RecordedCookieValue extends Masked {
  empty: boolean;
  /** Control characters (%x00-08 / %x0A-1F / %x7F) in the raw value. */
  hasCtl: boolean;
  /** Octets of name + value, for the RFC 6265bis 4096-octet limit. */
  nameValueOctets: number;
  shape: TokenShape;
}

/** One raw `Set-Cookie` header as received, with its value masked and its attributes kept in order. */
export interface SetCookieRecord {
  /** The header line with the cookie value replaced by its mask. */
  header: string;
  /** Cookie name as the UA would store it ('' for a nameless cookie). */
  name: string;
  value: RecordedCookieValue;
  /** Attributes in the order sent: [name as sent, value or null when the attribute has no `=`]. */
  attributes: Array<[string, string | null]>;
}

export interface RecordedRequest {
  method: string;
  url: string;
  headers: Array<[string, string]>;
  body?: string;
}

export interface RecordedResponse {
  status: number;
  headers: Array<[string, string]>;
  body: string;
  bodyBytes: number;
  bodyTruncated: boolean;
  /** The response `Date` header, the clock cookie lifetimes are measured against. */
  date?: string;
}

export interface Exchange {
  id: number;
  /** The simulated device (client) that sent it. */
  device: string;
  /** What the tool was doing, e.g. `login: submit form`, `oracle`, `replay: pre-login cookies`. */
  step: string;
  startedAt: number;
  durationMs: number;
  request: RecordedRequest;
  response?: RecordedResponse;
  setCookies: SetCookieRecord[];
  /** The exchange this one followed as a redirect. */
  redirectOf?: number;
  error?: string;
  /** When the exchange asked the authentication oracle: its answer (the per-device sequence shows it). */
  oracle?: { answer: 'yes' | 'no' | 'unknown'; reason: string };
}

export const BODY_LIMIT = 16 * 1024;

export function fingerprint(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 8);
}

export function mask(value: string): Masked {
  return { fp: fingerprint(value), length: value.length };
}

/**
 * A masked token as it appears in evidence: `[masked fp=3f9a1c2b len=32]`. With secrets revealed for local
 * debugging the value follows, URI-encoded so the mask still ends at the first `]`; checks keep
 * matching on the fingerprint either way.
 */
export function maskText(m: Masked, revealed?: string): string {
  return `[masked fp=${m.fp} len=${m.length}${revealed === undefined ? '' : ` value=${encodeURIComponent(revealed)}`}]`;
}

/** The source of a mask in recorded text; group 1 is the fingerprint. */
export const MASK_PATTERN = String.raw`\[masked fp=([0-9a-f]{8}) len=\d+(?: value=[^\]\s]*)?\]`;

/** Finds the fingerprints of masked values in a recorded string. */
export function maskedFingerprints(text: string): string[] {
  return [...text.matchAll(new RegExp(MASK_PATTERN, 'g'))].map((m) => m[1]!);
}

const PASSWORD_MASK = '[masked password]';
const MIN_SECRET_LENGTH = 8;

/**
 * Replaces every registered secret, in its plain and encoded spellings, by its mask.
 * Passwords get no fingerprint: a hash of a password is a dictionary-attack target.
 */
export class Redactor {
  private readonly replacements = new Map<string, string>();
  private ordered: Array<[string, string]> = [];

  /** `revealTokens` (`--unsafe-show-secrets`) writes token values beside their masks; passwords stay masked. */
  constructor(readonly revealTokens = false) {}

  addPassword(password: string): void {
    this.add(password, PASSWORD_MASK);
    // A target may echo a password HTML-escaped in a page or base64-encoded (Basic auth, a state blob).
    for (const spelling of [...htmlSpellings(password), ...base64Cores(password)]) this.add(spelling, PASSWORD_MASK);
  }

  /** A TOTP secret or code: masked like a password, since hashing six digits hides nothing. */
  addOneTimeSecret(value: string, what: 'TOTP secret' | 'TOTP code'): void {
    this.add(value, `[masked ${what}]`);
  }

  addToken(value: string): void {
    if (value.length < MIN_SECRET_LENGTH) return;
    this.add(value, this.tokenMask(value));
  }

  /** How a token value is written into evidence. */
  tokenMask(value: string): string {
    return maskText(mask(value), this.revealTokens ? value : undefined);
  }

  private add(value: string, replacement: string): void {
    if (!value) return;
    for (const spelling of spellings(value)) {
      if (spelling.length >= 4 && !this.replacements.has(spelling)) this.replacements.set(spelling, replacement);
    }
    // Longest first, so a secret that contains another is masked whole.
    this.ordered = [...this.replacements].sort((a, b) => b[0].length - a[0].length);
  }

  redact(text: string): string {
    let out = text;
    for (const [secret, replacement] of this.ordered) {
      if (out.includes(secret)) out = out.split(secret).join(replacement);
    }
    return out;
  }
}

function spellings(value: string): Set<string> {
  const out = new Set<string>([value]);
  out.add(encodeURIComponent(value));
  out.add(new URLSearchParams({ v: value }).toString().slice(2));
  out.add(JSON.stringify(value).slice(1, -1));
  try {
    out.add(decodeURIComponent(value));
  } catch {
    // Not percent-encoded: nothing more to add.
  }
  return out;
}

/** The value as HTML would carry it: the usual named entities, and the numeric forms of the quotes. */
function htmlSpellings(value: string): string[] {
  const named = value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return [
    named.replace(/"/g, '&quot;').replace(/'/g, '&#39;'),
    named.replace(/"/g, '&#34;').replace(/'/g, '&#x27;'),
    named.replace(/"/g, '&quot;').replace(/'/g, '&apos;'),
  ];
}

/**
 * The part of the value's base64 (and base64url) that stays the same wherever the value sits in a
 * longer encoded text: one core for each of the three alignments, without the characters its
 * neighbours share.
 */
function base64Cores(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  const cores: string[] = [];
  for (const offset of [0, 1, 2]) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64').replace(/=+$/, '');
    // Characters mixing in a neighbour's bits: those of the padding before, and a partial one after.
    const start = offset === 0 ? 0 : Math.ceil((offset * 8) / 6);
    const end = Math.floor(((offset + bytes.length) * 8) / 6);
    const core = encoded.slice(start, end);
    if (core.length >= MIN_SECRET_LENGTH) cores.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return cores;
}

export class EvidenceLog {
  private readonly items: Exchange[] = [];
  private nextId = 1;

  constructor(readonly redactor: Redactor) {}

  allocateId(): number {
    return this.nextId++;
  }

  append(exchange: Exchange): void {
    this.items.push(exchange);
  }

  get exchanges(): readonly Exchange[] {
    return this.items;
  }

  byId(id: number): Exchange | undefined {
    return this.items.find((e) => e.id === id);
  }

  /** Records the oracle's judgement of an exchange already in the log. */
  noteOracle(id: number, oracle: NonNullable<Exchange['oracle']>): void {
    const exchange = this.byId(id);
    if (exchange) exchange.oracle = { answer: oracle.answer, reason: this.redactor.redact(oracle.reason) };
  }
}

/** How a masked value reads in verdict text: `ID 3f9a1c2b… (32 chars)`. */
export function describeMasked(m: Masked): string {
  return `ID ${m.fp}… (${m.length} chars)`;
}
