/**
 * A JWT API with the classic mistakes: HS256 keyed with "secret", tokens that live a day and carry the
 * e-mail address and a password hash, a verifier that only decodes (any signature, alg "none" included),
 * and a logout that revokes nothing. Identical logins in the same second get identical tokens (no jti).
 */
import { createHmac } from 'node:crypto';
import { decodeJwt, encodeJson, startJwtApi } from '../jwt-api.js';
import type { RunningServer, StartOptions } from '../shared.js';

const LIFETIME_S = 24 * 3600;

/** `secret` replaces the dictionary word "secret", for a run that must find no weak key. */
export async function startServer(opts: StartOptions & { secret?: string } = {}): Promise<RunningServer> {
  const secret = opts.secret ?? 'secret';
  return startJwtApi(
    {
      issue(username) {
        const iat = Math.floor(Date.now() / 1000);
        const claims = { sub: username, email: `${username}@example.test`, password_hash: '$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy', role: 'user', iat, exp: iat + LIFETIME_S };
        const signed = `${encodeJson({ alg: 'HS256', typ: 'JWT' })}.${encodeJson(claims)}`;
        return `${signed}.${createHmac('sha256', secret).update(signed).digest('base64url')}`;
      },
      // Decodes and checks exp, but never the signature: "the gateway verifies it" (it does not).
      verify(token) {
        const jwt = decodeJwt(token);
        if (!jwt || typeof jwt.payload.sub !== 'string' || typeof jwt.payload.exp !== 'number') return null;
        return jwt.payload.exp > Date.now() / 1000 ? jwt.payload.sub : null;
      },
      revoke() {
        // Stateless: "the client deletes the token".
      },
    },
    opts,
  );
}
