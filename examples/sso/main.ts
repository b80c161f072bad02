/** Runs an SSO example (app + identity provider) in MODE (right, wrong) for manual exploration; prints both URLs. */
import { startServer } from './server.js';

const mode = process.env.MODE ?? 'right';
if (mode !== 'right' && mode !== 'wrong') throw new Error('MODE must be right or wrong');
const server = await startServer({ port: Number(process.env.PORT ?? 3000), mode, totp: process.env.TOTP === '1' });
console.log(`${server.url} (${mode}); ${Object.entries(server.env ?? {}).map(([k, v]) => `${k}=${v}`).join(' ')}`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void server.close());
