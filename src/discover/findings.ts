/**
 * What `discover` reports: each finding with how it was found and how sure the tool is.
 */
export type Confidence = 'high' | 'medium' | 'low';

export interface Finding {
  /** login, oracle, session cookie, logout, password change, remember me… */
  topic: string;
  summary: string;
  /** The observations behind it, one line each (requests made, what they answered). */
  evidence: string[];
  confidence: Confidence;
}

/**
 * A page path as configs write it: relative to the target's origin when it is on it (discover's base URL is an origin), without
 * its query, which may carry a session ID or a one-time token (flows fetch the page afresh each time).
 */
export function pathOf(url: string, baseUrl: string): string {
  const u = new URL(url);
  return u.origin === new URL(baseUrl).origin ? u.pathname : `${u.origin}${u.pathname}`;
}
