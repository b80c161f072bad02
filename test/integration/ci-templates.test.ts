/**
 * The ready-made CI jobs are run, not just read: every shell step of action.yml (a composite GitHub
 * Action) and the script of templates/sessionprobe.gitlab-ci.yml run in bash here, with the variables
 * each CI sets (GITHUB_OUTPUT per step, GITHUB_STEP_SUMMARY, GITHUB_ACTION_PATH, RUNNER_TEMP; CI,
 * GITLAB_CI, CI_PROJECT_DIR), against a bundled example target on loopback. `uses:` steps are not run;
 * the files they would upload are checked to exist.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { EXAMPLES } from '../../examples/index.js';
import { REPO } from '../e2e/cli.js';
import { junitSchemaErrors } from '../fixtures/junit-xsd.js';
import { ACTION_UPLOADS, action, bash, runAction, scratchProject, type StepRun } from '../fixtures/github-action.js';

const gitlab = parse(await readFile(path.join(REPO, 'templates/sessionprobe.gitlab-ci.yml'), 'utf8')) as Record<
  string,
  { variables: Record<string, string>; script: string[]; artifacts: { when: string; paths: string[]; reports: { junit: string } } }
>;

const exists = async (file: string) => (await stat(file).catch(() => undefined)) !== undefined;

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
    let runs: StepRun[];
    let summary: string;

    beforeAll(async () => {
      const server = await EXAMPLES.find((e) => e.name === name)!.start();
      servers.push(server);
      scratch = await scratchProject(name);
      scratchDirs.push(scratch);
      ({ runs, summary } = await runAction(scratch, { 'base-url': server.url }));
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
      for (const f of ACTION_UPLOADS) expect(await exists(path.join(out, f)), f).toBe(true);
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
