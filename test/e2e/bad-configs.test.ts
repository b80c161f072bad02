/**
 * Every broken config of the corpus, through the real CLI: exit 2, the file and a JSON path named,
 * no stack trace — whatever is wrong with it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO, runCli } from './cli.js';

const CORPUS = path.join(REPO, 'test/fixtures/configs/bad');
let extra: string;

beforeAll(async () => {
  extra = await mkdtemp(path.join(tmpdir(), 'sp-bad-'));
  // Files a corpus in git cannot hold well: random bytes with NULs, and a config named as JSON that is YAML.
  await writeFile(path.join(extra, 'binary.yaml'), randomBytes(512));
  await writeFile(path.join(extra, 'yaml-in-json.json'), 'target:\n  baseUrl: http://127.0.0.1:3000\n');
});
afterAll(async () => {
  await rm(extra, { recursive: true, force: true });
});

const files = [...(await readdir(CORPUS)), 'binary.yaml', 'yaml-in-json.json', 'does-not-exist.yaml'];
const locate = (name: string) => path.join(CORPUS, name);

describe('broken configs', () => {
  it.each(files)('%s → exit 2 with a located message', async (name) => {
    const file = (await readdir(CORPUS)).includes(name) ? locate(name) : path.join(extra, name);
    for (const command of ['validate', 'run']) {
      const run = await runCli([command, '--config', file], { env: { SP_TEST_MISSING_PASSWORD: '', SP_TEST_MISSING_NEW: '' } });
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toContain(file);
      expect(run.stderr).toMatch(/: \$[.\w[\]]*: \S/);
      expect(run.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
      expect(run.stdout).toBe('');
    }
  });
});
