import { expect } from 'vitest';

/**
 * Asserts that no artifact holds a password, and that every cookie value written after `name=` in a
 * cookie context is masked (or empty): full session IDs must never reach a report.
 */
export function assertNoSecrets(texts: string[], { passwords }: { passwords: string[] }): void {
  for (const text of texts) {
    for (const p of passwords) {
      expect(text.includes(p), 'password found in an artifact').toBe(false);
      expect(text.includes(encodeURIComponent(p)), 'encoded password found in an artifact').toBe(false);
    }
    // Cookie pairs as they appear in Set-Cookie / Cookie headers (also HTML- or JSON-escaped).
    for (const m of text.matchAll(/\b(JSESSIONID|__Host-sid|connect\.sid|sid)=([^;\s"&<\\]*)/g)) {
      const value = m[2]!;
      expect(value === '' || value.startsWith('[masked'), `unmasked ${m[1]} value in an artifact: ${value.slice(0, 12)}…`).toBe(true);
    }
    // Bearer tokens (and forged ones the target might accept) are masked too; a JWT never shows whole.
    for (const m of text.matchAll(/Bearer ([^\s"\\]*)/g)) {
      expect(/^eyJ[\w-]+\.[\w-]+\./.test(m[1]!), `unmasked bearer token in an artifact: ${m[1]!.slice(0, 12)}…`).toBe(false);
    }
    // A JWT anywhere (header, body, URL) would carry the claims and the signature in the clear.
    expect(/eyJ[\w-]{10,}\.eyJ[\w-]{10,}\.[\w-]{20,}/.test(text), 'an unmasked JWT in an artifact').toBe(false);
  }
}
