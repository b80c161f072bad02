/**
 * A hand-rolled JSON API with OAuth-style refresh tokens (grant_type=refresh_token at /oauth/token) and
 * short-lived ES256 access tokens. Three modes:
 * - leaky: rotates refresh tokens, but every issued token stays valid until its own expiry — a used one
 *   is accepted again, logout and password change leave them alive, and each rotation hands out a full
 *   new lifetime (opaque tokens, 60 s from their own issue);
 * - strict: each refresh token belongs to a family (the login's grant): a used token presented again
 *   revokes the family and the access tokens minted in it; logout revokes the family, a password change
 *   every other family; tokens are JWTs whose exp is the family's deadline, 6 s after the login, and
 *   travel in an HttpOnly cookie scoped to /oauth, never in a body a script could read.
 * - static: like leaky, but never rotates: a refresh hands back the very token it was given, which stays
 *   valid for its whole 60 s, however often it is used (the long-lived refresh token many APIs issue).
 * Lifetimes are seconds so the demo can watch a family die; real services use hours or days.
 */
import express from 'express';
import { generateKeyPairSync, randomBytes, randomUUID, sign, verify } from 'node:crypto';
import { cookieValue, listen, noStore, verifyCredentials, safeEqual, type RunningServer, type StartOptions } from '../shared.js';
import { decodeJwt, encodeJson } from '../jwt-api.js';
import { REFRESH_API_LIFETIME_S as REFRESH_LIFETIME_S } from '../timings.js';

export type RefreshMode = 'leaky' | 'strict' | 'static';

const LEAKY_TOKEN_LIFETIME_S = 60;
const ACCESS_LIFETIME_S = 30;
const REFRESH_COOKIE = 'rt';

interface Family {
  user: string;
  deadline: number;
  revoked: boolean;
}

interface RefreshRecord {
  family: string;
  user: string;
  expires: number;
  used: boolean;
}

export async function startServer(opts: StartOptions & { mode: RefreshMode }): Promise<RunningServer> {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const strict = opts.mode === 'strict';
  const passwords = new Map<string, string>();
  const families = new Map<string, Family>();
  const refreshTokens = new Map<string, RefreshRecord>();
  const deniedAccess = new Set<string>();
  const now = () => Date.now() / 1000;

  const signJwt = (payload: Record<string, unknown>) => {
    const signed = `${encodeJson({ alg: 'ES256', typ: 'JWT' })}.${encodeJson(payload)}`;
    return `${signed}.${sign('sha256', Buffer.from(signed), { key: privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
  };
  const verifyJwt = (token: string) => {
    const jwt = decodeJwt(token);
    if (!jwt || jwt.header.alg !== 'ES256') return null;
    if (!verify('sha256', Buffer.from(jwt.signed), { key: publicKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(jwt.signature, 'base64url'))) return null;
    return jwt.payload;
  };

  const accessToken = (user: string, family: string) => {
    const iat = Math.floor(now());
    return signJwt({ sub: user, fid: family, iat, exp: iat + ACCESS_LIFETIME_S, jti: randomUUID() });
  };
  const refreshToken = (user: string, family: string) => {
    const deadline = families.get(family)!.deadline;
    // strict: a JWT whose exp is the family's deadline; leaky: an opaque token with a full new lifetime.
    const token = strict ? signJwt({ sub: user, fid: family, iat: Math.floor(now()), exp: Math.floor(deadline), jti: randomUUID() }) : randomBytes(32).toString('base64url');
    refreshTokens.set(token, { family, user, expires: strict ? deadline : now() + LEAKY_TOKEN_LIFETIME_S, used: false });
    return token;
  };
  /** The token response: the refresh token in the body (leaky) or in an HttpOnly cookie for the token endpoint only (strict). */
  const sendTokens = (res: express.Response, user: string, family: string, kept?: string) => {
    const body = { token_type: 'Bearer', access_token: accessToken(user, family), expires_in: ACCESS_LIFETIME_S };
    const rt = kept ?? refreshToken(user, family);
    if (!strict) return void res.json({ ...body, refresh_token: rt });
    res.cookie(REFRESH_COOKIE, rt, { httpOnly: true, sameSite: 'strict', path: '/oauth' });
    res.json(body);
  };

  /** The bearer token's claims, when it is valid and its family (strict) alive. */
  const authenticated = (header: string | undefined) => {
    const claims = header?.startsWith('Bearer ') ? verifyJwt(header.slice(7)) : null;
    if (!claims || typeof claims.exp !== 'number' || claims.exp <= now() || deniedAccess.has(String(claims.jti))) return null;
    if (strict && families.get(String(claims.fid))?.revoked !== false) return null;
    return claims as { sub: string; fid: string; jti: string };
  };
  const revokeFamilies = (match: (id: string, f: Family) => boolean) => {
    for (const [id, f] of families) if (match(id, f)) f.revoked = true;
  };

  const app = express();
  app.disable('x-powered-by');
  app.use(express.json());
  app.use(noStore);

  app.post('/api/login', (req, res) => {
    const { username, password } = (req.body ?? {}) as Record<string, unknown>;
    const changed = typeof username === 'string' ? passwords.get(username) : undefined;
    const ok = changed === undefined ? verifyCredentials(username, password) : typeof password === 'string' && safeEqual(password, changed);
    if (!ok || typeof username !== 'string') return void res.status(401).json({ error: 'invalid credentials' });
    const family = randomUUID();
    families.set(family, { user: username, deadline: now() + REFRESH_LIFETIME_S, revoked: false });
    sendTokens(res, username, family);
  });

  app.post('/oauth/token', (req, res) => {
    const { grant_type: grant, refresh_token: inBody } = (req.body ?? {}) as Record<string, unknown>;
    const presented = strict ? cookieValue(req.headers.cookie, REFRESH_COOKIE) : inBody;
    if (grant !== 'refresh_token' || typeof presented !== 'string') return void res.status(400).json({ error: 'unsupported_grant_type' });
    const record = refreshTokens.get(presented);
    const family = record && families.get(record.family);
    if (!record || !family || record.expires <= now() || (strict && family.revoked)) return void res.status(400).json({ error: 'invalid_grant' });
    if (record.used && strict) {
      // RFC 9700 §4.14.2: a used token again means a copy exists; end the whole grant.
      family.revoked = true;
      return void res.status(400).json({ error: 'invalid_grant' });
    }
    if (opts.mode === 'static') return void sendTokens(res, record.user, record.family, presented);
    record.used = true;
    sendTokens(res, record.user, record.family);
  });

  app.get('/api/me', (req, res) => {
    const claims = authenticated(req.headers.authorization);
    if (!claims) return void res.status(401).json({ error: 'not signed in' });
    res.json({ user: claims.sub });
  });

  app.post('/api/logout', (req, res) => {
    const claims = authenticated(req.headers.authorization);
    if (claims) {
      deniedAccess.add(claims.jti);
      if (strict) revokeFamilies((id) => id === claims.fid);
    }
    res.status(204).end();
  });

  app.post('/api/password', (req, res) => {
    const claims = authenticated(req.headers.authorization);
    if (!claims) return void res.status(401).json({ error: 'not signed in' });
    const { current, next } = (req.body ?? {}) as Record<string, unknown>;
    const changed = passwords.get(claims.sub);
    const currentOk = changed === undefined ? verifyCredentials(claims.sub, current) : typeof current === 'string' && safeEqual(current, changed);
    if (!currentOk || typeof next !== 'string' || next.length < 8) return void res.status(400).json({ error: 'wrong current password' });
    passwords.set(claims.sub, next);
    if (strict) revokeFamilies((id, f) => f.user === claims.sub && id !== claims.fid);
    res.json({ ok: true });
  });

  return listen(app, opts);
}
