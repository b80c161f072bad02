/** Runs the accounts site in MODE (conformant, vulnerable, reject) on PORT (default 3000) for manual exploration. */
import { startServer } from './server.js';
import { MODES } from './modes.js';

const mode = (process.env.MODE ?? 'conformant') as keyof typeof MODES;
if (!(mode in MODES)) throw new Error(`MODE must be one of ${Object.keys(MODES).join(', ')}`);
const server = await startServer({ port: Number(process.env.PORT ?? 3000), behaviour: MODES[mode] });
console.log(`${server.url} (${mode})`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void server.close());
