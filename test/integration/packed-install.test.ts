/**
 * sessionprobe as a user gets it: `npm pack`, installed from the tarball into another project (which has
 * its own package.json and version), run with npx from there. Needs the npm registry for the package's
 * dependencies (npm's cache serves them when it can).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO } from '../e2e/cli.js';
import { sarifErrors } from '../fixtures/sarif-multitool.js';

const exec = promisify(execFile);
const pkg = JSON.parse(await readFile(path.join(REPO, 'package.json'), 'utf8')) as { version: string };

async function sh(command: string, args: string[], cwd: string) {
  // npx would otherwise ask before installing; NO_COLOR keeps the output plain.
  return exec(command, args, { cwd, env: { ...process.env, NO_COLOR: '1', npm_config_yes: 'true' }, maxBuffer: 64 * 1024 * 1024 });
}

describe('the packed tarball installed into another project', () => {
  let work: string;
  let project: string;

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'sp-packed-'));
    await sh('npm', ['pack', '--pack-destination', work, '--silent'], REPO);
    const tarball = (await readdir(work)).find((f) => f.endsWith('.tgz'))!;
    project = path.join(work, 'host');
    await sh('mkdir', ['-p', project], work);
    await writeFile(path.join(project, 'package.json'), JSON.stringify({ name: 'host-app', version: '1.0.0', private: true }));
    await sh('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', path.join(work, tarball)], project);
  }, 300_000);

  afterAll(async () => rm(work, { recursive: true, force: true }));

  it("`npx sessionprobe --version` prints the tool's version, not the host project's", async () => {
    const { stdout } = await sh('npx', ['sessionprobe', '--version'], project);
    expect(stdout.trim()).toBe(pkg.version);
    expect(pkg.version).not.toBe('1.0.0');
  });

  // Two examples prove the installed package runs (examples.test validates every example's report.sarif).
  it('`npx sessionprobe demo` runs from there, every declared verdict is the expected one, every report.sarif validates', async () => {
    const out = path.join(work, 'demo-out');
    const { stdout } = await sh('npx', ['sessionprobe', 'demo', '--out', out, '--example', 'conformant,vulnerable'], project);
    expect(stdout).toContain('Every declared verdict is the expected one and no check errored');
    const conformant = await readFile(path.join(out, 'conformant/report.json'), 'utf8');
    expect(JSON.parse(conformant).tool.version).toBe(pkg.version);
    const sarifs = (await readdir(out)).map((example) => path.join(out, example, 'report.sarif'));
    expect(sarifs).toHaveLength(2);
    expect(await sarifErrors(...sarifs)).toEqual([]);
  }, 300_000);
});
