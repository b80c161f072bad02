/**
 * How the CLI behaves as a Unix citizen: its own version wherever it runs, quiet when a pipe closes
 * early, the help when no command is given, exit codes and report files in --help, one gate line.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXAMPLES } from '../../examples/index.js';
import { runCli } from '../e2e/cli.js';

const CLI = fileURLToPath(new URL('../../dist/src/cli.js', import.meta.url));
const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

/** Runs a shell pipeline the way CI shells do (pipefail), stdout and stderr merged. */
function shell(script: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-o', 'pipefail', '-c', script], { env: { ...process.env, SP: CLI, NO_COLOR: '1' } });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('CLI manners', () => {
  let elsewhere: string;
  beforeAll(async () => {
    elsewhere = await mkdtemp(path.join(tmpdir(), 'sp-manners-'));
    // A host project with its own version: yargs' default would print this one.
    await writeFile(path.join(elsewhere, 'package.json'), JSON.stringify({ name: 'host-app', version: '9.9.9' }));
  });
  afterAll(async () => rm(elsewhere, { recursive: true, force: true }));

  it("--version prints sessionprobe's own version, not the working directory's package.json", async () => {
    const run = await runCli(['--version'], { cwd: elsewhere });
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe(pkg.version);
  });

  it.each([['list-checks'], ['list-checks --json'], ['--help']])('`%s | head -1` exits 0 without a stack trace (tried 10 times)', async (command) => {
    // The EPIPE raced the exit: it showed in 4 of 5 tries before, so 10 clean tries make a pass meaningful.
    for (let i = 0; i < 10; i++) {
      const { code, output } = await shell(`node "$SP" ${command} | head -1`);
      expect(code, output).toBe(0);
      expect(output).not.toMatch(/EPIPE|Error:|at .*\.js:\d+/);
      expect(output.split('\n').filter(Boolean)).toHaveLength(1);
    }
  });

  it('with no command prints the help and exits 2', async () => {
    const run = await runCli([], { cwd: elsewhere });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Commands:');
    expect(run.stderr).toContain('sessionprobe list-checks');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('--help lists every exit code and where the reports go', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    for (const code of ['0', '1', '2', '3', '4', '130']) expect(run.stdout).toMatch(new RegExp(`^  ${code} +\\S`, 'm'));
    for (const file of ['junit.xml', 'report.sarif', 'report.json', 'report.html', 'summary.md']) expect(run.stdout).toContain(file);
    expect(run.stdout).toContain('--out');
  });

  describe('a run with stdout and stderr merged', () => {
    const example = EXAMPLES.find((e) => e.name === 'partial')!;
    let server: { url: string; close(): Promise<void> };
    beforeAll(async () => {
      server = await example.start();
    });
    afterAll(async () => server?.close());

    it('prints the gate line once', async () => {
      const out = path.join(elsewhere, 'gate-once');
      const config = path.join(example.dir, 'sessionprobe.yaml');
      const { code, output } = await shell(`node "$SP" run --config "${config}" --base-url "${server.url}" --only-static --reporter list,json --out "${out}" 2>&1`);
      expect(code, output).toBe(1);
      expect(output.match(/^gate: /gm)).toHaveLength(1);
      expect(output).toMatch(/^gate: failed \(fail-on low\)/m);
    }, 60_000);
  });
});
