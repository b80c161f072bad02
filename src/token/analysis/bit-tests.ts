/**
 * Bit-level tests. Per bit position, across the samples in issue order: a monobit test (is the bit
 * balanced?) and a runs test (does it depend on the previous sample's bit? counters and clocks do).
 * On the stream of the bits that pass: the FIPS 140-2 battery (monobit, poker, runs, long run) on
 * 20,000-bit blocks and the lag-1 serial correlation.
 */
import { binomialTail, normalTwoSided } from './stats.js';

export type BitVerdict = 'random' | 'constant' | 'biased' | 'dependent';

export interface PositionResult {
  verdict: BitVerdict;
  /** Bits credited: 1 for a random-looking position, the measured min-entropy for a biased one. */
  credit: number;
  /** Worst z score of the two tests (0 for constant positions). */
  z: number;
}

/**
 * Tests one bit position of `n` samples (bits[row * width + column]).
 * `zLimit` is the Bonferroni-corrected critical value shared by every position and test.
 */
export function testPosition(bits: Uint8Array, n: number, width: number, column: number, zLimit: number): PositionResult {
  let ones = 0;
  let runs = 1;
  let prev = bits[column]!;
  for (let row = 0; row < n; row++) {
    const b = bits[row * width + column]!;
    ones += b;
    if (row > 0 && b !== prev) runs++;
    prev = b;
  }
  const zeros = n - ones;
  if (ones === 0 || zeros === 0) return { verdict: 'constant', credit: 0, z: 0 };
  const monobitZ = (2 * ones - n) / Math.sqrt(n);
  // Wald–Wolfowitz runs test, conditional on the observed balance.
  const product = 2 * ones * zeros;
  const expectedRuns = 1 + product / n;
  const variance = (product * (product - n)) / (n * n * (n - 1));
  const runsZ = variance > 0 ? (runs - expectedRuns) / Math.sqrt(variance) : 0;
  if (Math.abs(runsZ) > zLimit) return { verdict: 'dependent', credit: 0, z: runsZ };
  if (Math.abs(monobitZ) > zLimit) {
    const p = Math.max(ones, zeros) / n;
    return { verdict: 'biased', credit: -Math.log2(p), z: monobitZ };
  }
  return { verdict: 'random', credit: 1, z: Math.max(Math.abs(monobitZ), Math.abs(runsZ)) };
}

export const FIPS_BLOCK = 20_000;

/** FIPS 140-2 (change notice 1) acceptance intervals for one 20,000-bit block. */
const RUN_INTERVALS: Array<[number, number]> = [
  [2315, 2685],
  [1114, 1386],
  [527, 723],
  [240, 384],
  [103, 209],
  [103, 209],
];
const LONG_RUN = 26;

export type FipsTest = 'monobit' | 'poker' | 'runs' | 'long run';
export const FIPS_TESTS: readonly FipsTest[] = ['monobit', 'poker', 'runs', 'long run'];

function fipsBlock(stream: Uint8Array, start: number): Set<FipsTest> {
  const failed = new Set<FipsTest>();
  let ones = 0;
  const poker = new Array<number>(16).fill(0);
  const runCounts = [new Array<number>(6).fill(0), new Array<number>(6).fill(0)];
  let runLength = 0;
  let runBit = -1;
  let longest = 0;
  const closeRun = () => {
    if (runBit < 0) return;
    runCounts[runBit]![Math.min(runLength, 6) - 1]!++;
    longest = Math.max(longest, runLength);
  };
  for (let i = 0; i < FIPS_BLOCK; i++) {
    const b = stream[start + i]!;
    ones += b;
    if (b === runBit) runLength++;
    else {
      closeRun();
      runBit = b;
      runLength = 1;
    }
  }
  closeRun();
  for (let i = 0; i < FIPS_BLOCK; i += 4) {
    poker[(stream[start + i]! << 3) | (stream[start + i + 1]! << 2) | (stream[start + i + 2]! << 1) | stream[start + i + 3]!]!++;
  }
  if (ones <= 9725 || ones >= 10275) failed.add('monobit');
  const x = (16 / 5000) * poker.reduce((s, f) => s + f * f, 0) - 5000;
  if (x <= 2.16 || x >= 46.17) failed.add('poker');
  if (runCounts.some((counts) => counts.some((c, i) => c < RUN_INTERVALS[i]![0] || c > RUN_INTERVALS[i]![1]))) failed.add('runs');
  if (longest >= LONG_RUN) failed.add('long run');
  return failed;
}

export interface FipsResult {
  blocks: number;
  /** Blocks failing each test. */
  failures: Record<FipsTest, number>;
  /** Tests failing more often than a good generator plausibly would (binomial tail below `alpha`). */
  defects: FipsTest[];
}

/**
 * Per-block false-failure rate assumed for a good generator. FIPS 140-2 puts its intervals near
 * 1e-4 per test; the runs test has twelve intervals, so a conservative 2e-3 keeps false alarms rare.
 */
const FIPS_NULL_RATE = 2e-3;

export function fips140(stream: Uint8Array, alpha: number): FipsResult | null {
  const blocks = Math.floor(stream.length / FIPS_BLOCK);
  if (blocks === 0) return null;
  const failures: Record<FipsTest, number> = { monobit: 0, poker: 0, runs: 0, 'long run': 0 };
  for (let b = 0; b < blocks; b++) for (const t of fipsBlock(stream, b * FIPS_BLOCK)) failures[t]++;
  const defects = FIPS_TESTS.filter((t) => failures[t] > 0 && binomialTail(failures[t], blocks, FIPS_NULL_RATE) < alpha);
  return { blocks, failures, defects };
}

/** Lag-1 serial correlation of a bit stream and its z score (r·√n). */
export function serialCorrelation(stream: Uint8Array): { r: number; z: number; p: number } | null {
  const n = stream.length - 1;
  if (n < 100) return null;
  let s1 = 0;
  let s2 = 0;
  let s12 = 0;
  let ss1 = 0;
  let ss2 = 0;
  for (let i = 0; i < n; i++) {
    const a = stream[i]!;
    const b = stream[i + 1]!;
    s1 += a;
    s2 += b;
    s12 += a * b;
    ss1 += a * a;
    ss2 += b * b;
  }
  const cov = s12 / n - (s1 / n) * (s2 / n);
  const v1 = ss1 / n - (s1 / n) ** 2;
  const v2 = ss2 / n - (s2 / n) ** 2;
  const r = v1 > 0 && v2 > 0 ? cov / Math.sqrt(v1 * v2) : 0;
  const z = r * Math.sqrt(n);
  return { r, z, p: normalTwoSided(z) };
}
