/**
 * From raw session IDs to numbers and bits: strip the framing every sample shares (percent-encoding,
 * express-session signatures, UUID layout), split at structural separators (characters that sit at
 * the same place in every sample, e.g. `<timestamp>-<random>`), and read each segment as a number in
 * its alphabet, so a segment of L characters over B symbols becomes a ⌈L·log2 B⌉-bit string.
 */
import { digitTable, inferAlphabet, type Alphabet } from '../alphabet.js';
import { UUID_RANDOM_BITS, unframe, type TokenFraming } from '../shape.js';

export interface Segment {
  index: number;
  /** Offset of the segment in the unframed value when every sample has the same layout, else null. */
  offset: number | null;
  alphabet: Alphabet;
  minLength: number;
  maxLength: number;
  /** Bits per sample: ⌈maxLength · log2(alphabet size)⌉. */
  width: number;
  /**
   * The top bits whose bias comes from the representation, not the generator: with an alphabet that
   * is not a power of two (or samples of different lengths, left-padded), the leading bits of the
   * number cannot be uniform. They are credited by their measured min-entropy but never a defect.
   */
  boundaryBits: number;
  texts: string[];
  values: bigint[];
  /** Row-major N × width, most significant bit first. */
  bits: Uint8Array;
}

export interface PreparedSamples {
  /** 'jwt' when every sample is a JWT: claims and a signature, not a random identifier. */
  format: 'jwt' | 'uuid' | 'plain' | 'mixed';
  framing: TokenFraming;
  /** What was stripped or how the samples were split, for the evidence. Never any character of a sample. */
  notes: string[];
  uuidVersions: Record<string, number>;
  /** Upper bound from the format itself (UUID versions), or null. */
  formatCapBits: number | null;
  segments: Segment[];
}

/** Separator characters a layout may use between fields; checked only when sample lengths differ. */
const SEPARATORS = ['.', ':', '|', '~', ',', ';', '!', '*', '-', '_', ' '];

export function prepareSamples(raw: readonly string[]): PreparedSamples {
  const unframed = raw.map(unframe);
  const framings = new Set(unframed.map((u) => u.framing));
  const notes: string[] = [];
  const uuidVersions: Record<string, number> = {};
  if (framings.size > 1) {
    notes.push(`samples differ in framing (${[...framings].join(', ')}); analysed as written`);
    return { format: 'mixed', framing: 'none', notes, uuidVersions, formatCapBits: null, segments: split(raw.map((r) => r), notes) };
  }
  const framing = unframed[0]?.framing ?? 'none';
  if (framing === 'jwt') {
    notes.push('every sample is a JWT: its claims are readable and its strength is the signing key (judged by the jwt suite)');
    return { format: 'jwt', framing, notes, uuidVersions, formatCapBits: 0, segments: [] };
  }
  if (raw.some((r, i) => r !== unframed[i]!.core) && framing === 'none') notes.push('percent-decoded');
  let formatCapBits: number | null = null;
  if (framing === 'uuid') {
    for (const u of unframed) uuidVersions[`v${u.uuidVersion}`] = (uuidVersions[`v${u.uuidVersion}`] ?? 0) + 1;
    formatCapBits = Math.min(...unframed.map((u) => UUID_RANDOM_BITS[u.uuidVersion!] ?? 0));
    notes.push(`UUIDs (${Object.entries(uuidVersions).map(([v, n]) => `${v}: ${n}`).join(', ')}); RFC 9562 leaves at most ${formatCapBits} random bits`);
  }
  if (framing === 'express-signed') notes.push("express-session signature stripped: only <id> of 's:<id>.<HMAC>' is the identifier");
  return { format: framing === 'uuid' ? 'uuid' : 'plain', framing, notes, uuidVersions, formatCapBits, segments: split(unframed.map((u) => u.core), notes) };
}

function split(cores: string[], notes: string[]): Segment[] {
  if (cores.length === 0) return [];
  const length = cores[0]!.length;
  if (cores.every((c) => c.length === length)) {
    const ranges = fixedLayout(cores, length);
    if (ranges.length > 1) notes.push(`split into ${ranges.length} fields at separators found at the same place in every sample`);
    return ranges.map(([start, end], index) => segment(index, start, cores.map((c) => c.slice(start, end))));
  }
  // Different lengths: split at separators that occur equally often in every sample (a clock field keeps
  // its digits, which the clock detector needs); without any, strip what every sample starts and ends with.
  notes.push(`samples have different lengths (${Math.min(...cores.map((c) => c.length))}–${Math.max(...cores.map((c) => c.length))}); fields are left-padded`);
  const seps = SEPARATORS.filter((s) => {
    const count = cores[0]!.split(s).length - 1;
    return count > 0 && cores.every((c) => c.split(s).length - 1 === count);
  });
  if (seps.length === 0) {
    const prefix = commonPrefix(cores);
    const suffix = commonSuffix(cores.map((c) => c.slice(prefix)));
    if (prefix + suffix > 0) notes.push(`constant framing stripped: ${prefix} leading and ${suffix} trailing characters shared by every sample`);
    return [segment(0, null, cores.map((c) => c.slice(prefix, c.length - suffix)))];
  }
  const pattern = new RegExp(`[${seps.map((s) => `\\${s}`).join('')}]`);
  const parts = cores.map((c) => c.split(pattern));
  notes.push(`split into ${parts[0]!.length} fields at ${seps.map((s) => `'${s}'`).join(', ')}`);
  return parts[0]!.map((_, i) => segment(i, null, parts.map((p) => p[i]!))).filter((s) => s.maxLength > 0);
}

/** Ranges between positions holding the same non-alphanumeric character in every sample. */
function fixedLayout(cores: string[], length: number): Array<[number, number]> {
  const first = cores[0]!;
  const ranges: Array<[number, number]> = [];
  let start = 0;
  for (let i = 0; i < length; i++) {
    const ch = first[i]!;
    if (/[A-Za-z0-9]/.test(ch) || cores.length < 2 || !cores.every((c) => c[i] === ch)) continue;
    if (i > start) ranges.push([start, i]);
    start = i + 1;
  }
  if (length > start) ranges.push([start, length]);
  return ranges;
}

function segment(index: number, offset: number | null, raw: string[]): Segment {
  // Base64 and base32 padding carries nothing.
  const texts = raw.map((t) => t.replace(/=+$/, ''));
  const alphabet = inferAlphabet([...new Set(texts.join(''))].join('') || '0');
  const table = digitTable(alphabet);
  const minLength = Math.min(...texts.map((t) => t.length));
  const maxLength = Math.max(...texts.map((t) => t.length));
  const perChar = Math.log2(alphabet.size);
  const width = Math.ceil(maxLength * perChar - 1e-9);
  const powerOfTwo = Number.isInteger(perChar);
  const boundaryBits = width - Math.floor(minLength * perChar + 1e-9) + (powerOfTwo ? 0 : Math.ceil(perChar));
  const base = BigInt(alphabet.size);
  const values = texts.map((t) => {
    let v = 0n;
    for (let i = 0; i < t.length; i++) v = v * base + BigInt(Math.max(0, table[t.charCodeAt(i)] ?? 0));
    return v;
  });
  const bits = new Uint8Array(texts.length * width);
  values.forEach((v, row) => {
    const binary = v.toString(2);
    const pad = width - binary.length;
    for (let j = 0; j < binary.length; j++) bits[row * width + pad + j] = binary.charCodeAt(j) - 48;
  });
  return { index, offset, alphabet, minLength, maxLength, width, boundaryBits: Math.min(width, boundaryBits), texts, values, bits };
}

function commonPrefix(values: string[]): number {
  let n = 0;
  const first = values[0]!;
  while (n < first.length && values.every((v) => v.length > n + 1 && v[n] === first[n])) n++;
  return n;
}

function commonSuffix(values: string[]): number {
  let n = 0;
  const first = values[0]!;
  while (n < first.length && values.every((v) => v.length > n + 1 && v[v.length - 1 - n] === first[first.length - 1 - n])) n++;
  return n;
}
