import { describe, expect, it } from 'vitest';
import { analyseTokens } from '../../src/token/analysis/index.js';
import { prepareSamples } from '../../src/token/analysis/segments.js';
import { binomialTail, chiSquareSurvival, normalTwoSided, spearman, zForTwoSided } from '../../src/token/analysis/stats.js';
import { fips140, FIPS_BLOCK } from '../../src/token/analysis/bit-tests.js';
import { BAD, GOOD, UUID_V4 } from '../fixtures/generators.js';
import { randomBytes } from 'node:crypto';

describe('statistics', () => {
  it('normal, chi-square and binomial tails match tabulated values', () => {
    expect(normalTwoSided(1.959964)).toBeCloseTo(0.05, 5);
    expect(zForTwoSided(0.01)).toBeCloseTo(2.5758, 3);
    expect(chiSquareSurvival(3.841459, 1)).toBeCloseTo(0.05, 5);
    expect(chiSquareSurvival(24.99579, 15)).toBeCloseTo(0.05, 5);
    expect(binomialTail(2, 10, 0.5)).toBeCloseTo(1 - 11 / 1024, 10);
  });

  it('rank correlation sees any monotone relation', () => {
    expect(spearman([1, 4, 9, 16, 25], [1, 2, 3, 4, 5])).toBeCloseTo(1, 10);
    expect(spearman([5, 4, 3, 2, 1], [1, 2, 3, 4, 5])).toBeCloseTo(-1, 10);
  });
});

describe('FIPS 140-2 battery', () => {
  it('passes CSPRNG output and fails a biased stream', () => {
    const good = new Uint8Array(randomBytes(FIPS_BLOCK * 5).map((b) => b & 1));
    expect(fips140(good, 1e-6)?.defects).toEqual([]);
    const biased = new Uint8Array(FIPS_BLOCK * 5).map((_, i) => (i % 7 === 0 ? 0 : 1));
    expect(fips140(biased, 1e-6)?.defects).toEqual(['monobit', 'poker', 'runs']);
    const stuck = new Uint8Array(FIPS_BLOCK * 5).map((_, i) => Math.floor(i / 30) % 2);
    expect(fips140(stuck, 1e-6)?.defects).toContain('long run');
  });

  it('is not applied below one 20,000-bit block', () => {
    expect(fips140(new Uint8Array(FIPS_BLOCK - 1), 1e-6)).toBeNull();
  });
});

describe('framing', () => {
  it('strips express-session signatures and percent-encoding', () => {
    const p = prepareSamples([encodeURIComponent(`s:${'a'.repeat(32)}.${'b'.repeat(43)}`)]);
    expect(p.framing).toBe('express-signed');
    expect(p.segments[0]!.maxLength).toBe(32);
  });

  it('recognises JWTs and UUID versions', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlc2lnbmF0dXJl';
    expect(prepareSamples([jwt, jwt]).format).toBe('jwt');
    const u = prepareSamples(UUID_V4(10).map((s) => s.value));
    expect(u.uuidVersions).toEqual({ v4: 10 });
    expect(u.formatCapBits).toBe(122);
  });

  it('splits at separators that sit at the same place in every sample', () => {
    const p = prepareSamples(BAD['timestamp-prefixed (koa-session style "<ms>-<uid>")']!(50).map((s) => s.value));
    expect(p.segments.map((s) => [s.alphabet.name, s.maxLength])).toEqual([['decimal', 13], ['base64url', 24]]);
  });

  it('never puts a character of a sample into the analysis', () => {
    const samples = GOOD['crypto 128-bit hex']!(200);
    const text = JSON.stringify(analyseTokens(samples));
    for (const s of samples) expect(text).not.toContain(s.value.slice(0, 8));
  });
});

describe('token analysis on generators with known properties', () => {
  it.each(Object.entries(GOOD))('%s: no defect, estimate = the random bits', (name, generate) => {
    const a = analyseTokens(generate(500));
    expect(a.defects).toEqual([]);
    expect(a.structure).toEqual([]);
    expect(a.collisions).toBe(0);
    expect(a.effectiveBits).toBeGreaterThanOrEqual(128);
    expect(a.effectiveBits).toBeLessThanOrEqual(a.capacityBits);
  });

  it('UUIDv4 is capped at its 122 random bits', () => {
    const a = analyseTokens(UUID_V4(500));
    expect(a.defects).toEqual([]);
    expect(a.effectiveBits).toBe(122);
  });

  const bad: Array<[string, (a: ReturnType<typeof analyseTokens>) => void]> = [
    ['counter (decimal)', (a) => {
      expect(a.structure).toEqual([expect.objectContaining({ kind: 'counter' })]);
      expect(a.effectiveBits).toBe(0);
    }],
    ['counter (hex, 128-bit field)', (a) => {
      expect(a.structure[0]?.kind).toBe('counter');
      expect(a.effectiveBits).toBe(0);
    }],
    ['LCG (4 × 32-bit outputs as 128-bit hex)', (a) => {
      expect(a.defects.map((d) => d.test)).toContain('runs (per bit)');
      expect(a.effectiveBits).toBeLessThan(128);
    }],
    ['timestamp-prefixed (ms hex + 64 random bits)', (a) => {
      expect(a.structure).toEqual([expect.objectContaining({ kind: 'timestamp', detail: expect.stringMatching(/milliseconds \(hex\)/) })]);
      expect(a.effectiveBits).toBe(64);
    }],
    ['timestamp-prefixed (koa-session style "<ms>-<uid>")', (a) => {
      expect(a.structure).toEqual([expect.objectContaining({ kind: 'timestamp', detail: expect.stringMatching(/characters 1–13 of field 1 .* milliseconds \(decimal\)/) })]);
      // The clock is excluded, not counted: only the 144-bit uid remains.
      expect(a.effectiveBits).toBe(144);
    }],
    ['32-bit random (8 hex)', (a) => {
      expect(a.capacityBits).toBe(32);
      expect(a.effectiveBits).toBeLessThanOrEqual(32);
    }],
    ['UUIDv7 (74 random bits)', (a) => {
      expect(a.structure[0]?.kind).toBe('timestamp');
      expect(a.effectiveBits).toBe(74);
    }],
  ];
  it.each(bad)('%s is flagged', (name, expectations) => {
    expectations(analyseTokens(BAD[name]!(500)));
  });

  it('counts repeats and bounds the estimate by the birthday bound', () => {
    const samples = GOOD['crypto 128-bit hex']!(200);
    samples[150] = { ...samples[150]!, value: samples[3]!.value };
    const a = analyseTokens(samples);
    expect(a.collisions).toBe(1);
    expect(a.birthdayBits).toBeCloseTo(Math.log2((200 * 199) / 2), 0);
    expect(a.effectiveBits).toBeLessThan(20);
    expect(a.defects.map((d) => d.test)).toContain('collisions');
  });
});
