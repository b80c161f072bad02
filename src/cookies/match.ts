/**
 * Cookie scoping rules of RFC 6265bis §5.1.2–5.1.4: which host a cookie belongs to and which paths it is
 * sent on. The checks need them to say what a browser would do with a recorded Set-Cookie.
 */
import { isIP } from 'node:net';

/** §5.1.2: the request host, lower-case (the URL parser already punycodes it), IPv6 without brackets. */
export function canonicalHost(url: string): string {
  return new URL(url).hostname.replace(/^\[(.*)\]$/, '$1');
}

/** §5.1.3: whether `host` domain-matches `domain` (both canonical). An IP address only matches itself. */
export function domainMatches(host: string, domain: string): boolean {
  if (host === domain) return true;
  return host.endsWith(`.${domain}`) && isIP(host) === 0;
}

/** §5.1.4: the directory of the request path, the path a cookie without a valid Path attribute gets. */
export function defaultPath(url: string): string {
  const path = new URL(url).pathname;
  if (!path.startsWith('/')) return '/';
  const lastSlash = path.lastIndexOf('/');
  return lastSlash === 0 ? '/' : path.slice(0, lastSlash);
}

/** §5.1.4: whether a cookie with `cookiePath` is sent on a request for `requestPath`. */
export function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/';
}
