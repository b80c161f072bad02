/**
 * `npm test`: build, then vitest, with the type-check of the tests and the lint beside it. The suite keeps both
 * cores busy except in its last half-minute (the clock-bound files, see vitest.config.ts), so the two
 * checks run at the lowest priority: they take what the suite leaves idle instead of running before it
 * (a pretest of all three took 33 s of a run's wall time; the build alone takes 13). Arguments go to vitest
 * (`npm test -- test/unit`). Each check's output is printed whole once the suite is done; the first step
 * that fails decides the exit code.
 */
import { spawn } from 'node:child_process';

/** Lowest scheduling priority where there is a `nice` (not on Windows, where they simply run beside). */
const idle = (command) => (process.platform === 'win32' ? command : ['nice', '-n', '19', ...command]);

function run(label, [command, ...args], { quiet }) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    let output = '';
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));
    child.on('error', (error) => resolve({ label, code: 1, output: `${output}${error.message}\n` }));
    child.on('close', (code) => resolve({ label, code: code ?? 1, output }));
  });
}

const checks = [
  run('type-check of the tests', idle(['npx', '--no-install', 'tsc', '-p', 'tsconfig.test.json']), { quiet: true }),
  run('lint', idle(['npx', '--no-install', 'eslint', '.']), { quiet: true }),
];
const build = await run('build', ['npm', 'run', '--silent', 'build'], { quiet: false });
const suite = build.code === 0 ? await run('tests', ['npx', '--no-install', 'vitest', 'run', ...process.argv.slice(2)], { quiet: false }) : undefined;
const results = [build, ...(suite ? [suite] : []), ...(await Promise.all(checks))];
for (const { label, code, output } of results.slice(suite ? 2 : 1)) {
  process.stdout.write(`${code === 0 ? '✓' : '✗'} ${label}\n${output}`);
}
const failed = results.find((r) => r.code !== 0);
if (failed) {
  process.stderr.write(`npm test: ${failed.label} failed (exit ${failed.code})\n`);
  process.exit(failed.code);
}
