/**
 * The CI examples are run, not just read. Each GitHub Actions job runs as the runner would in a scratch
 * project whose `npm start` starts a bundled example target on a loopback port: `run:` steps in bash
 * (`bash -eo pipefail`), the sessionprobe Action step through this repository's action.yml
 * (test/fixtures/github-action.ts), with `npx sessionprobe` resolving to this build. Not executed: `npm ci`
 * (the scratch project links the built package) and the checkout/setup `uses:` steps. The GitLab example
 * runs as its jobs resolve through `extends:` onto the template it includes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { parse } from 'yaml';
import { REPO } from './cli.js';
import { ACTION_UPLOADS, bash, runAction, scratchProject } from '../fixtures/github-action.js';

interface Step {
  name?: string;
  run?: string;
  uses?: string;
  with?: Record<string, string>;
}
interface Workflow {
  env: Record<string, string>;
  permissions: Record<string, string>;
  jobs: Record<string, { steps: Step[] }>;
}
interface GitlabJob {
  extends?: string;
  variables?: Record<string, string>;
  before_script?: string[];
  script?: string[];
  artifacts?: { paths: string[]; reports?: { junit: string } };
}

const workflow = parse(await readFile(path.join(REPO, 'examples/ci/github-actions.yml'), 'utf8')) as Workflow;
const gitlab = parse(await readFile(path.join(REPO, 'examples/ci/gitlab-ci.yml'), 'utf8')) as Record<string, GitlabJob> & { include: Array<{ remote: string }> };
const gitlabTemplate = parse(await readFile(path.join(REPO, 'templates/sessionprobe.gitlab-ci.yml'), 'utf8')) as Record<string, GitlabJob>;

/** The Action step of a job: `uses: <owner>/sessionprobe@<ref>`. */
const isSessionprobe = (s: Step) => /^[^/]+\/sessionprobe@/.test(s.uses ?? '');

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

interface StepRun {
  label: string;
  code: number | null;
  output: string;
}

/** A `run:` step in its own process group, so an app it leaves in the background can be stopped. */
async function runStep(command: string, cwd: string, env: NodeJS.ProcessEnv, groups: number[]): Promise<StepRun> {
  return { label: command, ...(await bash(command, cwd, env, groups)) };
}

function stopAll(groups: number[]): void {
  for (const pid of groups) {
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      // The group is gone: the step left nothing running.
    }
  }
}

const exists = async (file: string) => (await stat(file).catch(() => undefined))?.isFile() === true;

describe('examples/ci/github-actions.yml', () => {
  it('uses no ${{ }} expression inside a run step, and gates through the sessionprobe Action with the permissions it needs', () => {
    for (const job of Object.values(workflow.jobs)) {
      for (const step of job.steps) expect(step.run ?? '').not.toContain('${{');
      expect(job.steps.filter(isSessionprobe)).toHaveLength(1);
    }
    expect(workflow.permissions).toMatchObject({ 'security-events': 'write', checks: 'write' });
  });

  describe.each([
    ['static-gate', 'conformant', 0],
    ['static-gate', 'vulnerable', 1],
    // The nightly strict gate must prove the timeouts too: against an app whose timeouts fit the wait
    // budget it goes green; the conformant example's 30 min / 8 h would leave them inconclusive.
    ['nightly', 'timeouts/enforcing', 0],
  ] as const)('job %s against the %s example', (jobName, example, gateCode) => {
    let scratch: string;
    const runs: StepRun[] = [];
    let summary = '';
    const steps = workflow.jobs[jobName]!.steps;

    beforeAll(async () => {
      scratch = await scratchProject(example);
      scratchDirs.push(scratch);
      const port = await freePort();
      // The workflow's environment less secrets (none here), on a free loopback port.
      const env: Record<string, string> = {
        ...Object.fromEntries(Object.entries(workflow.env).filter(([, v]) => !String(v).includes('${{'))),
        APP_PORT: String(port),
        APP_URL: `http://127.0.0.1:${port}`,
        GITHUB_STEP_SUMMARY: path.join(scratch, 'step-summary.md'),
      };
      const expandEnv = (v: string) => v.replace(/\$\{\{\s*env\.(\w+)\s*\}\}/g, (_, name: string) => env[name] ?? '');
      const groups: number[] = [];
      try {
        for (const step of steps) {
          if (step.run !== undefined && step.run.trim() !== 'npm ci') {
            const run = await runStep(step.run, scratch, { ...process.env, ...env, CI: 'true', NO_COLOR: '1', npm_config_offline: 'true' }, groups);
            runs.push(run);
            if (run.code !== 0) break;
          } else if (isSessionprobe(step)) {
            const action = await runAction(scratch, Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, expandEnv(String(v))])), env);
            summary = action.summary;
            const last = action.runs.at(-1)!;
            runs.push({ label: 'sessionprobe action', code: last.code, output: action.runs.map((r) => r.output).join('\n') });
            if (last.code !== 0) break;
          }
        }
      } finally {
        stopAll(groups);
      }
    }, 180_000);

    it(`starts the app, then the sessionprobe Action ends the job with exit ${gateCode}`, () => {
      const [start, probe] = runs;
      expect(start?.code, start?.output).toBe(0);
      expect(probe?.label).toBe('sessionprobe action');
      expect(probe?.code, probe?.output).toBe(gateCode);
      expect(probe?.output).toMatch(gateCode === 0 ? /gate: passed/ : /gate: failed/);
    });

    it('leaves every report the Action uploads, and a job summary', async () => {
      for (const file of ACTION_UPLOADS) expect(await exists(path.join(scratch, 'sessionprobe-report', file)), file).toBe(true);
      // The summary's head (verdict, counts, failures) as the message: a CI log may keep only its last lines.
      expect(summary.split('\n').slice(0, 8).join('\n')).toMatch(gateCode === 0 ? /^## (✅ PASSED|⚠️ PASSED WITH UNVERIFIED CHECKS) · sessionprobe: / : /^## ❌ FAILED · sessionprobe: /);
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

/** A job as GitLab resolves `extends:` (hashes merged deeply, everything else replaced) over the included template. */
function resolveGitlabJob(name: string): GitlabJob {
  const job = gitlab[name] ?? gitlabTemplate[name];
  if (!job) throw new Error(`no GitLab job ${name}`);
  if (!job.extends) return job;
  const parent = resolveGitlabJob(job.extends);
  return { ...parent, ...job, variables: { ...parent.variables, ...job.variables }, extends: undefined };
}

/** GitLab expands `$VAR` references inside variables before the job starts. */
function expandVariables(vars: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, String(v).replace(/\$(\w+)/g, (_, n: string) => vars[n] ?? '')]));
}

describe('examples/ci/gitlab-ci.yml', () => {
  it('includes the template it extends', () => {
    expect(gitlab.include[0]!.remote).toMatch(/\/templates\/sessionprobe\.gitlab-ci\.yml$/);
  });

  it('runs the static job, resolved onto the template, against the conformant example: static checks only, artifacts kept', async () => {
    const scratch = await scratchProject('conformant');
    scratchDirs.push(scratch);
    const job = resolveGitlabJob('sessionprobe:static');
    const port = await freePort();
    const variables = expandVariables({ ...job.variables!, APP_PORT: String(port), APP_URL: `http://127.0.0.1:${port}` });
    // GitLab runs before_script and script in one shell, so the background app outlives its line.
    const script = [...job.before_script!.filter((l) => l.trim() !== 'npm ci'), ...job.script!].join('\n');
    const groups: number[] = [];
    const run = await runStep(script, scratch, { ...process.env, ...variables, CI: 'true', GITLAB_CI: 'true', CI_PROJECT_DIR: scratch, NO_COLOR: '1' }, groups).finally(() => stopAll(groups));
    expect(run.code, run.output).toBe(0);
    expect(run.output).toMatch(/gate: passed/);
    const out = (p: string) => path.join(scratch, p.replace('$SP_OUT', variables.SP_OUT!));
    for (const p of job.artifacts!.paths) expect(await stat(out(p)).catch(() => undefined), p).toBeDefined();
    const junit = await readFile(out(job.artifacts!.reports!.junit), 'utf8');
    expect(junit).toContain('name="cookie.secure');
    expect(junit).not.toMatch(/name="(fixation|logout)\./);
  }, 180_000);
});
