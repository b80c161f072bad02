/**
 * Partial expectations (examples/expected.ts): a declared verdict must come out exactly, an undeclared
 * check may come out any way but error.
 */
import { describe, expect, it } from 'vitest';
import { verdictMismatches } from '../../examples/expected.js';

const run = [
  { id: 'cookie.secure', verdict: 'fail', observed: 'no Secure attribute' },
  { id: 'cookie.httponly', verdict: 'pass' },
  { id: 'timeout.idle', verdict: 'inconclusive' },
];

describe('verdictMismatches', () => {
  it('agrees when every declared verdict comes out and the undeclared ones are not errors', () => {
    expect(verdictMismatches({ 'cookie.secure': 'fail' }, run)).toEqual([]);
  });

  it('names a declared check whose verdict differs, with what was observed', () => {
    expect(verdictMismatches({ 'cookie.secure': 'pass' }, run)).toEqual(['cookie.secure is fail, expected pass — no Secure attribute']);
  });

  it('names a declared check that did not run', () => {
    expect(verdictMismatches({ 'logout.server-revocation': 'pass' }, run)).toEqual(['logout.server-revocation is declared pass but did not run']);
  });

  it('names an undeclared check that errored, and accepts a declared error', () => {
    const errored = [...run, { id: 'jwt.alg-none', verdict: 'error', observed: 'the target hung up' }];
    expect(verdictMismatches({}, errored)).toEqual(['jwt.alg-none is error (undeclared checks may be anything but error) — the target hung up']);
    expect(verdictMismatches({ 'jwt.alg-none': 'error' }, errored)).toEqual([]);
  });
});
