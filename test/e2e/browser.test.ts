/**
 * Browser flows end to end, in real Chromium: the single-page example cannot be logged into with a
 * form POST but can be through the browser; the conformant example gives the same tier-1 verdicts
 * whether the session starts with an HTTP form login or in the browser; a missing browser is exit 3;
 * --help and list-checks never load Playwright. One light run finds its Chromium as it does for a user who
 * names none, unless whoever runs the tests named one; the others drive the suite's headless shell
 * (test/fixtures/test-browser.ts), which takes 17 CPU-seconds for the conformant browser run instead of 41.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { load } from 'cheerio';
import { EXAMPLES } from '../../examples/index.js';
import { runCli, REPO } from './cli.js';
import { startRecordingProxy, type RecordingProxy } from '../fixtures/recording-proxy.js';
import { expectNoSecrets } from '../fixtures/no-secrets.js';
import { HEADLESS_SHELL } from '../fixtures/test-browser.js';

const PASSWORD = 'correct-horse-battery-staple';
const BROWSER_ONLY = ['token.web-storage', 'logout.ui-visible', 'cache.history-after-logout'];
const example = (name: string) => EXAMPLES.find((e) => e.name === name)!;
type Report = { checks: Array<{ id: string; verdict: string; observed: string }>; traces?: string[]; evidence: Array<{ device: string; setCookies: unknown[] }> };

let tmp: string;
/** Whether the tests were given a browser of their own choosing; otherwise the light run below drops the suite's headless shell. */
const named = process.env.SESSIONPROBE_BROWSER !== undefined && process.env.SESSIONPROBE_BROWSER !== HEADLESS_SHELL;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'sp-browser-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('the single-page example', () => {
  let server: { url: string; close(): Promise<void> };
  beforeAll(async () => {
    server = await example('spa').start();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('cannot be logged into with an HTTP form: exit 3, saying the login failed and why', async () => {
    const config = path.join(tmp, 'spa-form.yaml');
    await writeFile(
      config,
      [
        'target:',
        '  baseUrl: http://127.0.0.1:9',
        `  account: { username: alice, password: ${PASSWORD} }`,
        '  login: { form: { url: /login, fields: { username: "{{username}}", password: "{{password}}" } } }',
        '  authenticated: { url: /api/me }',
      ].join('\n'),
    );
    const run = await runCli(['run', '--config', config, '--base-url', server.url, '--out', path.join(tmp, 'spa-form')]);
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toContain(`sessionprobe: cannot test ${server.url}: login failed: login: the page has no form at /login`);
    expect(run.stderr).toContain('log in with login.browser');
    expect(run.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  });

  it('exits 3 naming the browser it was told to use when that one is missing', async () => {
    const config = path.join(example('spa').dir, 'sessionprobe.yaml');
    const byOption = await runCli(['run', '--config', config, '--base-url', server.url, '--out', path.join(tmp, 'nob'), '--browser-path', '/nonexistent/chromium']);
    expect(byOption.code).toBe(3);
    expect(byOption.stderr).toContain('the browser named by --browser-path (/nonexistent/chromium) does not exist or is not executable');
    const byEnv = await runCli(['run', '--config', config, '--base-url', server.url, '--out', path.join(tmp, 'nob')], { env: { SESSIONPROBE_BROWSER: '/nonexistent/chrome' } });
    expect(byEnv.code).toBe(3);
    expect(byEnv.stderr).toContain('SESSIONPROBE_BROWSER (/nonexistent/chrome)');
  });
});

describe('the conformant example, logged into over HTTP and through the browser', () => {
  let server: { url: string; close(): Promise<void> };
  let proxy: RecordingProxy;
  let viaHttp: Report;
  let viaBrowser: Report;
  let browserOut: string;
  let browserRun: Awaited<ReturnType<typeof runCli>>;

  beforeAll(async () => {
    server = await example('conformant').start();
    // The browser run goes through a proxy that remembers every cookie value the target issued.
    proxy = await startRecordingProxy(server.url);
    const dir = example('conformant').dir;
    const httpOut = path.join(tmp, 'conformant-http');
    browserOut = path.join(tmp, 'conformant-browser');
    const httpRun = await runCli(['run', '--config', path.join(dir, 'sessionprobe.yaml'), '--base-url', server.url, '--out', httpOut, '--reporter', 'json']);
    expect(httpRun.code, httpRun.stderr).toBe(0);
    browserRun = await runCli([
      'run', '--config', path.join(dir, 'sessionprobe.browser.yaml'), '--base-url', proxy.url, '--out', browserOut, '--reporter', 'json,html,junit', '--trace',
    ]);
    viaHttp = JSON.parse(await readFile(path.join(httpOut, 'report.json'), 'utf8'));
    viaBrowser = JSON.parse(await readFile(path.join(browserOut, 'report.json'), 'utf8'));
  }, 180_000);
  afterAll(async () => {
    await proxy?.close();
    await server?.close();
  });

  it('gives every tier-1 check the same verdict either way', () => {
    const verdicts = (r: Report) => Object.fromEntries(r.checks.filter((c) => !BROWSER_ONLY.includes(c.id)).map((c) => [c.id, c.verdict]));
    expect(browserRun.code, browserRun.stderr).toBe(0);
    expect(browserRun.stderr).toMatch(/→ starting Chromium \(/);
    expect(Object.keys(verdicts(viaHttp)).length).toBeGreaterThanOrEqual(20);
    expect(verdicts(viaBrowser)).toEqual(verdicts(viaHttp));
  });

  it('runs the browser-only checks only when the login is in the browser', () => {
    for (const id of BROWSER_ONLY) {
      expect(viaHttp.checks.find((c) => c.id === id)?.verdict, id).toBe('skipped');
      expect(viaBrowser.checks.find((c) => c.id === id)?.verdict, id).toBe('pass');
    }
  });

  it('judges the raw Set-Cookie headers the browser received, recorded as the browser', () => {
    const fromBrowser = viaBrowser.evidence.filter((e) => e.device.endsWith('(browser)'));
    expect(fromBrowser.some((e) => e.setCookies.length > 0)).toBe(true);
    expect(viaBrowser.checks.find((c) => c.id === 'cookie.httponly')?.observed).toContain('confirmed in Chromium: document.cookie does not show it');
  });

  it('writes a Playwright trace per browser device, linked from report.html', async () => {
    expect(viaBrowser.traces?.length).toBeGreaterThan(0);
    for (const t of viaBrowser.traces!) {
      expect(t).toMatch(/^traces\/trace-.+\.zip$/);
      expect(existsSync(path.join(browserOut, t))).toBe(true);
    }
    const $ = load(await readFile(path.join(browserOut, 'report.html'), 'utf8'));
    expect($('.banner .facts a').map((_, a) => $(a).attr('href')).get()).toEqual(viaBrowser.traces);
  });

  it('keeps passwords and session IDs out of the reports and the console (traces aside, which say so)', async () => {
    const files = (await readdir(browserOut)).filter((f) => f !== 'traces');
    expect(files.sort()).toEqual(['junit.xml', 'report.html', 'report.json']);
    const texts = await Promise.all(files.map((f) => readFile(path.join(browserOut, f), 'utf8')));
    expect(proxy.issuedValues().length).toBeGreaterThan(3);
    expectNoSecrets([...texts, browserRun.stdout, browserRun.stderr], [PASSWORD, ...proxy.issuedValues()]);
    expect(browserRun.stderr).toContain('never share them');
  });
});

describe('the Chromium a user gets without naming one', () => {
  const suites = process.env.SESSIONPROBE_BROWSER;
  let server: { url: string; close(): Promise<void> };
  beforeAll(async () => {
    if (!named) delete process.env.SESSIONPROBE_BROWSER;
    server = await example('conformant').start();
  });
  afterAll(async () => {
    if (suites !== undefined) process.env.SESSIONPROBE_BROWSER = suites;
    await server?.close();
  });

  it('logs in through it, judges the cookies and reads what the page holds', async () => {
    const out = path.join(tmp, 'conformant-default-browser');
    const run = await runCli(['run', '--config', path.join(example('conformant').dir, 'sessionprobe.browser.yaml'), '--base-url', server.url, '--out', out, '--reporter', 'json', '--check', 'cookie.*,token.web-storage']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(named ? /→ starting Chromium \(SESSIONPROBE_BROWSER: / : /→ starting Chromium \((Playwright's installed Chromium|system Chromium): /);
    const report = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8')) as Report;
    expect(report.checks.find((c) => c.id === 'cookie.httponly')?.observed).toContain('confirmed in Chromium: document.cookie does not show it');
    expect(report.checks.filter((c) => c.id.startsWith('cookie.')).map((c) => c.verdict)).not.toContain('fail');
    expect(report.checks.find((c) => c.id === 'token.web-storage')?.verdict).toBe('pass');
  });
});

describe('demo without a browser', () => {
  it('runs the HTTP examples and says plainly that it skipped the browser ones', async () => {
    // One HTTP example and the browser ones: what is asked of the demo here is to skip the latter, saying why.
    const run = await runCli(['demo', '--out', path.join(tmp, 'demo'), '--example', 'conformant,spa,spa-leaky,sso-right', '--browser-path', '/nonexistent/chromium']);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^spa {10}SKIPPED — no usable Chromium/m);
    expect(run.stdout).toMatch(/^spa-leaky {4}SKIPPED — no usable Chromium/m);
    expect(run.stdout).toMatch(/^conformant {3}\d+ passed, 0 failed, \d+ inconclusive, \d+ skipped, 0 error/m);
    expect(run.stderr).toContain('skipped: this example logs in through a real browser and the browser named by --browser-path (/nonexistent/chromium) does not exist');
    expect(run.stdout).toContain('Every declared verdict is the expected one and no check errored (the browser examples were skipped: no Chromium)');
    expect(run.stdout).toMatch(/^sso-right {4}SKIPPED — no usable Chromium/m);
  }, 180_000);
});

describe('start-up', () => {
  const hook = fileURLToPath(new URL('../fixtures/no-playwright.mjs', import.meta.url));
  const cli = path.join(REPO, 'dist/src/cli.js');
  const node = (args: string[]) =>
    new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', hook, ...args], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      child.on('close', (code) => resolve({ code, out }));
    });

  it('--help and list-checks never load Playwright', async () => {
    const help = await node([cli, '--help']);
    expect(help.code, help.out).toBe(0);
    expect(help.out).toContain('--version');
    const list = await node([cli, 'list-checks']);
    expect(list.code, list.out).toBe(0);
    expect(list.out).toContain('cache.history-after-logout');
  });

  it('(control: the guard does stop an import of Playwright)', async () => {
    const tried = await node(['--input-type=module', '-e', "await import('playwright-core')"]);
    expect(tried.code).not.toBe(0);
    expect(tried.out).toContain('must not load it');
  });
});
