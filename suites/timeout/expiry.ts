/**
 * When a client would drop a session by itself: the session cookies' own Max-Age/Expires (judged the
 * way a browser does, against the response Date) and timestamps carried inside their values.
 */
import type { ClientExpiry } from '../../src/model/artifacts.js';
import type { Exchange } from '../../src/evidence.js';
import type { Credentials } from '../../src/drivers/http.js';
import { cookieContext, evaluateSetCookie } from '../../src/cookies/evaluate.js';
import { parseCookieDate } from '../../src/cookies/date.js';
import { findTimeFields, shiftTimeFields } from '../../src/token/time-fields.js';

/** `exchanges`: the login (and any later) exchanges of one device, in order; `credentials`: its raw session artifacts. */
export function clientExpiry(exchanges: readonly Exchange[], sessionCookies: readonly string[], credentials: Credentials): ClientExpiry {
  const last = new Map<string, { exchange: Exchange; lifetime: ReturnType<typeof evaluateSetCookie>['expiry'] }>();
  for (const exchange of exchanges) {
    for (const record of exchange.setCookies) {
      if (!sessionCookies.includes(record.name) || record.value.empty) continue;
      last.set(record.name, { exchange, lifetime: evaluateSetCookie(record, cookieContext(exchange)).expiry });
    }
  }
  let cookie: ClientExpiry['cookie'] = null;
  for (const [name, { lifetime }] of last) {
    if (lifetime.kind === 'persistent' && (cookie === null || lifetime.lifetimeMs < cookie.lifetimeMs)) {
      cookie = { name, lifetimeMs: lifetime.lifetimeMs, source: lifetime.source };
    }
  }
  const ref = issuedAt(exchanges, [...last.values()].map((v) => v.exchange));
  const timeFields = artifacts(credentials).flatMap(({ name, value }) =>
    findTimeFields(value, ref).map((f) => ({ cookie: name, where: f.where, offsetMs: f.epochMs - ref })),
  );
  return { cookie, timeFields };
}

/** The same credentials with every timestamp in them moved `deltaMs` later; values without any stay as they are. */
export function extendTimeFields(credentials: Credentials, refEpochMs: number, deltaMs: number): Credentials {
  const shift = (value: string) => shiftTimeFields(value, refEpochMs, deltaMs);
  return {
    cookies: credentials.cookies.map((c) => ({ name: c.name, value: shift(c.value) })),
    ...(credentials.authorization !== undefined && { authorization: shift(credentials.authorization) }),
  };
}

/**
 * The server's clock at issuance: the Date of the response that set the cookie, which has whole seconds,
 * made precise by the local time the request was sent when that falls within the same second (so one
 * session's wait does not vary by up to a second with where in its second it was issued); without a
 * Date, the local time. The request's start is no later than the issuance: waits stay on the late side.
 */
export function issuedAt(exchanges: readonly Exchange[], issuing: readonly Exchange[]): number {
  const e = issuing[issuing.length - 1] ?? exchanges[exchanges.length - 1];
  if (!e) return Date.now();
  const date = e.response?.date === undefined ? null : parseCookieDate(e.response.date);
  return date === null ? e.startedAt : Math.min(Math.max(e.startedAt, date), date + 999);
}

function artifacts(credentials: Credentials): Array<{ name: string; value: string }> {
  return [...credentials.cookies, ...(credentials.authorization ? [{ name: 'Authorization', value: credentials.authorization }] : [])];
}
