/**
 * `discover` over every bundled example (the single-page apps with --browser, in a real Chromium): the config it writes, with the
 * example's own spec half (and the target fields discover does not look for: TLS, extra accounts,
 * privilege change, login rate…), gives exactly the verdicts the example's hand-written config gives
 * (its expected.json, which test/e2e/examples.test.ts holds the hand-written config to).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { EXAMPLES, type Example } from '../../examples/index.js';
import type { RunningServer } from '../../examples/shared.js';
import { runCli } from '../e2e/cli.js';
import { declaredVerdicts, verdictMismatches } from '../../examples/expected.js';
import { mapConcurrently } from '../fixtures/pool.js';

const PASSWORD = 'correct-horse-battery-staple';
const NEW_PASSWORD = 'tr0ub4dor-and-3-more-words';
const ENV = { SP_DISCOVER_PASSWORD: PASSWORD, SP_DISCOVER_NEW_PASSWORD: NEW_PASSWORD };
/** The target fields discover finds; every other target field of the hand-written config is kept. */
const DISCOVERED = ['login', 'authenticated', 'logout', 'passwordChange', 'sessionCookie', 'ui'];
const CA = path.join(path.dirname(EXAMPLES[0]!.dir), 'tls', 'ca.pem');

type Raw = { target: Record<string, unknown> & { tls?: { ca?: string } }; [k: string]: unknown };

/** Discover's target half laid over the hand-written config, whose other target fields and spec half stay. */
function merged(handWritten: Raw, discovered: Raw, exampleDir: string): Raw {
  const target: Record<string, unknown> = Object.fromEntries(Object.entries(handWritten.target).filter(([k]) => !DISCOVERED.includes(k)));
  for (const k of DISCOVERED) if (discovered.target[k] !== undefined) target[k] = discovered.target[k];
  if (handWritten.target.tls?.ca) target.tls = { ...handWritten.target.tls, ca: path.resolve(exampleDir, handWritten.target.tls.ca) };
  return { ...handWritten, target };
}

async function discoverAndRun(example: Example, server: RunningServer, work: string, extra: string[] = []) {
  const written = path.join(work, `${example.name}.discovered.yaml`);
  const https = server.url.startsWith('https:') ? ['--ca', CA] : [];
  const discovery = await runCli(
    ['discover', server.url, '--username', 'alice', '--password-env', 'SP_DISCOVER_PASSWORD', '--new-password-env', 'SP_DISCOVER_NEW_PASSWORD', '--write', written, ...https, ...extra],
    { env: ENV },
  );
  const handWritten = parse(await readFile(path.join(example.dir, 'sessionprobe.yaml'), 'utf8')) as Raw;
  const discovered = discovery.code === 0 ? (parse(await readFile(written, 'utf8')) as Raw) : undefined;
  const config = path.join(work, `${example.name}.merged.yaml`);
  if (discovered) await writeFile(config, stringify(merged(handWritten, discovered, example.dir)));
  const out = path.join(work, `${example.name}-report`);
  const instances = (server.instances ?? []).flatMap((i) => ['--instance', i]);
  const run = discovered ? await runCli(['run', '--config', config, '--base-url', server.url, ...instances, '--out', out, '--reporter', 'json'], { env: ENV }) : undefined;
  const checks = run ? (JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8')) as { checks: Array<{ id: string; verdict: string; observed: string }> }).checks : [];
  const expected = await declaredVerdicts(example.dir);
  return { discovery, discovered, run, checks, expected, writtenText: discovered ? await readFile(written, 'utf8') : '' };
}

/**
 * Discover finds one-step logins (a form, a JSON API, or a browser login on the target's own origin): the
 * examples whose login needs a second factor or goes through an identity provider are not yet its business.
 * two-cookie exists to show a config that names one of two session cookies; discover rightly names both
 * (either one alone keeps the session), so its verdicts differ from the hand-written config's by design.
 * The refresh-api examples change the password through a JSON API, which discover does not look for, and
 * refresh.revoked-on-password-change needs that change. refresh-oidc exists for its refresh checks, and
 * discover writes no target.refresh (an OAuth token endpoint is not on the target's pages).
 */
const DISCOVERABLE = EXAMPLES.filter((e) => !/^(mfa|sso|refresh-api)-/.test(e.name) && !['two-cookie', 'refresh-oidc'].includes(e.name));

/**
 * Each example's discover and run mostly wait (on the target, on Chromium), so two examples go at once;
 * each still has its own server and its own folder. More would crowd the timing examples' 3-second timeouts.
 */
const AT_ONCE = 2;

type Outcome = Awaited<ReturnType<typeof discoverAndRun>> & { passwordKept?: boolean };
/** Per example, its outcome or what went wrong: one example's failure fails its own tests, not the others'. */
const outcomes = new Map<string, Outcome | Error>();
let work: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'sp-discover-'));
  await mapConcurrently(DISCOVERABLE, AT_ONCE, async (example) => {
    try {
      const server: RunningServer & { hasPassword?: (user: string, password: string) => boolean } = await example.start();
      try {
        // A folder per example: the password journal (and its run lock) lives beside the config, and two
        // examples' runs sharing one would rightly refuse each other.
        const folder = path.join(work, example.name);
        await mkdir(folder);
        const result = await discoverAndRun(example, server, folder, example.browser ? ['--browser'] : []);
        outcomes.set(example.name, { ...result, passwordKept: server.hasPassword?.('alice', PASSWORD) });
      } finally {
        await server.close();
      }
    } catch (error) {
      outcomes.set(example.name, error instanceof Error ? error : new Error(String(error)));
    }
  });
  // A browser example's discover and run each drive Chromium: minutes each on a busy two-core machine.
}, 1_200_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe.each(DISCOVERABLE.map((e) => [e.name, e] as const))('discover on example %s', (name) => {
  const result = (): Outcome => {
    const outcome = outcomes.get(name);
    if (outcome === undefined) throw new Error(`no discover outcome for ${name}`);
    if (outcome instanceof Error) throw outcome;
    return outcome;
  };

  it('finds the login, the oracle and the session, and writes a config that validates', () => {
    const { discovery, writtenText } = result();
    expect(discovery.code, discovery.stderr).toBe(0);
    expect(discovery.stdout).toMatch(/^login \((high|medium|low) confidence\): /m);
    expect(discovery.stdout).toMatch(/^oracle \((high|medium|low) confidence\): /m);
    expect(discovery.stdout).toMatch(/^session cookie \(high confidence\): /m);
    expect(writtenText).toMatch(/^spec:\n {2}preset: recommended/m);
  });

  it('never writes the password, and leaves it unchanged', () => {
    const { discovery, writtenText, passwordKept } = result();
    expect(writtenText).not.toContain(PASSWORD);
    expect(writtenText).toContain('password: ${SP_DISCOVER_PASSWORD}');
    expect(`${discovery.stdout}${discovery.stderr}`).not.toContain(PASSWORD);
    if (passwordKept !== undefined) expect(passwordKept).toBe(true);
  });

  it("gives, with the example's spec, exactly the verdicts of the hand-written config", () => {
    const { run, expected, checks } = result();
    expect(run?.code, run?.stderr).not.toBe(3);
    expect(verdictMismatches(expected, checks)).toEqual([]);
  });
});
