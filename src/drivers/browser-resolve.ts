/**
 * Which Chromium to drive. In order: the one the user names (--browser-path or SESSIONPROBE_BROWSER),
 * Playwright's own downloaded browser, then a system Chromium or Chrome under its usual names. Nothing
 * here loads Playwright unless the first choice is missing, so a run without browser flows never does.
 */
import { access, constants } from 'node:fs/promises';
import path from 'node:path';

export interface ResolvedBrowser {
  executablePath: string;
  /** Where it came from, for the progress line and the report. */
  source: string;
}

/** No usable Chromium: the target cannot be tested with the configured browser flows (exit 3). */
export class BrowserUnavailableError extends Error {
  override readonly name = 'BrowserUnavailableError';
}

export const SYSTEM_CHROMIUM = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/google-chrome',
  '/snap/bin/chromium',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];
const PATH_NAMES = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome', 'chrome'];

export interface ResolveOptions {
  /** --browser-path. */
  explicit?: string;
  env?: NodeJS.ProcessEnv;
  /** Where Playwright would keep its own Chromium; undefined when it has none. */
  playwrightPath?: () => Promise<string | undefined>;
  systemPaths?: string[];
}

export async function resolveChromium(options: ResolveOptions = {}): Promise<ResolvedBrowser> {
  const env = options.env ?? process.env;
  const named = options.explicit ? { path: options.explicit, from: '--browser-path' } : env.SESSIONPROBE_BROWSER ? { path: env.SESSIONPROBE_BROWSER, from: 'SESSIONPROBE_BROWSER' } : undefined;
  if (named) {
    // The user chose this one: falling back to another browser would test with something they did not ask for.
    if (await isExecutable(named.path)) return { executablePath: path.resolve(named.path), source: named.from };
    throw new BrowserUnavailableError(`the browser named by ${named.from} (${named.path}) does not exist or is not executable`);
  }
  const tried: string[] = [];
  const own = await (options.playwrightPath ?? playwrightChromium)();
  if (own) {
    if (await isExecutable(own)) return { executablePath: own, source: "Playwright's installed Chromium" };
    tried.push(`${own} (Playwright's own Chromium, not installed)`);
  }
  const onPath = (env.PATH ?? '').split(path.delimiter).filter(Boolean).flatMap((dir) => PATH_NAMES.map((n) => path.join(dir, n)));
  for (const candidate of [...new Set([...(options.systemPaths ?? SYSTEM_CHROMIUM), ...onPath])]) {
    if (await isExecutable(candidate)) return { executablePath: candidate, source: 'system Chromium' };
    tried.push(candidate);
  }
  throw new BrowserUnavailableError(
    `no Chromium found for the browser flows; tried ${tried.join(', ')}. Install one (Debian: apt-get install chromium) or name it with --browser-path or SESSIONPROBE_BROWSER`,
  );
}

async function playwrightChromium(): Promise<string | undefined> {
  try {
    const { chromium } = await import('playwright-core');
    return chromium.executablePath() || undefined;
  } catch {
    // Playwright knows no Chromium build for this platform.
    return undefined;
  }
}

async function isExecutable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
