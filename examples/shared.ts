/**
 * What the example targets have in common: the demo account, tiny HTML pages and a loopback-only listener.
 */
import { createServer, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type AddressInfo, type Server as NetServer } from 'node:net';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { timingSafeEqual } from 'node:crypto';
import type { Express, RequestHandler } from 'express';

export interface StartOptions {
  port?: number;
  host?: string;
  redisUrl?: string;
}

export interface RunningServer {
  url: string;
  /** Examples deployed as several instances: each one's URL, reached directly (target.instances). */
  instances?: string[];
  /** Environment variables the example's config refers to (e.g. the URL of its identity provider). */
  env?: Record<string, string>;
  /**
   * Every secret the example handed out or accepted (cookie values of every origin, one-time codes), for
   * the leak test of examples a recording proxy cannot stand in front of (a login through another origin).
   */
  issued?(): string[];
  close(): Promise<void>;
}

// bob and carol let examples show how extra accounts (target.accounts) spread the timeout probes' sessions.
const USERS = new Map<string, string>([
  ['alice', 'correct-horse-battery-staple'],
  ['bob', 'tr0ub4dor-and-3-more-words'],
  ['carol', 'velvet-orbit-lantern-quarry'],
]);

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function verifyCredentials(username: unknown, password: unknown): username is string {
  if (typeof username !== 'string' || typeof password !== 'string') return false;
  const expected = USERS.get(username);
  return expected !== undefined && safeEqual(password, expected);
}

/** One cookie of a request's Cookie header, as sent. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const pair of (header ?? '').split(';')) {
    const eq = pair.indexOf('=');
    if (eq > 0 && pair.slice(0, eq).trim() === name) return pair.slice(eq + 1).trim();
  }
  return undefined;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** `body` is trusted markup; interpolate target data only through escapeHtml. */
export function page(title: string, body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body>${body}</body></html>`;
}

/** A login form without CSRF token, posting username and password to `action`. */
export function loginFormPage(action: string, message = ''): string {
  return page(
    'Sign in',
    `${message && `<p>${escapeHtml(message)}</p>`}<form method="post" action="${escapeHtml(action)}">` +
      '<label>Username <input name="username"></label>' +
      '<label>Password <input type="password" name="password"></label>' +
      '<button type="submit">Sign in</button></form>',
  );
}

// The examples are deliberately insecure; they must never be reachable from another machine.
function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

export async function listen(handler: RequestListener, opts: StartOptions, onClose?: () => Promise<void>): Promise<RunningServer> {
  const server = createServer(handler);
  const { host, port } = await bind(server, opts);
  return running(`http://${hostForUrl(host)}:${port}`, server, [server], onClose);
}

/**
 * https and plain http on one port, told apart by the first byte (0x16 opens a TLS handshake), so the
 * plain-http twin of the https URL (same host and port) reaches `plain`. The certificate is the
 * TEST-ONLY one in examples/tls (see its README).
 */
export async function listenTls(handler: RequestListener, plain: RequestListener, opts: StartOptions, onClose?: () => Promise<void>): Promise<RunningServer> {
  const https = createHttpsServer({ cert: readFileSync(tlsFile('server.pem')), key: readFileSync(tlsFile('server-key.pem')) }, handler);
  const http = createServer(plain);
  // The front server owns the sockets: without noDelay, Nagle and delayed ACKs add ~40 ms to each TLS response.
  const front = createNetServer({ noDelay: true }, (socket) => {
    socket.once('data', (first) => {
      socket.pause();
      socket.unshift(first);
      (first[0] === 0x16 ? https : http).emit('connection', socket);
      process.nextTick(() => socket.resume());
    });
  });
  const { host, port } = await bind(front, opts);
  return running(`https://${hostForUrl(host)}:${port}`, front, [https, http], onClose);
}

/** The example TLS material lives beside the sources; tsc copies no .pem into dist. */
function tlsFile(name: string): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const fromDist = path.basename(path.dirname(here)) === 'dist';
  return path.join(here, ...(fromDist ? ['..', '..', 'examples'] : []), 'tls', name);
}

async function bind(server: Server | NetServer, opts: StartOptions): Promise<{ host: string; port: number }> {
  const host = opts.host ?? '127.0.0.1';
  if (!isLoopback(host)) throw new Error(`example targets bind only to loopback, not ${host}`);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return { host, port: (server.address() as AddressInfo).port };
}

function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

function running(url: string, listener: Server | NetServer, servers: Array<{ closeAllConnections(): void }>, onClose?: () => Promise<void>): RunningServer {
  return {
    url,
    async close() {
      const closed = new Promise<void>((resolve) => listener.close(() => resolve()));
      for (const s of servers) s.closeAllConnections();
      await closed;
      await onClose?.();
    },
  };
}

/**
 * The demo speaks plain http on loopback, but a real deployment sits behind a TLS-terminating proxy that
 * adds X-Forwarded-Proto: https. Simulating it lets express-session emit the Secure cookie it refuses to
 * set on a non-TLS request, so the target looks on the wire exactly like the deployed site. Loopback is
 * the only proxy allowed to tell the app the original scheme.
 */
export function behindTlsProxy(app: Express): void {
  app.set('trust proxy', 'loopback');
  app.use((req, _res, next) => {
    req.headers['x-forwarded-proto'] = 'https';
    next();
  });
}

/** Remembers every cookie value a response sets, whichever framework set it (oidc-provider writes to the raw response). */
export function recordIssuedCookies(app: Express, into: Set<string>): void {
  app.use((_req, res, next) => {
    res.on('finish', () => {
      const header = res.getHeader('set-cookie');
      for (const line of header === undefined ? [] : [header].flat()) {
        const value = String(line).split(';')[0]!.split('=').slice(1).join('=');
        if (value.length >= 8) into.add(value);
      }
    });
    next();
  });
}

/** No response may be cached: the examples built to pass cache.no-store use this on every route. */
export const noStore: RequestHandler = (_req, res, next) => {
  res.set('Cache-Control', 'no-store');
  next();
};
