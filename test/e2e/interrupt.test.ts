/**
 * Ctrl-C during the timeout waits: the run stops waiting, logs out every session it opened, writes the
 * reports for what finished (marked partial) and exits 130. Against the `none` timeouts example, whose
 * sessions never expire, so a session left behind would still be there afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXAMPLES } from '../../examples/index.js';
import type { RunningServer } from '../../examples/shared.js';
import { REPO } from './cli.js';
import { validateReport } from '../fixtures/report-schema.js';

const CLI = fileURLToPath(new URL('../../dist/src/cli.js', import.meta.url));
const example = EXAMPLES.find((e) => e.name === 'timeouts-none')!;

let server: RunningServer;
let out: string;
let exit: { code: number | null; stderr: string };

beforeAll(async () => {
  server = await example.start();
  out = await mkdtemp(path.join(tmpdir(), 'sp-interrupt-'));
  exit = await new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [CLI, 'run', '--config', path.join(example.dir, 'sessionprobe.yaml'), '--base-url', server.url, '--out', out, '--reporter', 'list,json,html'],
      { cwd: REPO, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    let sent = false;
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      // Interrupt once the timeout sessions are waiting.
      if (!sent && stderr.includes('each waiting on its own')) {
        sent = true;
        setTimeout(() => child.kill('SIGINT'), 1500);
      }
    });
    child.stdout.resume();
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}, 60_000);

afterAll(async () => {
  await server?.close();
  await rm(out, { recursive: true, force: true });
});

describe('Ctrl-C during the timeout waits', () => {
  it('exits 130 after saying what it does', () => {
    expect(exit.code, exit.stderr).toBe(130);
    expect(exit.stderr).toContain('interrupted — logging out the sessions it opened and writing reports for what finished');
    expect(exit.stderr).toContain('logging out every session the run opened');
  });

  it('writes a report marked partial, valid against the schema, with what finished judged and the rest inconclusive', async () => {
    const report = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8'));
    expect(validateReport(report)).toEqual([]);
    expect(report.partial.reason).toMatch(/interrupted/);
    const verdict = (id: string) => report.checks.find((c: { id: string }) => c.id === id);
    // Finished before the interruption: the cookie and fixation evidence.
    expect(verdict('cookie.secure').verdict).toBe('pass');
    expect(verdict('fixation.rotate-on-login').verdict).toBe('pass');
    // Interrupted while waiting: never a pass, never a fail on missing data.
    expect(verdict('timeout.absolute')).toMatchObject({ verdict: 'inconclusive', observed: expect.stringMatching(/interrupted/) });
    expect(verdict('timeout.server-enforced')).toMatchObject({ verdict: 'inconclusive', observed: expect.stringMatching(/interrupted/) });
    // Logout leaves other sessions alone, so it ran alongside the waits and finished before the interruption.
    expect(verdict('logout.server-revocation').verdict).toBe('pass');
    // Probes that end other sessions run after the waits: the interruption came first.
    expect(verdict('concurrency.limit')).toMatchObject({ verdict: 'inconclusive', observed: 'required artifact concurrency missing: the run was interrupted before the concurrent sessions probe ran' });
    const html = await readFile(path.join(out, 'report.html'), 'utf8');
    expect(html).toContain('Partial run: the run was interrupted');
  });

  it('leaves no session behind on the target', async () => {
    const res = await fetch(new URL('/_sessions', server.url));
    expect(await res.json()).toEqual({ count: 0 });
  });
});
