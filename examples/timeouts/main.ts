/**
 * Runs this example on PORT (default 3000) in MODE (default enforcing) for manual exploration; prints
 * the URL. `<mode>/main.ts` starts one mode without MODE (the CI examples' scratch apps use it).
 */
import { pathToFileURL } from 'node:url';
import { startServer, type TimeoutMode } from './server.js';

const MODES: readonly TimeoutMode[] = ['enforcing', 'none', 'absolute-only', 'fixed-idle', 'renewing', 'renewing-leaky'];

export async function serve(mode: TimeoutMode): Promise<void> {
  if (!MODES.includes(mode)) throw new Error(`MODE must be one of ${MODES.join(', ')}`);
  const server = await startServer({ mode, port: Number(process.env.PORT ?? 3000) });
  console.log(server.url);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void server.close());
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await serve((process.env.MODE ?? 'enforcing') as TimeoutMode);
