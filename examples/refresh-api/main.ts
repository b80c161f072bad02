/** Runs this example on PORT (default 3000) in MODE (leaky or strict, default leaky) for manual exploration; prints the URL. */
import { startServer } from './server.js';

const mode = process.env.MODE === 'strict' ? 'strict' : 'leaky';
const server = await startServer({ port: Number(process.env.PORT ?? 3000), mode });
console.log(server.url);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void server.close());
