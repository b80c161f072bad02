/**
 * Performing a `browser` or `script` flow in a device's browser. The device's cookies go into the
 * browser first and come back out afterwards, so a session can start in the browser and be probed over
 * HTTP (the usual case), or the other way round. Only imported when such a flow runs.
 */
import { readFile, unlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import type { Account, BrowserStep, Flow } from '../config/types.js';
import type { HttpClient, HttpResponse } from '../drivers/http.js';
import type { BrowserDevice } from '../drivers/browser.js';
import { parseSetCookie } from '../cookies/parse.js';
import { formatDuration } from '../config/durations.js';
import type { Progress } from '../progress.js';
import { globMatcher } from '../glob.js';
import { FlowError, templateValues, type FlowResult } from './flows.js';
import { fillPlaceholders, type TemplateValues } from './placeholders.js';

export type BrowserFlow = Extract<Flow, { kind: 'browser' | 'script' }>;

export interface BrowserFlowContext {
  baseUrl: string;
  /** Default wait for each step. */
  timeoutMs: number;
  progress: Progress;
}

/** After the last step: let requests the flow set off finish (an XHR login sets its cookie late)… */
const SETTLE_MS = 3_000;
/** …until none has been in flight for this long. */
const QUIET_MS = 300;

export async function runBrowserFlow(
  device: BrowserDevice,
  client: HttpClient,
  flow: BrowserFlow,
  account: Account,
  label: string,
  ctx: BrowserFlowContext,
): Promise<FlowResult> {
  await device.setCookies(await client.storedCookies());
  const mark = device.mark();
  const { page } = device;
  try {
    if (flow.kind === 'browser') await runSteps(device, client, flow.steps, account, label, ctx);
    else await runScript(device, client, flow.path, account, label, ctx);
    device.step = `${label}: settling`;
    await device.quiet(QUIET_MS, SETTLE_MS);
  } finally {
    await device.settle();
    device.step = 'browser';
    // Whatever happened, the HTTP side must see the cookies the browser holds now.
    await client.replaceCookies(await device.cookies());
  }
  const responses = device.responsesSince(mark);
  return { response: await pageResponse(page, responses), exchanges: responses.map((r) => r.exchange).sort((a, b) => a - b) };
}

async function runSteps(device: BrowserDevice, client: HttpClient, steps: BrowserStep[], account: Account, label: string, ctx: BrowserFlowContext): Promise<void> {
  const { page } = device;
  let notThere: string | undefined;
  for (const [i, raw] of steps.entries()) {
    if (raw.on !== undefined) {
      // Steps in a row matched to the same place are skipped together, without waiting again.
      if (raw.on !== notThere && (await pageGetsTo(page, raw.on, ctx.baseUrl))) notThere = undefined;
      else {
        notThere = raw.on;
        ctx.progress.step(`${label}: step ${i + 1} skipped: the page is at ${where(page)}, not ${raw.on}`);
        continue;
      }
    }
    const step = fillPlaceholders(raw, await templateValues(client, raw, account, `${label}: step ${i + 1}`));
    const what = describeStep(step);
    device.step = `${label}: ${what}`;
    try {
      await perform(page, step, ctx, `${label}: step ${i + 1}`);
    } catch (error) {
      throw new FlowError(`${label}: step ${i + 1} (${what}) failed: ${playwrightMessage(error)} — the page is at ${where(page)}`, []);
    }
  }
}

async function perform(page: Page, step: BrowserStep, ctx: BrowserFlowContext, label: string): Promise<void> {
  const timeout = ctx.timeoutMs;
  if ('goto' in step) {
    await page.goto(new URL(step.goto, ctx.baseUrl + '/').toString(), { timeout, waitUntil: 'load' });
  } else if ('fill' in step) {
    await page.locator(step.fill.selector).fill(step.fill.value, { timeout });
  } else if ('click' in step) {
    await page.locator(step.click).click({ timeout });
  } else if ('press' in step) {
    if (step.press.selector) await page.locator(step.press.selector).press(step.press.key, { timeout });
    else await page.keyboard.press(step.press.key);
  } else if ('select' in step) {
    const { selector, value } = step.select;
    const select = page.locator(selector);
    const byValue = await select.locator(`option[value="${value.replace(/["\\]/g, '\\$&')}"]`).count();
    await select.selectOption(byValue > 0 ? { value } : { label: value }, { timeout });
  } else {
    const { url, selector, text, timeoutMs = timeout } = step.waitFor;
    const waits = [url && `URL ${url}`, selector && `${selector} visible`, text && `text “${text}”`].filter(Boolean).join(', ');
    ctx.progress.step(`${label}: waiting up to ${formatDuration(timeoutMs)} for ${waits}`);
    if (url !== undefined) await page.waitForURL(urlMatcher(url, ctx.baseUrl), { timeout: timeoutMs, waitUntil: 'commit' });
    if (selector !== undefined) await page.locator(selector).first().waitFor({ state: 'visible', timeout: timeoutMs });
    if (text !== undefined) await page.getByText(text).first().waitFor({ state: 'visible', timeout: timeoutMs });
  }
}

/** How long a step matched by URL waits for the page to get there (a click's navigation, a redirect chain) before it is skipped. */
const ON_WAIT_MS = 3_000;

/**
 * Whether the page is at `on`, or gets there and loads within ON_WAIT_MS: a step matched by URL runs
 * only where it applies (a provider that remembers the user shows no login form). `on` is a path on the
 * app's origin, an absolute URL or `host/path` (a prefix of the page's URL without its query), or a
 * glob over either.
 */
async function pageGetsTo(page: Page, on: string, baseUrl: string): Promise<boolean> {
  return page.waitForURL((url) => urlIsAt(url, on, baseUrl), { timeout: ON_WAIT_MS }).then(
    () => true,
    () => false,
  );
}

export function urlIsAt(url: URL, on: string, baseUrl: string): boolean {
  const full = `${url.origin}${url.pathname}`;
  const schemeless = `${url.host}${url.pathname}`;
  if (on.includes('*')) return [full, schemeless].some(globMatcher(on));
  if (on.startsWith('/')) return full === new URL(on, baseUrl + '/').toString().replace(/[?#].*$/, '');
  return (/^[a-z][a-z0-9+.-]*:\/\//i.test(on) ? full : schemeless).startsWith(on);
}

/** A path matches the URL's path (any query); a glob goes to Playwright as is; an absolute URL must match exactly. */
function urlMatcher(spec: string, baseUrl: string): string | ((url: URL) => boolean) {
  if (spec.includes('*')) return spec;
  if (/^[a-z][a-z0-9+.-]*:/i.test(spec)) return spec;
  const wanted = new URL(spec, baseUrl + '/');
  return (url) => url.origin === wanted.origin && url.pathname === wanted.pathname;
}

export function describeStep(step: BrowserStep): string {
  if ('goto' in step) return `goto ${step.goto}`;
  // Filled values may be passwords: the description names the field only.
  if ('fill' in step) return `fill ${step.fill.selector}`;
  if ('click' in step) return `click ${step.click}`;
  if ('press' in step) return `press ${step.press.key}${step.press.selector ? ` in ${step.press.selector}` : ''}`;
  if ('select' in step) return `select in ${step.select.selector}`;
  const w = step.waitFor;
  return `waitFor ${[w.url && `url ${w.url}`, w.selector && `selector ${w.selector}`, w.text && `text “${w.text}”`].filter(Boolean).join(', ')}`;
}

/** What a script flow receives besides the page: `totp()` is a fresh one-time code (never one used before). */
export interface ScriptContext {
  baseUrl: string;
  flow: string;
  totp(): Promise<string>;
}

/** The signature of a script flow's default export. */
export type ScriptFlowFunction = (page: Page, account: TemplateValues, context: ScriptContext) => unknown;

const scripts = new Map<string, Promise<ScriptFlowFunction>>();

async function runScript(device: BrowserDevice, client: HttpClient, file: string, account: Account, label: string, ctx: BrowserFlowContext): Promise<void> {
  const load = scripts.get(file) ?? loadScript(file);
  scripts.set(file, load);
  const fn = await load.catch((error: unknown) => {
    scripts.delete(file);
    throw new FlowError(`${label}: cannot load the script ${file}: ${playwrightMessage(error)}`, []);
  });
  device.step = `${label}: script ${path.basename(file)}`;
  try {
    const totp = async () => (await templateValues(client, '{{totp}}', account, label)).totp!;
    await fn(device.page, await templateValues(client, undefined, account, label), { baseUrl: ctx.baseUrl, flow: label, totp });
  } catch (error) {
    throw new FlowError(`${label}: the script ${path.basename(file)} failed: ${playwrightMessage(error)} — the page is at ${where(device.page)}`, []);
  }
}

async function loadScript(file: string): Promise<ScriptFlowFunction> {
  const mod = (/\.[cm]?ts$/.test(file) ? await importTypeScript(file) : await import(pathToFileURL(file).href)) as { default?: unknown };
  if (typeof mod.default !== 'function') {
    throw new Error(`its default export is ${mod.default === undefined ? 'missing' : `a ${typeof mod.default}`}; expected an async function (page, account, context)`);
  }
  return mod.default as ScriptFlowFunction;
}

/**
 * Node 20 cannot import TypeScript, so the script is transpiled (types dropped, nothing checked) with
 * the `typescript` package found beside the script, else sessionprobe's own, into a sibling file, so
 * its relative imports still resolve; the sibling is removed once imported.
 */
async function importTypeScript(file: string): Promise<unknown> {
  const ts = loadTypeScript(file);
  const source = await readFile(file, 'utf8');
  const { outputText } = ts.transpileModule(source, {
    fileName: file,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, sourceMap: false },
  });
  const sibling = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.sessionprobe.mjs`);
  await writeFile(sibling, outputText);
  try {
    return await import(pathToFileURL(sibling).href);
  } finally {
    await unlink(sibling).catch(() => undefined);
  }
}

type TypeScriptApi = typeof import('typescript');

function loadTypeScript(file: string): TypeScriptApi {
  for (const from of [file, import.meta.url]) {
    try {
      return createRequire(from)('typescript') as TypeScriptApi;
    } catch {
      // Not installed there: try the next place.
    }
  }
  throw new Error('a TypeScript script needs the typescript package (npm install -D typescript), or write the script in JavaScript (.mjs)');
}

/** The flow's outcome as an HTTP-shaped response: the page where it ended, with its document's status. */
async function pageResponse(page: Page, responses: ReturnType<BrowserDevice['responsesSince']>): Promise<HttpResponse> {
  const doc = [...responses].reverse().find((r) => r.navigation && !(r.status >= 300 && r.status < 400));
  const first = responses.find((r) => r.navigation) ?? responses[0];
  const headers = doc?.headers ?? {};
  return {
    status: doc?.status ?? 200,
    url: page.url(),
    headers,
    body: await page.content().catch(() => doc?.body ?? ''),
    exchanges: responses.map((r) => r.exchange),
    setCookies: responses.flatMap((r) => r.rawSetCookies.map(parseSetCookie)),
    first: first ? { status: first.status, location: first.headers['location']?.[0] } : { status: doc?.status ?? 200 },
    header: (name) => headers[name.toLowerCase()]?.[0],
  };
}

function where(page: Page): string {
  try {
    return new URL(page.url()).pathname;
  } catch {
    return page.url();
  }
}

/** Playwright's messages carry a call log after the first line; the first line says what went wrong. */
function playwrightMessage(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!.trim();
}
