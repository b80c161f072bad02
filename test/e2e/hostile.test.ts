/**
 * A hostile target cannot break the run, make a report run script, or blow up its size.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { load } from 'cheerio';
import { BRIEF_REVOCATION_REPLAYS, runCli, type CliRun } from './cli.js';
import { HOSTILE_PASSWORD, PAYLOADS, startHostileTarget } from '../fixtures/hostile-target.js';
import { validateReport } from '../fixtures/report-schema.js';
import { inspectInChromium } from '../fixtures/inspect-in-chromium.js';
import { CHECKS } from '../../suites/index.js';
import { referenceLink } from '../../src/references.js';

let tmp: string;
let run: CliRun;
let out: string;
let target: Awaited<ReturnType<typeof startHostileTarget>>;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'sp-hostile-'));
  target = await startHostileTarget();
  await writeFile(
    path.join(tmp, 'sessionprobe.yaml'),
    [
      'target:',
      '  baseUrl: http://127.0.0.1:1',
      `  account: { username: alice, password: ${HOSTILE_PASSWORD} }`,
      '  login: { form: { url: /login, fields: { username: "{{username}}", password: "{{password}}" } } }',
      '  authenticated: { url: /account }',
      '  logout: { link: { url: /account, selector: "a.logout" } }',
      // The token suite samples by logging in; the defaults (500 at 5/s) are for real targets.
      '  loginRate: { interval: 10ms }',
      'spec: { token: { samples: 100 } }',
    ].join('\n'),
  );
  out = path.join(tmp, 'out');
  run = await runCli(['run', '--config', path.join(tmp, 'sessionprobe.yaml'), '--base-url', target.url, '--out', out, '--reporter', 'list,junit,json,html,markdown', ...BRIEF_REVOCATION_REPLAYS]);
  // A whole run (100 sampled logins, every reporter): minutes on a loaded machine.
}, 600_000);

afterAll(async () => {
  await target?.close();
  await rm(tmp, { recursive: true, force: true });
});

describe('hostile target', () => {
  it('completes the run with verdicts (no crash, no internal error)', () => {
    expect([0, 1], run.stderr).toContain(run.code);
    expect(run.stderr).not.toMatch(/internal error/);
  });

  it('never passes what it could not observe: the logout flow into a gzip bomb is inconclusive', async () => {
    const report = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8')) as { checks: Array<{ id: string; verdict: string }> };
    expect(validateReport(report)).toEqual([]);
    expect(report.checks.find((c) => c.id === 'logout.server-revocation')!.verdict).toBe('inconclusive');
    expect(report.checks.find((c) => c.id === 'cookie.size')!.verdict).toBe('fail');
    expect(report.checks.find((c) => c.id === 'cookie.well-formed')!.verdict).toBe('fail');
  });

  it('writes an HTML report with no active content: no script, no event handler, no external reference', async () => {
    const page = await readFile(path.join(out, 'report.html'), 'utf8');
    const $ = load(page);
    expect($('script, img, svg, iframe, object, embed, link, base, form, meta[http-equiv=refresh]').length).toBe(0);
    const attributes = $('*')
      .toArray()
      .flatMap((el) => Object.keys((el as { attribs?: Record<string, string> }).attribs ?? {}));
    expect(attributes.filter((a) => a.startsWith('on'))).toEqual([]);
    // In-page links, and links to the standards the checks cite (the catalogue's own URLs, never the target's).
    const standards = new Set(CHECKS.flatMap((c) => c.meta.refs).map((r) => referenceLink(r).url));
    expect($('[href]').toArray().filter((el) => !$(el).attr('href')!.startsWith('#') && !standards.has($(el).attr('href')))).toEqual([]);
    // The payloads are there for the reader, as text.
    expect($('body').text()).toContain(PAYLOADS[0]);
  });

  it('in real Chromium, the HTML report runs no script and makes no request', async () => {
    const activity = await inspectInChromium(path.join(out, 'report.html'));
    expect(activity).toMatchObject({ otherRequests: [], dialogs: [], pageErrors: [], scripts: 0 });
    // The CSP would report a blocked inline script or resource on the console; there must be none to block.
    expect(activity.console).toEqual([]);
    expect(activity.title).toMatch(/sessionprobe/i);
  });

  it('keeps every report file bounded in size', async () => {
    for (const f of ['report.html', 'report.json', 'junit.xml', 'summary.md']) {
      expect((await stat(path.join(out, f))).size, f).toBeLessThan(8 * 1024 * 1024);
    }
    expect(run.stdout.length + run.stderr.length).toBeLessThan(256 * 1024);
  });

  it('keeps the console free of raw control characters from the target', () => {
    expect(run.stdout + run.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
  });
});
