/** Runs this example on PORT (default 3000) in MODE (leaky, static or strict, default leaky) for manual exploration; prints the URL. */
import { startServer } from './server.js';

const mode = process.env.MODE === 'strict' || process.env.MODE === 'static' ? process.env.MODE : 'leaky';
const server = await startServer({ port: Number(process.env.PORT ?? 3000), mode });
console.log(server.url);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void server.close());
