// `npm run screenshots [-- --from DEMO_DIR] [--out DIR]`: screenshots of the demo's report.html for the README.
// Runs the demo into a temporary folder (or reads an existing demo output with --from), then opens the
// `vulnerable` and `conformant` reports in the system Chromium at a desktop and a phone size and writes
// docs/report-<example>-<width>.png: the first screen, which must answer "can we ship?".
import { mkdtemp, rm } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const repo = fileURLToPath(new URL('..', import.meta.url));
const { resolveChromium } = await import(pathToFileURL(path.join(repo, 'dist/src/drivers/browser-resolve.js')).href);
const { CHROMIUM_ARGS } = await import(pathToFileURL(path.join(repo, 'dist/src/drivers/browser.js')).href);

const EXAMPLES = ['vulnerable', 'conformant'];
const SIZES = [
  { width: 1400, height: 900 },
  { width: 390, height: 844 },
];

const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const outDir = path.resolve(option('--out') ?? path.join(repo, 'docs'));
let demoDir = option('--from');
let scratch;
if (!demoDir) {
  scratch = await mkdtemp(path.join(tmpdir(), 'sp-screenshots-'));
  demoDir = path.join(scratch, 'demo');
  process.stderr.write(`running the demo's ${EXAMPLES.join(' and ')} examples into ${demoDir} (its progress follows)…\n`);
  const demo = spawnSync(process.execPath, [path.join(repo, 'dist/src/cli.js'), 'demo', '--example', EXAMPLES.join(','), '--out', demoDir], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (demo.status !== 0) throw new Error(`the demo exited with ${demo.status}`);
}

const { executablePath } = await resolveChromium({});
const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
try {
  for (const example of EXAMPLES) {
    for (const viewport of SIZES) {
      const page = await browser.newPage({ viewport });
      await page.goto(pathToFileURL(path.join(demoDir, example, 'report.html')).href);
      const file = path.join(outDir, `report-${example}-${viewport.width}.png`);
      await page.screenshot({ path: file });
      process.stdout.write(`${path.relative(process.cwd(), file)}\n`);
      await page.close();
    }
  }
} finally {
  await browser.close();
  if (scratch) await rm(scratch, { recursive: true, force: true });
}
