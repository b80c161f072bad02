/** Runs this example on PORT (default 3000) for manual exploration; prints the URL. */
import { startServer } from './server.js';

const server = await startServer({ port: Number(process.env.PORT ?? 3000) });
console.log(server.url);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void server.close());
