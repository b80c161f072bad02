/**
 * Predictable components inside session IDs: clocks (the issue time written as Unix seconds,
 * milliseconds, microseconds or nanoseconds, in decimal, hex, base36 or binary) and counters
 * (values that rise with the order the IDs were issued in).
 */
import type { Segment } from './segments.js';
import { spearman } from './stats.js';

export interface StructureFinding {
  kind: 'timestamp' | 'counter';
  segment: number;
  /** Bit positions of the segment it occupies, most significant first: [start, end). */
  bits: [number, number];
  /** Where and what, in words (never a character of a sample). */
  detail: string;
}

const DAY_MS = 86_400_000;
/** A clock reading must be within a day of the issue time, in this share of the samples. */
const MATCH_SHARE = 0.9;
/** |Spearman ρ| at or above which a value is taken to rise with issue order. */
const MONOTONE = 0.9;
const UNITS: Array<[string, number]> = [
  ['seconds', 1e-3],
  ['milliseconds', 1],
  ['microseconds', 1e3],
  ['nanoseconds', 1e6],
];

interface Window {
  encoding: 'decimal' | 'hex' | 'base36' | 'binary';
  /** Offset and length in characters (bytes for binary). */
  offset: number;
  length: number;
  bits: [number, number];
  read(sample: number): number | null;
}

export function findTimestamps(segment: Segment, issuedAt: readonly number[]): StructureFinding[] {
  const found: Array<StructureFinding & { length: number }> = [];
  for (const w of windows(segment)) {
    const unit = matchingUnit(w, issuedAt);
    if (!unit) continue;
    found.push({
      kind: 'timestamp',
      segment: segment.index,
      bits: w.bits,
      length: w.bits[1] - w.bits[0],
      detail: `${w.encoding === 'binary' ? `bytes ${w.offset}–${w.offset + w.length - 1}` : `characters ${w.offset + 1}–${w.offset + w.length}`} of field ${segment.index + 1} hold the issue time as Unix ${unit} (${w.encoding}), within a day of when each ID was issued`,
    });
  }
  // The longest reading of a place wins (a millisecond clock also reads as seconds in its first digits).
  found.sort((a, b) => b.length - a.length);
  const kept: StructureFinding[] = [];
  for (const { length: _length, ...f } of found) if (!kept.some((k) => overlaps(k.bits, f.bits))) kept.push(f);
  return kept;
}

function matchingUnit(w: Window, issuedAt: readonly number[]): string | null {
  const n = issuedAt.length;
  const share = (count: number, f: number): number => {
    let hits = 0;
    for (let i = 0; i < count; i++) {
      const v = w.read(i);
      if (v !== null && Math.abs(v - issuedAt[i]! * f) <= DAY_MS * f) hits++;
    }
    return hits / count;
  };
  for (const [unit, f] of UNITS) {
    // A quick look at the first samples rules out almost every window before reading them all.
    if (share(Math.min(n, 20), f) >= MATCH_SHARE && share(n, f) >= MATCH_SHARE) return unit;
  }
  return null;
}

function windows(segment: Segment): Window[] {
  const { texts, alphabet, minLength, width } = segment;
  const out: Window[] = [];
  const perChar = Math.log2(alphabet.size);
  const charBits = (offset: number, length: number): [number, number] => {
    const fromEnd = (k: number) => width - (minLength - k) * perChar;
    return [Math.max(0, Math.floor(fromEnd(offset))), Math.min(width, Math.ceil(fromEnd(offset + length)))];
  };
  const textWindows = (encoding: 'decimal' | 'hex' | 'base36', lengths: number[], radix: number, valid: RegExp) => {
    for (const length of lengths) {
      for (let offset = 0; offset + length <= minLength; offset++) {
        out.push({
          encoding,
          offset,
          length,
          bits: charBits(offset, length),
          read: (i) => {
            const part = texts[i]!.slice(offset, offset + length);
            return valid.test(part) ? parseInt(part, radix) : null;
          },
        });
      }
    }
  };
  if (/decimal|alphanumeric|base64|printable/.test(alphabet.name)) textWindows('decimal', [10, 13, 16, 19], 10, /^[0-9]+$/);
  if (alphabet.name === 'hex') textWindows('hex', [8, 11, 12, 13], 16, /^[0-9a-fA-F]+$/);
  if (alphabet.name === 'alphanumeric' || alphabet.name === 'base32') textWindows('base36', [6, 8, 9], 36, /^[0-9a-z]+$/);
  const bytes = binary(segment);
  if (bytes) {
    const size = Math.min(...bytes.map((b) => b.length));
    for (const length of [4, 5, 6, 8]) {
      for (let offset = 0; offset + length <= size; offset++) {
        out.push({
          encoding: 'binary',
          offset,
          length,
          bits: [offset * 8, Math.min(width, (offset + length) * 8)],
          read: (i) => (length === 8 ? Number(bytes[i]!.readBigUInt64BE(offset)) : bytes[i]!.readUIntBE(offset, length)),
        });
      }
    }
  }
  return out;
}

/** The segment as bytes when its alphabet is a byte encoding and every sample has the same length. */
function binary(segment: Segment): Buffer[] | null {
  if (segment.minLength !== segment.maxLength) return null;
  const { name } = segment.alphabet;
  if (name === 'hex' && segment.minLength % 2 === 0) return segment.texts.map((t) => Buffer.from(t, 'hex'));
  if (name === 'base64url' || name === 'base64') return segment.texts.map((t) => Buffer.from(t, name));
  return null;
}

/** A value of at most 53 significant bits: the top bits of a wider one. */
function top53(v: bigint, width: number): number {
  return Number(width > 53 ? v >> BigInt(width - 53) : v);
}

export interface CounterOptions {
  order: readonly number[];
  issuedAt: readonly number[];
  /** Bit positions that failed the per-position tests (constant, biased or dependent). */
  nonRandom: readonly boolean[];
  constant: readonly boolean[];
  claimed: ReadonlyArray<[number, number]>;
}

/** The whole segment, or a run of non-random bit positions inside it, rising with issue order or time. */
export function findCounters(segment: Segment, o: CounterOptions): StructureFinding[] {
  const found: StructureFinding[] = [];
  const candidates: Array<[number, number]> = [[0, segment.width]];
  for (let j = 0; j < segment.width; ) {
    if (!o.nonRandom[j]) {
      j++;
      continue;
    }
    let end = j;
    while (end < segment.width && o.nonRandom[end]) end++;
    if (end - j >= 6 && end - j < segment.width) candidates.push([j, end]);
    j = end;
  }
  for (const [start, end] of candidates) {
    // Leading constant bits carry nothing; the value starts at the first bit that varies.
    let from = start;
    while (from < end && o.constant[from]) from++;
    if (from === end) continue;
    const range: [number, number] = [from, end];
    if (o.claimed.some((c) => overlaps(c, range)) || found.some((f) => overlaps(f.bits, range))) continue;
    const values = fieldValues(segment, range);
    if (new Set(values).size < 3) continue;
    const byOrder = spearman(values, o.order);
    const byTime = spearman(values, o.issuedAt);
    const rho = Math.abs(byOrder) >= Math.abs(byTime) ? byOrder : byTime;
    if (Math.abs(rho) < MONOTONE) continue;
    const whole = start === 0 && end === segment.width;
    found.push({
      kind: 'counter',
      segment: segment.index,
      bits: range,
      detail: `${whole ? `field ${segment.index + 1}` : `bits ${range[0] + 1}–${range[1]} of field ${segment.index + 1}`} ${rho > 0 ? 'rises' : 'falls'} with the order the IDs were issued in (Spearman ρ = ${rho.toFixed(3)}): a counter or clock`,
    });
  }
  return found;
}

function fieldValues(segment: Segment, [start, end]: [number, number]): number[] {
  const n = segment.texts.length;
  const out = new Array<number>(n);
  const take = Math.min(53, end - start);
  for (let row = 0; row < n; row++) {
    let v = 0;
    for (let j = start; j < start + take; j++) v = v * 2 + segment.bits[row * segment.width + j]!;
    out[row] = v;
  }
  return out;
}

export function overlaps(a: readonly [number, number], b: readonly [number, number]): boolean {
  return a[0] < b[1] && b[0] < a[1];
}

/** Lag-1 correlation of successive values of a segment (Knuth's serial correlation on the numbers). */
export function valueSerialCorrelation(segment: Segment): number {
  const v = segment.values.map((x) => top53(x, segment.width));
  if (v.length < 3) return 0;
  return spearman(v.slice(0, -1), v.slice(1));
}
