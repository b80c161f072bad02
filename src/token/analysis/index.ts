/**
 * Sequencer-class analysis of a sample of session IDs. Runs inside the probe on raw values and returns
 * only derived statistics: no character of any sample ever leaves this module.
 *
 * Entropy can be refuted, not proven. The estimate counts the bit positions that survive every test
 * (random-looking positions count 1, measurably biased ones their min-entropy, constant or
 * sequence-dependent ones and clock/counter fields 0), capped by the format's capacity and, when IDs
 * repeat, by the birthday bound. A generator that passes can still be weak in ways N samples cannot show.
 */
import { prepareSamples, type Segment } from './segments.js';
import { testPosition, fips140, serialCorrelation, type FipsResult, type PositionResult } from './bit-tests.js';
import { findCounters, findTimestamps, overlaps, valueSerialCorrelation, type StructureFinding } from './structure.js';
import { normalTwoSided, zForTwoSided } from './stats.js';

export interface TokenSample {
  value: string;
  /** When the response carrying it arrived (ms since the epoch). */
  issuedAt: number;
}

export interface SegmentReport {
  index: number;
  alphabet: string;
  characters: string;
  capacityBits: number;
  creditedBits: number;
  positions: { random: number; biased: number; dependent: number; constant: number };
  /** Per-character-position Shannon entropy (Miller–Madow corrected) relative to log2(alphabet), lowest first. */
  weakestCharacter: { position: number; bits: number; ofBits: number } | null;
}

export interface Defect {
  test: string;
  message: string;
}

export interface TokenAnalysis {
  samples: number;
  distinct: number;
  /** Samples minus distinct values: any repeat is a defect. */
  collisions: number;
  lengths: { min: number; max: number };
  format: 'jwt' | 'uuid' | 'plain' | 'mixed';
  framing: string;
  uuidVersions: Record<string, number>;
  notes: string[];
  segments: SegmentReport[];
  /** Clocks and counters: excluded from the estimate (they are guessable, not random) and fatal to opacity. */
  structure: StructureFinding[];
  fips: FipsResult | null;
  serial: { r: number; z: number } | null;
  /** Per-position tests are Bonferroni-corrected to this family-wise false-alarm rate. */
  alpha: number;
  zLimit: number;
  capacityBits: number;
  effectiveBits: number;
  /** Upper bound from repeats (log2 N²/2c), when there were any. */
  birthdayBits: number | null;
  /** Statistical defects: evidence that the random-looking part is not random. */
  defects: Defect[];
  durationMs: number;
}

const DEFAULT_ALPHA = 1e-6;

export function analyseTokens(samples: readonly TokenSample[], alpha = DEFAULT_ALPHA): TokenAnalysis {
  const t0 = performance.now();
  const n = samples.length;
  const raw = samples.map((s) => s.value);
  const issuedAt = samples.map((s) => s.issuedAt);
  const order = samples.map((_, i) => i);
  const distinct = new Set(raw).size;
  const collisions = n - distinct;
  const prepared = prepareSamples(raw);
  const totalBits = prepared.segments.reduce((s, g) => s + g.width, 0);
  const zLimit = zForTwoSided(alpha / Math.max(1, 2 * totalBits));
  const defects: Defect[] = [];
  const structure: StructureFinding[] = [];
  const segments: SegmentReport[] = [];
  const streamParts: Uint8Array[] = [];
  let credited = 0;
  const enough = n >= 3;

  for (const seg of prepared.segments) {
    const positions = enough ? Array.from({ length: seg.width }, (_, j) => testPosition(seg.bits, n, seg.width, j, zLimit)) : [];
    const timestamps = enough ? findTimestamps(seg, issuedAt) : [];
    const nonRandom = positions.map((p) => p.verdict !== 'random');
    const constant = positions.map((p) => p.verdict === 'constant');
    const counters = enough ? findCounters(seg, { order, issuedAt, nonRandom, constant, claimed: timestamps.map((t) => t.bits) }) : [];
    const found = [...timestamps, ...counters];
    structure.push(...found);
    const inStructure = (j: number) => found.some((f) => overlaps(f.bits, [j, j + 1]));
    const credit = positions.map((p, j) => (inStructure(j) ? 0 : p.credit));
    const segmentCredit = credit.reduce((s, c) => s + c, 0);
    credited += segmentCredit;
    segments.push(segmentReport(seg, positions, segmentCredit));
    defects.push(...positionDefects(seg, positions, inStructure));
    if (enough && seg.width > 0) {
      const rho = valueSerialCorrelation(seg);
      // A clock or counter already explains why successive values follow each other.
      if (Math.abs(rho) * Math.sqrt(n - 1) > zLimit && found.length === 0) {
        defects.push({ test: 'serial correlation', message: `successive values of field ${seg.index + 1} are correlated (ρ = ${rho.toFixed(3)}): each ID predicts the next` });
      }
    }
    streamParts.push(randomStream(seg, positions, credit));
  }

  const stream = concat(streamParts);
  const fips = fips140(stream, alpha);
  for (const t of fips?.defects ?? []) {
    defects.push({ test: `FIPS 140-2 ${t}`, message: `${fips!.failures[t]} of ${fips!.blocks} blocks of 20,000 bits fail the FIPS 140-2 ${t} test` });
  }
  const serialStream = serialCorrelation(stream);
  if (serialStream && normalTwoSided(serialStream.z) < alpha) {
    defects.push({ test: 'serial correlation', message: `successive bits are correlated (r = ${serialStream.r.toFixed(4)}, z = ${serialStream.z.toFixed(1)})` });
  }
  let birthdayBits: number | null = null;
  if (collisions > 0) {
    birthdayBits = round(Math.log2((n * (n - 1)) / (2 * collisions)));
    defects.push({ test: 'collisions', message: `${collisions} of ${n} IDs repeat an earlier one; repeats at this rate mean about ${birthdayBits} bits (birthday bound)` });
  }
  const capacityBits = round(prepared.segments.reduce((s, g) => s + g.maxLength * Math.log2(g.alphabet.size), 0));
  const caps = [credited, capacityBits, prepared.formatCapBits ?? Infinity, birthdayBits ?? Infinity];
  const lengths = raw.map((r) => r.length);
  return {
    samples: n,
    distinct,
    collisions,
    lengths: { min: n ? Math.min(...lengths) : 0, max: n ? Math.max(...lengths) : 0 },
    format: prepared.format,
    framing: prepared.framing,
    uuidVersions: prepared.uuidVersions,
    notes: prepared.notes,
    segments,
    structure,
    fips,
    serial: serialStream && { r: round(serialStream.r, 5), z: round(serialStream.z) },
    alpha,
    zLimit: round(zLimit, 2),
    capacityBits,
    effectiveBits: round(Math.max(0, Math.min(...caps))),
    birthdayBits,
    defects,
    durationMs: Math.round(performance.now() - t0),
  };
}

function positionDefects(seg: Segment, positions: PositionResult[], inStructure: (j: number) => boolean): Defect[] {
  const dependent = positions.flatMap((p, j) => (p.verdict === 'dependent' && !inStructure(j) ? [j] : []));
  // Bias in the representation's top bits (non-power-of-two alphabets, padded lengths) is expected.
  const biased = positions.flatMap((p, j) => (p.verdict === 'biased' && j >= seg.boundaryBits && !inStructure(j) ? [j] : []));
  const out: Defect[] = [];
  if (dependent.length) {
    out.push({ test: 'runs (per bit)', message: `${dependent.length} bit position(s) of field ${seg.index + 1} depend on the previous ID's (${ranges(dependent)}): consecutive IDs are related` });
  }
  if (biased.length) {
    out.push({ test: 'monobit (per bit)', message: `${biased.length} bit position(s) of field ${seg.index + 1} are biased (${ranges(biased)})` });
  }
  return out;
}

function segmentReport(seg: Segment, positions: PositionResult[], creditedBits: number): SegmentReport {
  const count = (v: PositionResult['verdict']) => positions.filter((p) => p.verdict === v).length;
  return {
    index: seg.index,
    alphabet: seg.alphabet.name,
    characters: seg.minLength === seg.maxLength ? String(seg.minLength) : `${seg.minLength}–${seg.maxLength}`,
    capacityBits: round(seg.maxLength * Math.log2(seg.alphabet.size)),
    creditedBits: round(creditedBits),
    positions: { random: count('random'), biased: count('biased'), dependent: count('dependent'), constant: count('constant') },
    weakestCharacter: weakestCharacter(seg),
  };
}

/** Lowest per-position character entropy (fixed-length fields only, where positions line up). */
function weakestCharacter(seg: Segment): SegmentReport['weakestCharacter'] {
  if (seg.minLength !== seg.maxLength || seg.texts.length < 2) return null;
  const n = seg.texts.length;
  const ofBits = round(Math.log2(seg.alphabet.size), 2);
  let weakest: NonNullable<SegmentReport['weakestCharacter']> | null = null;
  for (let pos = 0; pos < seg.minLength; pos++) {
    const counts = new Map<string, number>();
    for (const t of seg.texts) counts.set(t[pos]!, (counts.get(t[pos]!) ?? 0) + 1);
    let h = 0;
    for (const c of counts.values()) h -= (c / n) * Math.log2(c / n);
    // Miller–Madow: the plug-in estimate is biased low by (K − 1) / 2N nats.
    h = Math.min(ofBits, h + (counts.size - 1) / (2 * n * Math.LN2));
    if (!weakest || h < weakest.bits) weakest = { position: pos + 1, bits: round(h, 2), ofBits };
  }
  return weakest;
}

/** The credited bits of every sample, in issue order, for the stream tests. */
function randomStream(seg: Segment, positions: PositionResult[], credit: number[]): Uint8Array {
  const keep = positions.flatMap((p, j) => (p.verdict === 'random' && credit[j]! > 0 ? [j] : []));
  const n = seg.texts.length;
  const out = new Uint8Array(n * keep.length);
  let k = 0;
  for (let row = 0; row < n; row++) for (const j of keep) out[k++] = seg.bits[row * seg.width + j]!;
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** `3, 4, 5, 9` → `bits 4–6, 10` (1-based, most significant first). */
function ranges(positions: number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < positions.length; ) {
    let j = i;
    while (j + 1 < positions.length && positions[j + 1] === positions[j]! + 1) j++;
    parts.push(i === j ? `${positions[i]! + 1}` : `${positions[i]! + 1}–${positions[j]! + 1}`);
    i = j + 1;
  }
  return `bits ${parts.slice(0, 6).join(', ')}${parts.length > 6 ? ', …' : ''}`;
}

function round(x: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
