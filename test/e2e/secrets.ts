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
    for (const m of text.matchAll(/\b(JSESSIONID|__Host-sid|__Host-tsid|connect\.sid)=([^;\s"&<\\]*)/g)) {
      const value = m[2]!;
      expect(value === '' || value.startsWith('[masked'), `unmasked ${m[1]} value in an artifact: ${value.slice(0, 12)}…`).toBe(true);
    }
  }
}
