/**
 * Which Chromium a run drives: the user's choice, then Playwright's own, then the system's; and a
 * message that names everything tried when there is none.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BrowserUnavailableError, resolveChromium } from '../../src/drivers/browser-resolve.js';

let dir: string;
let exe: (name: string) => Promise<string>;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sp-resolve-'));
  exe = async (name) => {
    const file = path.join(dir, name);
    await writeFile(file, '#!/bin/sh\n');
    await chmod(file, 0o755);
    return file;
  };
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const none = async () => undefined;

describe('resolveChromium', () => {
  it('takes --browser-path before SESSIONPROBE_BROWSER, and either before everything else', async () => {
    const explicit = await exe('explicit');
    const fromEnv = await exe('from-env');
    const system = await exe('system');
    const own = async () => system;
    expect(await resolveChromium({ explicit, env: { SESSIONPROBE_BROWSER: fromEnv }, playwrightPath: own, systemPaths: [system] })).toEqual({
      executablePath: explicit,
      source: '--browser-path',
    });
    expect(await resolveChromium({ env: { SESSIONPROBE_BROWSER: fromEnv }, playwrightPath: own, systemPaths: [system] })).toEqual({
      executablePath: fromEnv,
      source: 'SESSIONPROBE_BROWSER',
    });
  });

  it('never falls back from a browser the user named but that is not there', async () => {
    const system = await exe('system-2');
    await expect(resolveChromium({ explicit: path.join(dir, 'nope'), env: {}, playwrightPath: none, systemPaths: [system] })).rejects.toThrow(
      /the browser named by --browser-path \(.*nope\) does not exist or is not executable/,
    );
    await expect(resolveChromium({ env: { SESSIONPROBE_BROWSER: path.join(dir, 'gone') }, playwrightPath: none, systemPaths: [system] })).rejects.toThrow(/SESSIONPROBE_BROWSER/);
  });

  it("prefers Playwright's own Chromium to the system's", async () => {
    const own = await exe('playwright-chromium');
    const system = await exe('system-3');
    expect(await resolveChromium({ env: {}, playwrightPath: async () => own, systemPaths: [system] })).toEqual({
      executablePath: own,
      source: "Playwright's installed Chromium",
    });
  });

  it('falls back to the first system Chromium that exists, then to names on PATH', async () => {
    const system = await exe('chromium-system');
    expect((await resolveChromium({ env: {}, playwrightPath: async () => path.join(dir, 'not-downloaded'), systemPaths: [path.join(dir, 'absent'), system] })).executablePath).toBe(system);
    const onPath = await exe('chromium');
    expect((await resolveChromium({ env: { PATH: dir }, playwrightPath: none, systemPaths: [] })).executablePath).toBe(onPath);
  });

  it('names every place it looked when there is no Chromium at all', async () => {
    const error = await resolveChromium({ env: { PATH: '' }, playwrightPath: async () => '/pw/chrome', systemPaths: ['/usr/bin/chromium-x', '/opt/chrome-x'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BrowserUnavailableError);
    expect((error as Error).message).toBe(
      "no Chromium found for the browser flows; tried /pw/chrome (Playwright's own Chromium, not installed), /usr/bin/chromium-x, /opt/chrome-x. Install one (Debian: apt-get install chromium) or name it with --browser-path or SESSIONPROBE_BROWSER",
    );
  });
});
