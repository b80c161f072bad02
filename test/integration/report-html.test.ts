/**
 * The demo's report.html files in real Chromium, as a reader meets them: the verdict and the first
 * failure on the first screen, no sideways page scroll on a phone, keyboard reach, no accessibility
 * violation (axe-core), CSS-only filters, a printable length, evidence that stays inside its check, and
 * still no script and no request. The shared run of each example (test/fixtures/example-runs.ts, the
 * same runs examples.test and leaks.test read) feeds every test here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import axe from 'axe-core';
import { resolveChromium } from '../../src/drivers/browser-resolve.js';
import { CHROMIUM_ARGS } from '../../src/drivers/browser.js';
import { inspectInChromium } from '../fixtures/inspect-in-chromium.js';
import { EXAMPLES } from '../../examples/index.js';
import { exampleRun } from '../fixtures/example-runs.js';
import { mapConcurrently } from '../fixtures/pool.js';

/** report.html of `vulnerable` before the redesign; it must not grow. */
const VULNERABLE_SIZE_BEFORE = 1_036_261;

/** Every example's report folder, in the catalogue's order, as the demo would write them. */
const demo = { examples: [] as string[], dirs: new Map<string, string>() };
let browser: Browser;

/** Pages under way at once in the file's one browser: axe-core and layout mostly wait on Chromium. */
const AT_ONCE = 3;
/**
 * Shared example runs started at once from here; examples.test asks for them in the opposite order, so two
 * more meet its one in the middle. More would crowd the timing examples' 3-second timeouts off the CPU.
 */
const RUNS_AT_ONCE = 2;
/** axe-core rules that judge only what is rendered: the colours of text and links against their background. */
const RENDERED_ONLY = ['color-contrast', 'link-in-text-block'];

/** axe-core as its source defines it in the page, with the rule metadata it keeps there. */
type AxeInPage = typeof axe & { _audit: { rules: Array<{ id: string; enabled: boolean; excludeHidden: boolean; tags: string[] }> } };

/**
 * axe-core's violations on an open report: its source injected once, then `axe.run` in the page (the report is
 * one document without frames, so per-frame partial runs and their merge in a second page would only cost
 * time), reading violations only (axe then builds selectors and snippets for them alone, a fifth of its time).
 * Two passes: the rules that also judge hidden elements (axe's `excludeHidden: false`: duplicate ARIA ids,
 * focusable content under aria-hidden, …, colours aside) on the whole document; then every other rule without
 * the closed folds' content, which is never rendered. Those rules skip hidden elements, so they judge the same
 * nodes (every node's result compared, whole document against without the folds, on all 32 pages: identical),
 * without the forced style of some 15,000 unrendered elements (with one injection instead of four: a third
 * less time over the 32 pages).
 */
async function axeViolations(page: Page): Promise<axe.Result[]> {
  await page.evaluate(axe.source);
  const hiddenToo = await page.evaluate(async (renderedOnly) => {
    const { axe } = globalThis as unknown as { axe: AxeInPage };
    const ids = axe._audit.rules
      .filter((r) => r.enabled && !r.excludeHidden && !r.tags.includes('experimental') && !renderedOnly.includes(r.id))
      .map((r) => r.id);
    return { ids, violations: (await axe.run({ runOnly: { type: 'rule', values: ids }, resultTypes: ['violations'] })).violations };
  }, RENDERED_ONLY);
  await page.evaluate("document.querySelectorAll('details:not([open]) > :not(summary)').forEach((e) => e.remove())");
  const rest = await page.evaluate(async (done) => {
    const { axe } = globalThis as unknown as { axe: AxeInPage };
    return (await axe.run({ rules: Object.fromEntries(done.map((id) => [id, { enabled: false }])), resultTypes: ['violations'] })).violations;
  }, hiddenToo.ids);
  return [...hiddenToo.violations, ...rest];
}

beforeAll(async () => {
  // Each run is shared with the other test files, which may be running it already (the lock makes one run it).
  const runs = await mapConcurrently(EXAMPLES, RUNS_AT_ONCE, ({ name }) => exampleRun(name));
  for (const run of runs) {
    if (run.files.includes('report.html')) {
      demo.examples.push(run.example.name);
      demo.dirs.set(run.example.name, run.out);
    }
  }
  const { executablePath } = await resolveChromium({});
  browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
}, 1_200_000);

afterAll(async () => {
  await browser?.close();
});

const folder = (example: string) => demo.dirs.get(example) ?? path.join('no-report-for', example);
const report = (example: string) => path.join(folder(example), 'report.html');

async function open(example: string, viewport = { width: 1400, height: 900 }, colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
  // A context per page, for its viewport and colour scheme; closing the page closes it.
  const context = await browser.newContext({ viewport, colorScheme });
  const page = await context.newPage();
  page.on('close', () => void context.close());
  await page.goto(pathToFileURL(report(example)).href);
  return page;
}

describe('report.html of the demo', () => {
  it('has a report.html of every bundled example, so every report is covered below', () => {
    expect(demo.examples).toEqual(EXAMPLES.map((e) => e.name));
  });

  it('shows the verdict banner and the first failing check inside the first screen at 1400×900', async () => {
    const page = await open('vulnerable');
    try {
      expect(await page.locator('.banner .rv').textContent()).toBe('FAILED');
      const banner = await page.locator('.banner').boundingBox();
      expect(banner!.y + banner!.height).toBeLessThanOrEqual(900);
      const firstFailing = await page.locator('.checks-table tbody tr.fv-fail a').first().boundingBox();
      expect(firstFailing!.y + firstFailing!.height).toBeLessThanOrEqual(900);
      const firstId = await page.locator('.checks-table tbody tr.fv-fail a').first().getAttribute('href');
      expect(await page.locator('.banner .first a').getAttribute('href')).toBe(firstId);
    } finally {
      await page.close();
    }
  });

  it('reaches the first failing check in at most 5 Tab presses', async () => {
    const page = await open('vulnerable');
    try {
      const target = await page.locator('.checks-table tbody tr.fv-fail a').first().getAttribute('href');
      const reached: string[] = [];
      for (let i = 0; i < 5; i++) {
        await page.keyboard.press('Tab');
        reached.push(String(await page.evaluate('document.activeElement?.getAttribute("href")')));
      }
      expect(reached).toContain(target);
    } finally {
      await page.close();
    }
  });

  it('never scrolls the page sideways at 390×844, and keeps timeline text at 11 px or more', async () => {
    await mapConcurrently(demo.examples, AT_ONCE, async (example) => {
      const page = await open(example, { width: 390, height: 844 });
      try {
        // Opened folds must not widen the page either.
        await page.evaluate("document.querySelectorAll('details').forEach((d) => d.setAttribute('open', ''))");
        expect(Number(await page.evaluate('document.scrollingElement.scrollWidth')), example).toBeLessThanOrEqual(390);
        const sizes = await page.evaluate<number[]>(
          `[...document.querySelectorAll('.timeline svg text')].map((t) => {
            const svg = t.ownerSVGElement;
            const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            return parseFloat(getComputedStyle(t).fontSize) * scale;
          })`,
        );
        for (const size of sizes) expect(size, example).toBeGreaterThanOrEqual(11);
      } finally {
        await page.close();
      }
    });
  }, 300_000);

  it('has no accessibility violation (axe-core) in any report, light or dark', async () => {
    // Dark mode changes colours only: checked on the two reports that hold every kind of element.
    const darkToo = ['vulnerable', 'conformant'];
    const pages = demo.examples.flatMap((example) => [
      { example, scheme: 'light' as const },
      ...(darkToo.includes(example) ? [{ example, scheme: 'dark' as const }] : []),
    ]);
    const found = await mapConcurrently(pages, AT_ONCE, async ({ example, scheme }) => {
      const page = await open(example, undefined, scheme);
      try {
        return (await axeViolations(page)).map((v) => `${example} ${scheme}: ${v.id}: ${v.help} (${v.nodes.length}× e.g. ${v.nodes[0]?.target.join(' ')})`);
      } finally {
        await page.close();
      }
    });
    expect(found.flat()).toEqual([]);
  }, 1_200_000);

  it('filters the checks without script: the Fail chip leaves only failing rows and articles', async () => {
    const page = await open('vulnerable');
    try {
      const all = await page.locator('.checks-table tbody tr').count();
      await page.locator('label[for="fv-fail"]').click();
      const visible = page.locator('.checks-table tbody tr:visible');
      expect(await visible.count()).toBeLessThan(all);
      expect(await page.locator('.checks-table tbody tr.fv-fail:visible').count()).toBe(await visible.count());
      expect(await page.locator('article.check:visible:not(.fv-fail)').count()).toBe(0);
      await page.locator('label[for="fu-cookie"]').click();
      expect(await page.locator('.checks-table tbody tr:visible:not(.fu-cookie)').count()).toBe(0);
      expect(await page.locator('.checks-table tbody tr:visible').count()).toBeGreaterThan(0);
      await page.locator('label[for="fv-all"]').click();
      await page.locator('label[for="fu-all"]').click();
      expect(await page.locator('.checks-table tbody tr:visible').count()).toBe(all);
    } finally {
      await page.close();
    }
  });

  it('keeps every evidence link of a failing check inside that check', async () => {
    const page = await open('vulnerable');
    try {
      const broken = await page.evaluate<string[]>(`[...document.querySelectorAll('article.fv-fail')].flatMap((article) =>
        [...article.querySelectorAll('a.ev')].filter((a) => {
          const target = document.getElementById(decodeURIComponent(a.getAttribute('href').slice(1)));
          return !target || !article.contains(target);
        }).map((a) => article.id + ' ' + a.getAttribute('href')))`);
      expect(broken).toEqual([]);
      expect(await page.locator('article.fv-fail a.ev').count()).toBeGreaterThan(10);
      // One finding per cookie and defect: the Secure failure is one finding however many Set-Cookie headers repeat it.
      expect(await page.locator('[id="cookie.secure"] .findings > li').count()).toBe(1);
    } finally {
      await page.close();
    }
  });

  it('prints vulnerable on at most 30 A4 pages, leaving the device sequence and the raw exchanges out', async () => {
    const page = await open('vulnerable');
    try {
      const pdf = await page.pdf({ format: 'A4', printBackground: true });
      const pages = pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-z])/g)?.length ?? 0;
      expect(pages).toBeGreaterThan(1);
      expect(pages).toBeLessThanOrEqual(30);
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('.appendix').isVisible()).toBe(false);
      expect(await page.locator('.sequence').isVisible()).toBe(false);
      expect(await page.locator('.print-note').isVisible()).toBe(true);
    } finally {
      await page.close();
    }
  });

  it('is no larger than before the redesign, runs no script and makes no request', async () => {
    expect((await stat(report('vulnerable'))).size).toBeLessThanOrEqual(VULNERABLE_SIZE_BEFORE);
    const activity = await inspectInChromium(report('vulnerable'));
    expect(activity).toMatchObject({ otherRequests: [], dialogs: [], pageErrors: [], scripts: 0, console: [] });
  });

  it('names the config file relative to the working directory, never by an absolute path', async () => {
    for (const example of ['vulnerable', 'conformant']) {
      const html = await readFile(report(example), 'utf8');
      expect(html).toContain(`examples/${example}/sessionprobe.yaml`);
      expect(html).not.toContain(path.resolve('examples'));
    }
  });

  it('writes summary.md beside the other reports: verdict, failures with their fix, then unverified checks', async () => {
    const md = await readFile(path.join(folder('vulnerable'), 'summary.md'), 'utf8');
    expect(md.split('\n')[0]).toMatch(/^## ❌ FAILED · sessionprobe: http:\/\/127\.0\.0\.1:\d+$/);
    const failures = md.indexOf('### Failures');
    const unverified = md.indexOf('### Not verified');
    expect(failures).toBeGreaterThan(0);
    expect(unverified).toBeGreaterThan(failures);
    expect(md).toContain('| How to fix |');
  });
});
