/** Runs the two-step (password + TOTP) site in MODE (right, wrong) on PORT (default 3000) for manual exploration. */
import { startServer, type MfaMode } from './server.js';

const mode = (process.env.MODE ?? 'right') as MfaMode;
if (mode !== 'right' && mode !== 'wrong') throw new Error('MODE must be right or wrong');
const server = await startServer({ port: Number(process.env.PORT ?? 3000), mode });
console.log(`${server.url} (${mode})`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void server.close());
