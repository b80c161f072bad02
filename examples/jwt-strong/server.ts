/**
 * A JWT API done right: ES256 with a key published at /.well-known/jwks.json, verification that pins
 * the algorithm and the key, 10-second access tokens (short for the demo; minutes in real life), a
 * random jti, and a denylist that revokes a token's jti at logout until it would have expired anyway.
 */
import { generateKeyPairSync, randomUUID, sign, verify } from 'node:crypto';
import { decodeJwt, encodeJson, startJwtApi } from '../jwt-api.js';
import type { RunningServer, StartOptions } from '../shared.js';

const LIFETIME_S = 10;

export async function startServer(opts: StartOptions = {}): Promise<RunningServer> {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const kid = randomUUID();
  const revoked = new Map<string, number>();
  const subjects = new Map<string, string>();

  const verified = (token: string) => {
    const jwt = decodeJwt(token);
    // Only ES256 with our own key: alg, kid and any embedded jwk/jku are never trusted.
    if (!jwt || jwt.header.alg !== 'ES256' || jwt.header.kid !== kid) return null;
    if (!verify('sha256', Buffer.from(jwt.signed), { key: publicKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(jwt.signature, 'base64url'))) return null;
    const { sub, exp, jti } = jwt.payload;
    if (typeof sub !== 'string' || typeof exp !== 'number' || typeof jti !== 'string') return null;
    if (exp <= Date.now() / 1000 || revoked.has(jti)) return null;
    return { sub, exp, jti };
  };

  return startJwtApi(
    {
      issue(username) {
        const iat = Math.floor(Date.now() / 1000);
        // The subject is an opaque account ID, not the username.
        const sub = subjects.get(username) ?? randomUUID();
        subjects.set(username, sub);
        const signed = `${encodeJson({ alg: 'ES256', typ: 'JWT', kid })}.${encodeJson({ sub, iat, exp: iat + LIFETIME_S, jti: randomUUID() })}`;
        return `${signed}.${sign('sha256', Buffer.from(signed), { key: privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
      },
      verify(token) {
        const claims = verified(token);
        return claims && ([...subjects].find(([, s]) => s === claims.sub)?.[0] ?? null);
      },
      revoke(token) {
        const claims = verified(token);
        if (claims) revoked.set(claims.jti, claims.exp);
        for (const [jti, exp] of revoked) if (exp <= Date.now() / 1000) revoked.delete(jti);
      },
      logoutHeaders: { 'Clear-Site-Data': '"cookies", "storage"' },
      routes(app) {
        app.get('/.well-known/jwks.json', (_req, res) => {
          res.json({ keys: [{ ...publicKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'ES256' }] });
        });
      },
    },
    opts,
  );
}
