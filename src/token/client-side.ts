/**
 * Client-side sessions: session cookies or bearer tokens that carry the session state themselves
 * (JWTs, signed or encoded objects, framework blobs whose length grows with the session's contents).
 * Read from recorded evidence, so checks can explain a failed revocation instead of just reporting it.
 */
import type { SessionArtifact } from '../model/artifacts.js';
import type { Exchange } from '../evidence.js';

export interface ClientSideCarrier {
  /** A cookie name, or 'the bearer token'. */
  carrier: string;
  why: string;
  exchanges: number[];
}

/** Why such sessions fail logout.server-revocation by design (CHECKS.md edge case 14). */
export const CLIENT_SIDE_CONSEQUENCE =
  'a session that lives in the client cannot be destroyed by the server: logout can only work if the server keeps state after all — a denylist of token IDs, a per-user "not before" time, or key rotation (ASVS v5.0.0-7.4.1)';

/** A server-side ID keeps its length; a client-side blob grows when a user is added to it. */
const GROWTH = 8;

export function clientSideCarriers(session: SessionArtifact, evidence: readonly Exchange[]): ClientSideCarrier[] {
  const out: ClientSideCarrier[] = [];
  if (session.bearer?.shape.clientSide) out.push({ carrier: 'the bearer token', why: `it is ${session.bearer.shape.clientSide}`, exchanges: [] });
  const login = evidence.filter((e) => session.login.exchanges.includes(e.id));
  for (const name of session.sessionCookies) {
    const issued = login.flatMap((e) => e.setCookies.filter((c) => c.name === name && !c.value.empty).map((c) => ({ e, c })));
    const last = issued[issued.length - 1];
    if (!last) continue;
    if (last.c.value.shape.clientSide) {
      out.push({ carrier: name, why: `its value is ${last.c.value.shape.clientSide}`, exchanges: [last.e.id] });
      continue;
    }
    // Compare the unframed part: percent-encoding of a signature alone can vary a value's length by a few characters.
    const before = issued[0]!.c.value.shape.randomPartLength;
    const after = last.c.value.shape.randomPartLength;
    if (after >= before + GROWTH) {
      out.push({
        carrier: name,
        why: `its value grows from ${before} to ${after} characters when the user logs in: it holds the session's contents`,
        exchanges: [issued[0]!.e.id, last.e.id],
      });
    }
  }
  return out;
}
