/**
 * The alphabets session IDs are written in, smallest first, and how to read a character as a digit.
 * Shared by the shape recorded for every cookie (capacity) and the statistical analysis (bit values).
 */

export type TokenAlphabet = 'decimal' | 'hex' | 'base32' | 'alphanumeric' | 'base64url' | 'base64' | 'printable';

export interface Alphabet {
  name: TokenAlphabet;
  size: number;
  /** Digit order: a character's index here is its value. */
  symbols: string;
  test: RegExp;
  /** Hex and base32 are written in either case; the digit is the same. */
  caseInsensitive: boolean;
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const PRINTABLE = Array.from({ length: 94 }, (_, i) => String.fromCharCode(33 + i)).join('');

export const ALPHABETS: readonly Alphabet[] = [
  { name: 'decimal', size: 10, symbols: DIGITS, test: /^[0-9]+$/, caseInsensitive: false },
  { name: 'hex', size: 16, symbols: '0123456789abcdef', test: /^[0-9a-f]+$|^[0-9A-F]+$/, caseInsensitive: true },
  { name: 'base32', size: 32, symbols: `${UPPER}234567`, test: /^[A-Z2-7]+=*$|^[a-z2-7]+=*$/, caseInsensitive: true },
  { name: 'alphanumeric', size: 62, symbols: DIGITS + UPPER + LOWER, test: /^[A-Za-z0-9]+$/, caseInsensitive: false },
  { name: 'base64url', size: 64, symbols: `${UPPER}${LOWER}${DIGITS}-_`, test: /^[A-Za-z0-9_-]+$/, caseInsensitive: false },
  { name: 'base64', size: 64, symbols: `${UPPER}${LOWER}${DIGITS}+/`, test: /^[A-Za-z0-9+/]+=*$/, caseInsensitive: false },
  { name: 'printable', size: 94, symbols: PRINTABLE, test: /^[\x21-\x7e]+$/, caseInsensitive: false },
];

const PRINTABLE_ALPHABET = ALPHABETS[ALPHABETS.length - 1]!;

/** The smallest alphabet that writes `text` (for many samples: pass their characters joined). */
export function inferAlphabet(text: string): Alphabet {
  return ALPHABETS.find((a) => a.test.test(text)) ?? PRINTABLE_ALPHABET;
}

/** Character code → digit value in `alphabet` (-1 outside it), for fast conversion of many samples. */
export function digitTable(alphabet: Alphabet): Int16Array {
  const table = new Int16Array(128).fill(-1);
  for (const [i, ch] of [...alphabet.symbols].entries()) {
    table[ch.charCodeAt(0)] = i;
    if (alphabet.caseInsensitive) {
      table[ch.toLowerCase().charCodeAt(0)] = i;
      table[ch.toUpperCase().charCodeAt(0)] = i;
    }
  }
  return table;
}
