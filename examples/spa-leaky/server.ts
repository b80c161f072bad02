/**
 * The single-page app of examples/spa with the browser-side mistakes: a session cookie scripts can
 * read, a JWT in localStorage, the logout button below the fold, a cacheable signed-in page.
 */
import { startSpa } from '../spa/server.js';
import type { RunningServer, StartOptions } from '../shared.js';

export function startServer(opts: StartOptions = {}): Promise<RunningServer> {
  return startSpa('leaky', opts);
}
