/**
 * The scope guard: the origins a run may send credentials to. Anything else is recorded, never followed.
 */
export interface Scope {
  origin: string;
  allowedHosts: string[];
}

export function isAllowedOrigin(url: string, scope: Scope): boolean {
  const u = new URL(url);
  if (u.origin === scope.origin) return true;
  return scope.allowedHosts.some((h) => h.toLowerCase() === u.host.toLowerCase() || h.toLowerCase() === u.hostname.toLowerCase());
}

/** A request to an origin outside the run's scope was refused before anything was sent. */
export class OutOfScopeError extends Error {
  override readonly name = 'OutOfScopeError';
  constructor(readonly url: string) {
    super(`refused to send a request to ${new URL(url).origin}: it is outside the target's origin and target.allowedHosts`);
  }
}
