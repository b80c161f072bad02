// The timeout suite's wall time against the enforcing timeouts example with idle 3s and absolute 8s:
// a run must last about as long as its longest mandated wait (A+g), not the sum of its waits.
// Prints the wall time, the longest wait and their ratio, and exits 1 when the run exceeds the budget
// of 1.25 × (A+g) + 2s. Run with `npm run bench` (builds first).
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const repo = fileURLToPath(new URL('..', import.meta.url));
const { startServer } = await import(path.join(repo, 'dist/examples/timeouts/server.js'));
const IDLE_MS = 3_000;
const ABSOLUTE_MS = 8_000;

const dir = await mkdtemp(path.join(tmpdir(), 'sp-bench-'));
const server = await startServer({ mode: 'enforcing', idleMs: IDLE_MS, absoluteMs: ABSOLUTE_MS });
try {
  const example = await readFile(path.join(repo, 'examples/timeouts/enforcing/sessionprobe.yaml'), 'utf8');
  const config = path.join(dir, 'sessionprobe.yaml');
  await writeFile(config, example.replace(/absolute: \S+/, `absolute: ${ABSOLUTE_MS / 1000}s`).replace(/idle: \S+/, `idle: ${IDLE_MS / 1000}s`));

  const t0 = performance.now();
  const code = await new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(repo, 'dist/src/cli.js'), 'run', '--config', config, '--base-url', server.url, '--suite', 'timeout', '--out', dir, '--reporter', 'json'], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    child.on('error', reject);
    child.on('close', resolve);
  });
  const wallMs = performance.now() - t0;

  const report = JSON.parse(await readFile(path.join(dir, 'report.json'), 'utf8'));
  const absolute = report.checks.find((c) => c.id === 'timeout.absolute');
  const graceMs = absolute.measured.graceSeconds * 1000;
  const longestMs = ABSOLUTE_MS + graceMs;
  const limitMs = 1.25 * longestMs + 2_000;
  const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
  console.log(`\ntimeout suite against an example target with idle ${s(IDLE_MS)} and absolute ${s(ABSOLUTE_MS)}`);
  console.log(report.checks.map((c) => `  ${c.id.padEnd(24)} ${c.verdict}`).join('\n'));
  console.log(`total wall time        ${s(wallMs)}  (CLI start to exit: process start, login, every probe, reports)`);
  console.log(`longest mandated wait  ${s(longestMs)}  (absolute ${s(ABSOLUTE_MS)} + grace ${s(graceMs)})`);
  console.log(`ratio                  ${(wallMs / longestMs).toFixed(3)}`);
  console.log(`limit                  ${s(limitMs)}  (1.25 × (absolute + grace) + 2 s): ${wallMs <= limitMs ? 'within' : 'EXCEEDED'}`);
  const allPass = report.checks.every((c) => c.verdict === 'pass');
  if (code !== 0 || !allPass) console.log(`the run did not pass every timeout check (exit ${code})`);
  process.exitCode = wallMs <= limitMs && code === 0 && allPass ? 0 : 1;
} finally {
  await server.close();
  await rm(dir, { recursive: true, force: true });
}
