/** Runs the two-step (password + TOTP) site in MODE (right, wrong) on PORT (default 3000) for manual exploration. */
import { startServer, type MfaMode } from './server.js';

const given = process.env.MODE ?? 'right';
if (given !== 'right' && given !== 'wrong') throw new Error('MODE must be right or wrong');
const mode: MfaMode = given;
const server = await startServer({ port: Number(process.env.PORT ?? 3000), mode });
console.log(`${server.url} (${mode})`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void server.close());
