/** Runs this example on PORT (default 3000) in MODE (default enforcing) for manual exploration; prints the URL. */
import { startServer, type TimeoutMode } from './server.js';

const MODES: readonly TimeoutMode[] = ['enforcing', 'none', 'absolute-only', 'fixed-idle'];
const mode = (process.env.MODE ?? 'enforcing') as TimeoutMode;
if (!MODES.includes(mode)) throw new Error(`MODE must be one of ${MODES.join(', ')}`);
const server = await startServer({ mode, port: Number(process.env.PORT ?? 3000) });
console.log(server.url);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void server.close());
