/**
 * The ready-made CI jobs are run, not just read: every shell step of action.yml (a composite GitHub
 * Action) and the script of templates/sessionprobe.gitlab-ci.yml run in bash here, with the variables
 * each CI sets (GITHUB_OUTPUT per step, GITHUB_STEP_SUMMARY, GITHUB_ACTION_PATH, RUNNER_TEMP; CI,
 * GITLAB_CI, CI_PROJECT_DIR), against a bundled example target on loopback. `uses:` steps are not run;
 * the files they would upload are checked to exist.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { EXAMPLES } from '../../examples/index.js';
import { REPO } from '../e2e/cli.js';
import { junitSchemaErrors } from '../fixtures/junit-xsd.js';

interface ActionStep {
  id?: string;
  name: string;
  if?: string;
  run?: string;
  uses?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}
interface Action {
  inputs: Record<string, { default: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

const action = parse(await readFile(path.join(REPO, 'action.yml'), 'utf8')) as Action;
const gitlab = parse(await readFile(path.join(REPO, 'templates/sessionprobe.gitlab-ci.yml'), 'utf8')) as Record<
  string,
  { variables: Record<string, string>; script: string[]; artifacts: { when: string; paths: string[]; reports: { junit: string } } }
>;

function bash(script: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    // As both runners run a script: no profile, exit on error, pipefail.
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

const exists = async (file: string) => (await stat(file).catch(() => undefined)) !== undefined;

/** A project as a user has it: sessionprobe.yaml at the root, sessionprobe installed (this build). */
async function scratchProject(example: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), `sp-ci-template-${example}-`));
  await copyFile(path.join(REPO, 'examples', example, 'sessionprobe.yaml'), path.join(dir, 'sessionprobe.yaml'));
  await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: 'app', private: true }));
  await mkdir(path.join(dir, 'node_modules/.bin'), { recursive: true });
  await writeFile(path.join(dir, 'node_modules/.bin/sessionprobe'), `#!/bin/sh\nexec node ${JSON.stringify(path.join(REPO, 'dist/src/cli.js'))} "$@"\n`, { mode: 0o755 });
  return dir;
}

/** `KEY=value` lines of a GITHUB_OUTPUT file. */
function outputsOf(text: string): Record<string, string> {
  return Object.fromEntries(text.split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
}

const servers: Array<{ close(): Promise<void> }> = [];
const scratchDirs: string[] = [];
afterAll(async () => {
  for (const s of servers) await s.close();
  for (const d of scratchDirs) await rm(d, { recursive: true, force: true });
});

describe('action.yml (composite GitHub Action)', () => {
  it('is a composite action whose scripts read inputs only through env (no ${{ }} in a run step)', () => {
    expect(action.runs.using).toBe('composite');
    for (const step of action.runs.steps) expect(step.run ?? '').not.toContain('${{');
    expect(Object.keys(action.inputs)).toEqual(expect.arrayContaining(['config', 'base-url', 'fail-on', 'baseline', 'fail-on-new']));
    expect(action.runs.steps.map((s) => s.uses).filter(Boolean)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^github\/codeql-action\/upload-sarif@/), expect.stringMatching(/^actions\/upload-artifact@/)]),
    );
  });

  describe.each([
    ['conformant', 0],
    ['vulnerable', 1],
  ] as const)('against the %s example', (name, expectedExit) => {
    let scratch: string;
    let runs: Array<{ step: ActionStep; code: number | null; output: string; outputs: Record<string, string> }>;
    let summary: string;

    beforeAll(async () => {
      const server = await EXAMPLES.find((e) => e.name === name)!.start();
      servers.push(server);
      scratch = await scratchProject(name);
      scratchDirs.push(scratch);
      const inputs: Record<string, string> = { ...Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, v.default])), 'base-url': server.url };
      const steps: Record<string, Record<string, string>> = {};
      // The expressions the action's env blocks use: inputs, the action's own path, earlier steps' outputs.
      const expand = (value: string) =>
        value.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expr: string) => {
          if (expr === 'github.action_path') return REPO;
          const input = /^inputs\.([\w-]+)$/.exec(expr);
          if (input) return inputs[input[1]!] ?? '';
          const output = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expr);
          if (output) return steps[output[1]!]?.[output[2]!] ?? '';
          throw new Error(`unexpected expression ${expr}`);
        });
      const summaryFile = path.join(scratch, 'step-summary.md');
      runs = [];
      let failed = false;
      for (const [i, step] of action.runs.steps.entries()) {
        if (!step.run || (failed && !step.if?.startsWith('always()'))) continue;
        const outputFile = path.join(scratch, `github-output-${i}`);
        await writeFile(outputFile, '');
        const env = {
          ...process.env,
          ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, expand(v)])),
          CI: 'true',
          GITHUB_ACTIONS: 'true',
          GITHUB_OUTPUT: outputFile,
          GITHUB_STEP_SUMMARY: summaryFile,
          GITHUB_ACTION_PATH: REPO,
          RUNNER_TEMP: scratch,
          NO_COLOR: '1',
        };
        const { code, output } = await bash(step.run, scratch, env);
        const outputs = outputsOf(await readFile(outputFile, 'utf8'));
        if (step.id) steps[step.id] = outputs;
        runs.push({ step, code, output, outputs });
        if (code !== 0) failed = true;
      }
      summary = await readFile(summaryFile, 'utf8');
    }, 180_000);

    it('installs (this copy, already built), runs the gate and records its outputs', () => {
      const [install, gate] = runs;
      expect(install!.code, install!.output).toBe(0);
      expect(install!.output.trim().split('\n').pop()).toMatch(/^\d+\.\d+\.\d+/);
      expect(gate!.code, gate!.output).toBe(0);
      expect(gate!.outputs).toEqual({
        'exit-code': String(expectedExit),
        gate: expectedExit === 0 ? 'passed' : 'failed',
        'report-dir': 'sessionprobe-report',
        sarif: 'sessionprobe-report/report.sarif',
      });
    });

    it(`fails the job in the last step with sessionprobe's exit code (${expectedExit})`, () => {
      const last = runs.at(-1)!;
      expect(last.step.name).toBe('Gate');
      expect(last.code, last.output).toBe(expectedExit);
    });

    it('writes the job summary and leaves every file the upload steps name', async () => {
      expect(summary).toMatch(expectedExit === 0 ? /^## (✅|⚠️) PASSED.* · sessionprobe: / : /^## ❌ FAILED · sessionprobe: /);
      const out = path.join(scratch, 'sessionprobe-report');
      for (const f of ['report.sarif', 'junit.xml', 'report.html', 'report.json', 'summary.md']) expect(await exists(path.join(out, f)), f).toBe(true);
      expect(await junitSchemaErrors(await readFile(path.join(out, 'junit.xml'), 'utf8'))).toEqual([]);
    });
  });
});

describe('templates/sessionprobe.gitlab-ci.yml', () => {
  const template = gitlab['.sessionprobe']!;

  it('keeps the report folder and publishes the JUnit also when the gate fails', () => {
    expect(template.artifacts).toMatchObject({ when: 'always', paths: ['$SP_OUT/'], reports: { junit: '$SP_OUT/junit.xml' } });
  });

  it.each([
    ['conformant', 0],
    ['vulnerable', 1],
  ] as const)('runs its script against the %s example: exit %i, artifacts in place', async (name, expectedExit) => {
    const server = await EXAMPLES.find((e) => e.name === name)!.start();
    servers.push(server);
    const scratch = await scratchProject(name);
    scratchDirs.push(scratch);
    const env = { ...process.env, ...template.variables, SP_BASE_URL: server.url, CI: 'true', GITLAB_CI: 'true', CI_PROJECT_DIR: scratch, NO_COLOR: '1' };
    const { code, output } = await bash(template.script.join('\n'), scratch, env);
    expect(code, output).toBe(expectedExit);
    expect(output).toMatch(expectedExit === 0 ? /gate: passed/ : /gate: failed/);
    const expandOut = (p: string) => path.join(scratch, p.replace('$SP_OUT', template.variables.SP_OUT!));
    for (const p of template.artifacts.paths) expect(await exists(expandOut(p)), p).toBe(true);
    expect(await junitSchemaErrors(await readFile(expandOut(template.artifacts.reports.junit), 'utf8'))).toEqual([]);
    expect(await exists(expandOut('$SP_OUT/report.sarif'))).toBe(true);
  }, 120_000);
});
