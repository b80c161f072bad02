/**
 * The HTTP driver: one HttpClient per simulated device, each with its own cookie jar and keep-alive
 * pool. Redirects are followed by hand so every hop is recorded; raw `Set-Cookie` headers are kept
 * as sent. The jar only decides what a normal browser-like request sends: replays pass an explicit
 * `Cookie` header, because tough-cookie's expiry model is not a browser's.
 */
import { performance } from 'node:perf_hooks';
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import type { Agent, Dispatcher } from 'undici';
import { CookieJar } from 'tough-cookie';
import type { EvidenceLog, Exchange } from '../evidence.js';
import { appendExchange, recordResponse } from './record.js';
import { parseSetCookie, type ParsedSetCookie } from '../cookies/parse.js';
import { isAllowedOrigin, isPlainHttpTwin, OutOfScopeError, type Scope } from './scope.js';
import type { TlsOptions } from '../config/types.js';
import { formatDuration } from '../config/durations.js';
import { LONGEST_TIMER_MS } from '../scheduler.js';
import { browserHeaders, type RequestKind } from './request-headers.js';
import { loadOnFirstUse } from '../on-first-use.js';

/** undici, loaded with the first pool (see ../on-first-use.ts). */
export const undici = loadOnFirstUse<typeof import('undici')>('undici');

/** How much of a body flows and the oracle may read; the evidence log keeps BODY_LIMIT of it. */
const READ_LIMIT = 1024 * 1024;
const MAX_REDIRECTS = 10;
/**
 * Once the run is interrupted, the requests that still follow (logouts, the password restore) get at
 * most this long each, so the first Ctrl-C or SIGTERM ends the run within seconds even on a stalling target.
 */
export const INTERRUPTED_REQUEST_MS = 1_500;

export interface RequestSpec {
  method?: string;
  /** Absolute, or relative to the target's base URL. */
  url: string;
  step: string;
  headers?: Record<string, string>;
  form?: Record<string, string>;
  json?: unknown;
  /** Which browser request this imitates (its default headers); default: a JSON body is a fetch, anything else a navigation. */
  kind?: RequestKind;
  /** Follow same-scope redirects (default true). Cross-scope redirects are recorded, never followed. */
  followRedirects?: boolean;
  /**
   * Send exactly these credentials instead of the client's own jar and token (replays). Set-Cookie
   * answers to such requests are recorded but not stored.
   */
  credentials?: Credentials;
  /** Allow the plain-http twin of the https target (same host, http://): the transport probe sends the cookie there on purpose. */
  plainHttpTwin?: boolean;
}

/** The auth-critical artifacts of a session, as a replay presents them. */
export interface Credentials {
  cookies: Array<{ name: string; value: string }>;
  authorization?: string;
  /**
   * Request headers of the device the credentials came from (its User-Agent): a replay impersonates the
   * device, so a target that binds sessions to the client judges the session, not the replaying tool.
   */
  headers?: Record<string, string>;
}

export function cookieHeader(cookies: Credentials['cookies']): string {
  return cookies.map((c) => `${c.name}=${c.value}`).join('; ');
}

export interface HttpResponse {
  status: number;
  /** The URL of the last hop. */
  url: string;
  /** Headers of the last hop, lower-case names. */
  headers: Record<string, string[]>;
  body: string;
  /** Exchange ids of every hop, in order. */
  exchanges: number[];
  /** Every Set-Cookie received across the hops, with raw values (never leaves the process). */
  setCookies: ParsedSetCookie[];
  /** The first hop's status and Location, which oracles often need (e.g. 302 → /login). */
  first: { status: number; location?: string };
  header(name: string): string | undefined;
}

export interface CookieValue {
  name: string;
  value: string;
  path: string;
  domain: string;
}

/** A cookie with everything a browser stores about it, for handing a session between a jar and a browser. */
export interface StoredCookie {
  name: string;
  value: string;
  /** Without a leading dot. */
  domain: string;
  path: string;
  /** No Domain attribute: sent to exactly this host. */
  hostOnly: boolean;
  secure: boolean;
  httpOnly: boolean;
  sameSite?: 'Strict' | 'Lax' | 'None';
  /** Expiry in seconds since the epoch; absent for a session cookie. */
  expires?: number;
}

export interface ClientOptions {
  device: string;
  baseUrl: string;
  userAgent: string;
  timeoutMs: number;
  scope: Scope;
  evidence: EvidenceLog;
  tls?: TlsOptions;
  /** A connection pool shared with other clients (closed by its owner, not by this client). */
  dispatcher?: Dispatcher;
  /** The run's interruption: it cuts the requests in flight when it fires. */
  interrupt?: AbortSignal;
}

/**
 * A keep-alive pool that trusts the platform's CAs plus `tls.ca` (a staging CA), or — only when
 * `tls.insecure` is set explicitly — any certificate.
 */
export function newAgent(tls: TlsOptions | undefined, connections: number): Agent {
  const connect = tls && {
    ...(tls.ca ? { ca: [...rootCertificates, readFileSync(tls.ca, 'utf8')] } : {}),
    rejectUnauthorized: !tls.insecure,
  };
  return new (undici().Agent)({ keepAliveTimeout: 4_000, connections, ...(connect ? { connect } : {}) });
}

export class HttpClient {
  readonly device: string;
  private jar = newJar();
  private readonly agent: Dispatcher;
  /** A bearer token obtained at login, sent on every request of this device. */
  authorization?: string;

  constructor(private readonly options: ClientOptions) {
    this.device = options.device;
    this.agent = options.dispatcher ?? newAgent(options.tls, 4);
  }

  get evidence(): EvidenceLog {
    return this.options.evidence;
  }

  get userAgent(): string {
    return this.options.userAgent;
  }

  resolve(url: string): string {
    return new URL(url, this.options.baseUrl + '/').toString();
  }

  async request(spec: RequestSpec): Promise<HttpResponse> {
    let url = this.resolve(spec.url);
    // Credentials only ever go where the user said they may: a form or link pointing elsewhere is refused.
    const twin = spec.plainHttpTwin === true && isPlainHttpTwin(url, this.options.scope);
    if (!isAllowedOrigin(url, this.options.scope) && !twin) throw new OutOfScopeError(url);
    let method = (spec.method ?? 'GET').toUpperCase();
    let body = encodeBody(spec);
    const exchanges: number[] = [];
    const setCookies: ParsedSetCookie[] = [];
    let previous: number | undefined;
    let first: HttpResponse['first'] | undefined;
    for (let hop = 0; ; hop++) {
      let hopResult: HopResult;
      try {
        hopResult = await this.hop(spec, method, url, body, previous, hop);
      } catch (error) {
        if (!resendable(method, error, this.options.interrupt)) throw error;
        hopResult = await this.hop({ ...spec, step: `${spec.step} (sent again: the connection was closed)` }, method, url, body, previous, hop);
      }
      exchanges.push(hopResult.id);
      setCookies.push(...hopResult.setCookies);
      first ??= { status: hopResult.status, location: hopResult.headers['location']?.[0] };
      const location = hopResult.headers['location']?.[0];
      const redirect = hopResult.status >= 300 && hopResult.status < 400 && location !== undefined;
      if (!redirect || spec.followRedirects === false || hop >= MAX_REDIRECTS) {
        return response(hopResult, url, exchanges, setCookies, first);
      }
      const next = new URL(location, url).toString();
      if (!isAllowedOrigin(next, this.options.scope)) return response(hopResult, url, exchanges, setCookies, first);
      // RFC 9110 §15.4: 303 (and, by universal practice, 301/302 after POST) continue as GET without a body.
      if (hopResult.status === 303 || ((hopResult.status === 301 || hopResult.status === 302) && method === 'POST')) {
        method = 'GET';
        body = undefined;
      }
      previous = hopResult.id;
      url = next;
    }
  }

  private async hop(
    spec: RequestSpec,
    method: string,
    url: string,
    body: { text: string; type: string } | undefined,
    redirectOf: number | undefined,
    hop: number,
  ): Promise<HopResult> {
    const { evidence } = this.options;
    const redactor = evidence.redactor;
    const kind = spec.kind ?? (spec.json !== undefined ? 'fetch' : 'navigation');
    const headers: Record<string, string> = {
      'user-agent': this.options.userAgent,
      ...browserHeaders(kind, method, url),
      // Probes must see the origin's answer, never a cached copy (CHECKS.md edge case 8).
      'cache-control': 'no-cache',
      ...lowerKeys(spec.credentials?.headers),
      ...(hop === 0 ? lowerKeys(spec.headers) : {}),
    };
    const cookie = spec.credentials ? cookieHeader(spec.credentials.cookies) : await this.jar.getCookieString(url);
    if (cookie) headers['cookie'] = cookie;
    const authorization = spec.credentials ? spec.credentials.authorization : this.authorization;
    if (authorization && !headers['authorization']) headers['authorization'] = authorization;
    if (body) headers['content-type'] = body.type;
    const id = evidence.allocateId();
    const startedAt = Date.now();
    const t0 = performance.now();
    const exchange: Exchange = {
      id,
      device: this.device,
      step: spec.step,
      startedAt,
      durationMs: 0,
      request: { method, url, headers: Object.entries(headers), body: body?.text },
      setCookies: [],
      redirectOf,
    };
    const deadline = exchangeDeadline(this.options.timeoutMs, this.options.interrupt);
    try {
      const res = await undici().request(url, {
        method: method as 'GET',
        headers,
        body: body?.text,
        dispatcher: this.agent,
        signal: deadline.signal,
      });
      const resHeaders = normalizeHeaders(res.headers);
      const { text, bytes } = await readBody(res.body);
      const recorded = recordResponse({ status: res.statusCode, headers: resHeaders, body: text, bytes }, redactor);
      exchange.setCookies = recorded.setCookies;
      exchange.response = recorded.response;
      if (!spec.credentials) {
        for (const h of recorded.rawSetCookies) await this.jar.setCookie(h, url, { ignoreError: true });
      }
      return { id, status: res.statusCode, headers: resHeaders, body: text, setCookies: recorded.rawSetCookies.map(parseSetCookie) };
    } catch (error) {
      exchange.error = deadline.signal.aborted ? deadline.reason() : describeError(error);
      throw new TransportError(`${method} ${redactor.redact(url)}: ${exchange.error}`, !deadline.signal.aborted);
    } finally {
      deadline.clear();
      exchange.durationMs = Math.round((performance.now() - t0) * 10) / 10;
      appendExchange(exchange, evidence);
    }
  }

  /** The cookies the jar would send to `url` (default: the base URL), raw values. */
  async cookies(url?: string): Promise<CookieValue[]> {
    const cookies = await this.jar.getCookies(this.resolve(url ?? '/'));
    return cookies.map((c) => ({ name: c.key, value: c.value, path: c.path ?? '/', domain: c.domain ?? '' }));
  }

  /** Plants a cookie as if the server had set it (host-only, Path=/): used to present crafted or replayed IDs. */
  async setCookie(name: string, value: string): Promise<void> {
    // A planted value becomes a live session ID if the server adopts it: mask it like one.
    this.options.evidence.redactor.addToken(value);
    await this.jar.setCookie(`${name}=${value}; Path=/`, this.options.baseUrl + '/', { ignoreError: false });
  }

  /** Every cookie in the jar, with its attributes: what a browser taking over this device must hold. */
  async storedCookies(): Promise<StoredCookie[]> {
    const all = await this.jar.store.getAllCookies();
    return all.map((c) => {
      const expires = c.expires instanceof Date ? Math.floor(c.expires.getTime() / 1000) : undefined;
      const sameSite = ({ strict: 'Strict', lax: 'Lax', none: 'None' } as Record<string, 'Strict' | 'Lax' | 'None' | undefined>)[c.sameSite ?? ''];
      return {
        name: c.key,
        value: c.value,
        domain: c.domain ?? '',
        path: c.path ?? '/',
        hostOnly: c.hostOnly ?? true,
        secure: c.secure,
        httpOnly: c.httpOnly,
        ...(sameSite ? { sameSite } : {}),
        ...(expires === undefined ? {} : { expires }),
      };
    });
  }

  /**
   * Makes the jar hold exactly these cookies (a browser hands the session back after a flow). Values
   * are registered as secrets: scripts may have set cookies no Set-Cookie header ever announced.
   */
  async replaceCookies(cookies: StoredCookie[]): Promise<void> {
    const jar = newJar();
    for (const c of cookies) {
      this.options.evidence.redactor.addToken(c.value);
      const attributes = [
        `Path=${c.path}`,
        c.hostOnly ? null : `Domain=${c.domain}`,
        c.secure ? 'Secure' : null,
        c.httpOnly ? 'HttpOnly' : null,
        c.sameSite ? `SameSite=${c.sameSite}` : null,
        c.expires === undefined ? null : `Expires=${new Date(c.expires * 1000).toUTCString()}`,
      ].filter(Boolean);
      const origin = `${c.secure ? 'https' : new URL(this.options.baseUrl).protocol.slice(0, -1)}://${c.domain}${c.path}`;
      await jar.setCookie([`${c.name}=${c.value}`, ...attributes].join('; '), origin, { ignoreError: true });
    }
    this.jar = jar;
  }

  /** The device's own credentials right now, for replaying them later from elsewhere. */
  async credentials(url?: string): Promise<Credentials> {
    const cookies = (await this.cookies(url)).map(({ name, value }) => ({ name, value }));
    const headers = { 'user-agent': this.options.userAgent };
    return this.authorization ? { cookies, authorization: this.authorization, headers } : { cookies, headers };
  }

  async close(): Promise<void> {
    if (!this.options.dispatcher) await this.agent.close();
  }
}

export interface Deadline {
  signal: AbortSignal;
  /** Why the signal fired, for the evidence. */
  reason(): string;
  clear(): void;
}

/**
 * One deadline for a whole exchange, headers and every byte of the body: undici's own timeouts bound
 * only the gap between chunks, so a target trickling a byte a second would hold the run forever. After
 * an interruption every exchange, under way or begun after it (logouts, the password restore), gets a
 * short deadline.
 */
export function exchangeDeadline(timeoutMs: number, interrupt?: AbortSignal): Deadline {
  const interrupted = interrupt?.aborted === true;
  const ms = interrupted ? Math.min(timeoutMs, INTERRUPTED_REQUEST_MS) : timeoutMs;
  const controller = new AbortController();
  let cause = `no complete answer within ${formatDuration(ms)} (target.requestTimeout)`;
  // A deadline past Node's timer limit would fire at once; one of ~24.8 days is as good as none.
  let timer = setTimeout(() => controller.abort(), Math.min(ms, LONGEST_TIMER_MS));
  // An exchange under way gets the short deadline too, rather than being cut at once: a login cut in
  // flight can leave a session the server created and the tool never learned of, so cannot log out.
  const onInterrupt = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      cause = `the run was interrupted and the answer did not come within ${formatDuration(INTERRUPTED_REQUEST_MS)}`;
      controller.abort();
    }, INTERRUPTED_REQUEST_MS);
  };
  if (interrupt && !interrupted) interrupt.addEventListener('abort', onInterrupt, { once: true });
  return {
    signal: controller.signal,
    reason: () => cause,
    clear: () => {
      clearTimeout(timer);
      interrupt?.removeEventListener('abort', onInterrupt);
    },
  };
}

/** A request could not complete (connection refused, timeout, reset): the target could not be observed. */
export class TransportError extends Error {
  override readonly name = 'TransportError';
  constructor(
    message: string,
    /** The connection failed (closed, reset, refused), as opposed to an answer that did not come in time. */
    readonly connectionLost = false,
  ) {
    super(message);
  }
}

interface HopResult {
  id: number;
  status: number;
  headers: Record<string, string[]>;
  body: string;
  setCookies: ParsedSetCookie[];
}

function newJar(): CookieJar {
  // Loopback counts as a secure context, as in browsers (RFC 6265bis §5.8.3), so Secure cookies work in the demo.
  return new CookieJar(undefined, { allowSecureOnLocal: true });
}

function response(
  hop: HopResult,
  url: string,
  exchanges: number[],
  setCookies: ParsedSetCookie[],
  first: HttpResponse['first'],
): HttpResponse {
  return {
    status: hop.status,
    url,
    headers: hop.headers,
    body: hop.body,
    exchanges,
    setCookies,
    first,
    header: (name) => hop.headers[name.toLowerCase()]?.[0],
  };
}

function encodeBody(spec: RequestSpec): { text: string; type: string } | undefined {
  if (spec.form) return { text: new URLSearchParams(spec.form).toString(), type: 'application/x-www-form-urlencoded' };
  if (spec.json !== undefined) return { text: JSON.stringify(spec.json), type: 'application/json' };
  return undefined;
}

function lowerKeys(headers: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
}

function normalizeHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value : [value];
  }
  return out;
}

/**
 * Reads at most READ_LIMIT bytes, then stops and drops the connection: a hostile or broken target that
 * streams without end must not hold the run. `bytes` is then a lower bound.
 */
async function readBody(body: AsyncIterable<Buffer | Uint8Array>): Promise<{ text: string; bytes: number }> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of body) {
    chunks.push(Buffer.from(chunk).subarray(0, READ_LIMIT - bytes));
    bytes += chunk.length;
    if (bytes >= READ_LIMIT) break;
  }
  return { text: Buffer.concat(chunks).toString('utf8'), bytes };
}

/**
 * As a browser does when the server closes a connection under a request: a GET (idempotent) is sent
 * once more, so a dropped keep-alive connection in a login's redirect does not break the flow. A
 * request that timed out, any other method, or anything after an interruption is not repeated.
 */
function resendable(method: string, error: unknown, interrupt: AbortSignal | undefined): boolean {
  return method === 'GET' && error instanceof TransportError && error.connectionLost && interrupt?.aborted !== true;
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: string }).code ?? (error.cause as { code?: string } | undefined)?.code;
    return code ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}
