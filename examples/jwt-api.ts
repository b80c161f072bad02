/**
 * The JSON API the two JWT examples share: POST /api/login answers `{ token }`, GET /api/me needs
 * `Authorization: Bearer <token>`, POST /api/logout ends the token's session (or pretends to). What
 * differs — signing, verifying, revoking — is the policy each example passes in.
 */
import express from 'express';
import { listen, noStore, verifyCredentials, type RunningServer, type StartOptions } from './shared.js';

export interface TokenPolicy {
  issue(username: string): string;
  /** The username the token stands for, or null when it must be refused. */
  verify(token: string): string | null;
  revoke(token: string): void;
  /** Extra routes (e.g. a JWKS). */
  routes?(app: express.Express): void;
  /** Headers of the logout response (e.g. Clear-Site-Data for the browser app using the API). */
  logoutHeaders?: Record<string, string>;
}

export async function startJwtApi(policy: TokenPolicy, opts: StartOptions): Promise<RunningServer> {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json());
  app.use(noStore);
  const bearer = (header: string | undefined) => (header?.startsWith('Bearer ') ? header.slice(7) : undefined);

  app.post('/api/login', (req, res) => {
    const { username, password } = (req.body ?? {}) as Record<string, unknown>;
    if (!verifyCredentials(username, password)) {
      res.status(401).json({ error: 'invalid credentials' });
      return;
    }
    res.json({ token: policy.issue(username) });
  });

  app.get('/api/me', (req, res) => {
    const token = bearer(req.headers.authorization);
    const user = token === undefined ? null : policy.verify(token);
    if (user === null) {
      res.status(401).json({ error: 'not signed in' });
      return;
    }
    res.json({ user });
  });

  app.post('/api/logout', (req, res) => {
    const token = bearer(req.headers.authorization);
    if (token !== undefined) policy.revoke(token);
    if (policy.logoutHeaders) res.set(policy.logoutHeaders);
    res.status(204).end();
  });

  policy.routes?.(app);
  return listen(app, opts);
}

export function encodeJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** The header and payload of a compact JWS, or null when it is not one. */
export function decodeJwt(token: string): { header: Record<string, unknown>; payload: Record<string, unknown>; signed: string; signature: string } | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const header: unknown = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8'));
    const payload: unknown = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
    if (typeof header !== 'object' || header === null || typeof payload !== 'object' || payload === null) return null;
    return { header: header as Record<string, unknown>, payload: payload as Record<string, unknown>, signed: `${parts[0]}.${parts[1]}`, signature: parts[2]! };
  } catch {
    return null;
  }
}
