/**
 * The secret-leak assertion every report test relies on: it must catch each spelling of a secret anywhere
 * in a text, and a one-time code only as a number of its own.
 */
import { describe, expect, it } from 'vitest';
import { expectNoSecrets, spellings } from '../fixtures/no-secrets.js';

const SECRET = 's3cr3t/value+with=odd&chars"<>';
const FILLER = 'lorem ipsum '.repeat(500);

describe('expectNoSecrets', () => {
  it.each(spellings(SECRET))('catches the spelling %s at the start, middle and end of any text', (spelling) => {
    for (const text of [`${spelling}${FILLER}`, `${FILLER}${spelling}${FILLER}`, `${FILLER}${spelling}`]) {
      expect(() => expectNoSecrets(['clean', text], ['another-secret-value', SECRET])).toThrow(/a secret \(s3cr…\) in an artifact/);
    }
  });

  it('catches a secret shorter than its index key', () => {
    expect(() => expectNoSecrets([`${FILLER}pw1234x${FILLER}`], ['pw1234x'])).toThrow(/a secret \(pw12…\)/);
  });

  it('passes texts that hold only parts of a secret', () => {
    expect(() => expectNoSecrets([`${FILLER}${SECRET.slice(0, -1)}|${SECRET.slice(1)}`], [SECRET])).not.toThrow();
  });

  it('finds a one-time code only as a number of its own, not inside a timestamp, a fraction or a hex string', () => {
    expect(() => expectNoSecrets(['at 1712345678901'], ['345678'])).not.toThrow();
    expect(() => expectNoSecrets(['startMs 0.345678, fp 9a345678, sha 345678ce'], ['345678'])).not.toThrow();
    expect(() => expectNoSecrets(['code 345678.'], ['345678'])).toThrow(/a secret \(3456…\)/);
    expect(() => expectNoSecrets(['code=345678&next=1'], ['345678'])).toThrow(/a secret \(3456…\)/);
  });

  it('says in which artifact a secret is, and around what, without the secret', () => {
    expect(() => expectNoSecrets(['clean', `${FILLER}before ${SECRET} after`], [SECRET])).toThrow(/in an artifact \(#2 of 2: ….*ipsum before ‹secret› after…\)/);
    expect(() => expectNoSecrets(['clean', `${FILLER}before ${SECRET} after`], [SECRET])).not.toThrow(/s3cr3t\/value/);
  });
});
