/**
 * Config text printed by the CLI (errors naming keys and values) reaches the terminal escaped.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../e2e/cli.js';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'sp-console-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('CLI errors', () => {
  it('print config-controlled text with its control characters escaped', async () => {
    const file = path.join(tmp, 'sessionprobe.yaml');
    await writeFile(file, ['target:', '  "\\e]0;owned\\a\\e[2J": 1', '  baseUrl: "http://127.0.0.1:1/\\e[31m"'].join('\n'));
    const run = await runCli(['validate', '--config', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('\\x1b]0;owned\\x07\\x1b[2J');
    expect(run.stdout + run.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
  });
});
