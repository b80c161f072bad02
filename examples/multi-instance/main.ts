/**
 * Runs this example (MODE=lagging|fixed, default lagging) with its first instance on PORT (default 3000);
 * prints the instance URLs to point sessionprobe at (--base-url the first, --instances all of them).
 */
import { startServer, type InstanceMode } from './server.js';

const mode: InstanceMode = process.env.MODE === 'fixed' ? 'fixed' : 'lagging';
const server = await startServer({ port: Number(process.env.PORT ?? 3000), mode });
console.log(server.instances.join('\n'));
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void server.close());
