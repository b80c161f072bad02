/** The limited example on PORT (default 3000): one account, at most 2 sessions (oldest evicted), idle 3s, absolute 10s. */
import { startServer } from './server.js';

const server = await startServer({ maxSessions: 2, onExceed: 'evict-oldest', port: Number(process.env.PORT ?? 3000) });
console.log(server.url);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void server.close());
