/**
 * The conformant site served over real TLS (the TEST-ONLY certificate in examples/tls) with 256-bit
 * session IDs and HSTS; plain http on the same port only redirects to https. Every token and transport
 * check passes.
 */
import session from 'express-session';
import { randomBytes } from 'node:crypto';
import type { RequestListener } from 'node:http';
import { createApp } from '../conformant/server.js';
import { listenTls, type RunningServer, type StartOptions } from '../shared.js';

/** Plain http never serves the site: every request is sent to the same URL over https. */
const redirectToHttps: RequestListener = (req, res) => {
  res.writeHead(301, { location: `https://${req.headers.host ?? '127.0.0.1'}${req.url ?? '/'}`, 'cache-control': 'no-store' });
  res.end();
};

export async function startServer(opts: StartOptions = {}): Promise<RunningServer> {
  const app = createApp({
    store: new session.MemoryStore(),
    transport: 'tls',
    genid: () => randomBytes(32).toString('base64url'),
    headers: { 'Strict-Transport-Security': 'max-age=63072000; includeSubDomains' },
  });
  return listenTls(app, redirectToHttps, opts);
}
