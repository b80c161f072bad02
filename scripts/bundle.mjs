/**
 * The CLI as the build ships it: tsc's dist/src/cli.js and the modules it reaches, with the packages they
 * import, bundled by rolldown into dist/src/cli.js and chunks in dist/src/bundle/ (one per command and
 * lazily loaded part). A `run` opens 157 files as it starts instead of 671 (validate: 0.60 → 0.37
 * CPU-seconds; over a whole `npm test`, ~300 CLI starts, the CLI processes took ~80 CPU-seconds less).
 * Left out, and loaded from node_modules as before: Node's own modules, playwright-core (large, started
 * only for browser flows), the packages required on first use (src/on-first-use.ts) and the
 * example targets (dist/examples, which the demo starts and which read files beside themselves). tsc's
 * per-module output stays in dist/src for the benchmarks and scripts.
 */
import { rm } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const root = fileURLToPath(new URL('..', import.meta.url));
const entry = path.join(root, 'dist/src/cli.js');
const chunks = path.join(path.dirname(entry), 'bundle');
const examples = path.join(root, 'dist/examples') + path.sep;
const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

function external(id, importer) {
  if (builtins.has(id) || id === 'playwright-core' || id.startsWith('playwright-core/')) return true;
  const resolved = id.startsWith('.') && importer ? path.resolve(path.dirname(importer), id) : id;
  return resolved.startsWith(examples);
}

// Chunk names carry a content hash: an earlier build's chunks would otherwise stay, and be packed.
await rm(chunks, { recursive: true, force: true });
await build({
  input: entry,
  platform: 'node',
  external,
  logLevel: 'warn',
  output: {
    dir: path.dirname(entry),
    format: 'esm',
    entryFileNames: 'cli.js',
    chunkFileNames: `${path.basename(chunks)}/[name]-[hash].js`,
  },
});
