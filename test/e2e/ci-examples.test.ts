/**
 * The CI examples are run, not just read: each GitHub Actions job's `run:` steps execute in bash (as
 * the runner does: `bash -eo pipefail`) in a scratch project whose `npm start` starts a bundled
 * example target on a loopback port, with `npx sessionprobe` resolving to this build. The only step
 * not executed is `npm ci` (the scratch project links the built package instead) and `uses:` steps,
 * whose upload paths are checked to exist. The GitLab example's scripts run the same way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { REPO } from './cli.js';

interface Step {
  name?: string;
  run?: string;
  uses?: string;
  with?: { path?: string };
}
interface Workflow {
  env: Record<string, string>;
  jobs: Record<string, { steps: Step[] }>;
}

const workflow = parse(await readFile(path.join(REPO, 'examples/ci/github-actions.yml'), 'utf8')) as Workflow;
const gitlab = parse(await readFile(path.join(REPO, 'examples/ci/gitlab-ci.yml'), 'utf8')) as Record<string, { before_script?: string[]; script?: string[]; artifacts?: { paths: string[] } }>;

const scratchDirs: string[] = [];
afterAll(async () => {
  for (const dir of scratchDirs) await rm(dir, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A project as a user would have it: sessionprobe installed, an app behind `npm start`, sessionprobe.yaml at the root. */
async function scratchProject(example: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), `sp-ci-${example.replace(/\//g, '-')}-`));
  scratchDirs.push(dir);
  const main = path.join(REPO, 'dist/examples', example, 'main.js');
  await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: 'app', private: true, scripts: { start: `node ${JSON.stringify(main)}` } }));
  await copyFile(path.join(REPO, 'examples', example, 'sessionprobe.yaml'), path.join(dir, 'sessionprobe.yaml'));
  await mkdir(path.join(dir, 'node_modules/.bin'), { recursive: true });
  await symlink(REPO, path.join(dir, 'node_modules/sessionprobe'));
  // What npm installs as the bin (a shim, because tsc leaves dist/src/cli.js without the executable bit).
  const bin = path.join(dir, 'node_modules/.bin/sessionprobe');
  await writeFile(bin, `#!/bin/sh\nexec node ${JSON.stringify(path.join(REPO, 'dist/src/cli.js'))} "$@"\n`, { mode: 0o755 });
  return dir;
}

interface StepRun {
  command: string;
  code: number | null;
  output: string;
  pid: number;
}

/** One step as the runner runs it; its own process group, so an app it leaves in the background can be stopped. */
function runStep(command: string, cwd: string, env: NodeJS.ProcessEnv): Promise<StepRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', command], { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ command, code, output, pid: child.pid! }));
  });
}

/** Runs `commands` in order, stopping at the first failure like a CI job; stops every app they started. */
async function runJob(commands: string[], cwd: string, env: Record<string, string>): Promise<StepRun[]> {
  const runs: StepRun[] = [];
  const full = { ...process.env, ...env, CI: 'true', NO_COLOR: '1', npm_config_offline: 'true', npm_config_update_notifier: 'false' };
  try {
    for (const command of commands) {
      const run = await runStep(command, cwd, full);
      runs.push(run);
      if (run.code !== 0) break;
    }
  } finally {
    for (const run of runs) {
      try {
        process.kill(-run.pid, 'SIGTERM');
      } catch {
        // The group is gone: the step left nothing running.
      }
    }
  }
  return runs;
}

/** The job's environment: the workflow's, less secrets (none here), with a free loopback port. */
async function jobEnv(scratch: string): Promise<Record<string, string>> {
  const port = await freePort();
  const env = Object.fromEntries(Object.entries(workflow.env).filter(([, v]) => !String(v).includes('${{')));
  return { ...env, APP_PORT: String(port), APP_URL: `http://127.0.0.1:${port}`, GITHUB_STEP_SUMMARY: path.join(scratch, 'step-summary.md') };
}

const uploads = (steps: Step[]) =>
  steps.filter((s) => s.uses?.startsWith('actions/upload-artifact')).flatMap((s) => s.with!.path!.split('\n').map((p) => p.trim()).filter(Boolean));

async function exists(file: string): Promise<boolean> {
  return (await stat(file).catch(() => undefined))?.isFile() === true;
}

describe('examples/ci/github-actions.yml', () => {
  it('uses no ${{ }} expression inside a run step', () => {
    for (const job of Object.values(workflow.jobs)) for (const step of job.steps) expect(step.run ?? '').not.toContain('${{');
  });

  it('uploads report.html and junit.xml from every job, even when the gate fails', () => {
    for (const job of Object.values(workflow.jobs)) {
      expect(uploads(job.steps)).toEqual(expect.arrayContaining(['sessionprobe-report/report.html', 'sessionprobe-report/junit.xml']));
      expect(job.steps.find((s) => s.uses?.startsWith('actions/upload-artifact'))).toMatchObject({ if: 'always()' });
    }
  });

  describe.each([
    ['static-gate', 'conformant', 0],
    ['static-gate', 'vulnerable', 1],
    // The nightly strict gate must prove the timeouts too: against an app whose timeouts fit the wait
    // budget it goes green; the conformant example's 30 min / 8 h would leave them inconclusive.
    ['nightly', 'timeouts/enforcing', 0],
  ] as const)('job %s against the %s example', (jobName, example, gateCode) => {
    let scratch: string;
    let runs: StepRun[];
    const steps = workflow.jobs[jobName]!.steps;

    beforeAll(async () => {
      scratch = await scratchProject(example);
      const commands = steps.filter((s) => s.run !== undefined && s.run.trim() !== 'npm ci').map((s) => s.run!);
      runs = await runJob(commands, scratch, await jobEnv(scratch));
    }, 180_000);

    it(`starts the app, then the sessionprobe step exits ${gateCode}`, () => {
      const [start, probe] = runs;
      expect(start?.code, start?.output).toBe(0);
      expect(probe?.command).toContain('npx sessionprobe run');
      expect(probe?.code, probe?.output).toBe(gateCode);
      expect(probe?.output).toMatch(gateCode === 0 ? /gate: passed/ : /gate: failed/);
    });

    it('leaves every file the upload step names, and a job summary', async () => {
      for (const file of uploads(steps)) expect(await exists(path.join(scratch, file)), file).toBe(true);
      const summary = await readFile(path.join(scratch, 'step-summary.md'), 'utf8');
      expect(summary).toMatch(gateCode === 0 ? /^## (✅ PASSED|⚠️ PASSED WITH UNVERIFIED CHECKS) · sessionprobe: / : /^## ❌ FAILED · sessionprobe: /);
    });

    if (jobName === 'static-gate') {
      it('ran only the static checks: one login, no fixation or logout probe', async () => {
        const junit = await readFile(path.join(scratch, 'sessionprobe-report/junit.xml'), 'utf8');
        expect(junit).toContain('name="cookie.secure');
        expect(junit).not.toMatch(/name="(fixation|logout)\./);
      });
    }
  });
});

describe('examples/ci/gitlab-ci.yml', () => {
  it('runs the static job script against the conformant example and keeps its artifacts', async () => {
    const scratch = await scratchProject('conformant');
    const template = gitlab['.sessionprobe']!;
    const job = gitlab['sessionprobe:static']!;
    const port = await freePort();
    const env = { APP_PORT: String(port), APP_URL: `http://127.0.0.1:${port}` };
    // GitLab runs before_script and script in one shell, so the background app outlives its line.
    const script = [...template.before_script!.filter((l) => l.trim() !== 'npm ci'), ...job.script!].join('\n');
    const [run] = await runJob([script], scratch, env);
    expect(run!.code, run!.output).toBe(0);
    for (const file of template.artifacts!.paths) expect(await exists(path.join(scratch, file)), file).toBe(true);
  }, 180_000);
});
