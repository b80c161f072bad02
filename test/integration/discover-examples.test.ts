/**
 * `discover` over every bundled example (the single-page apps with --browser, in a real Chromium): the config it writes, with the
 * example's own spec half (and the target fields discover does not look for: TLS, extra accounts,
 * privilege change, login rate, refresh…), gives exactly the verdicts the example's hand-written config gives
 * (its expected.json, which test/e2e/examples.test.ts holds the hand-written config to). The examples whose
 * login discover cannot cover are listed with the reason, and discover must refuse them saying so.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { EXAMPLES, type Example } from '../../examples/index.js';
import type { RunningServer } from '../../examples/shared.js';
import { BRIEF_REVOCATION_REPLAYS, REPO, runCli } from '../e2e/cli.js';
import { declaredVerdicts, verdictMismatches } from '../../examples/expected.js';
import { mapConcurrently } from '../fixtures/pool.js';

const PASSWORD = 'correct-horse-battery-staple';
const NEW_PASSWORD = 'tr0ub4dor-and-3-more-words';
const ENV = { SP_DISCOVER_PASSWORD: PASSWORD, SP_DISCOVER_NEW_PASSWORD: NEW_PASSWORD };
/** The target fields discover finds; every other target field of the hand-written config is kept (and see merged()). */
const DISCOVERED = ['login', 'authenticated', 'logout', 'passwordChange', 'sessionCookie', 'ui', 'rememberMe'];
const CA = path.join(path.dirname(EXAMPLES[0]!.dir), 'tls', 'ca.pem');

type Raw = { target: Record<string, unknown> & { tls?: { ca?: string } }; [k: string]: unknown };

/**
 * Discover's target half laid over the hand-written config, whose other target fields and spec half stay,
 * and so do the fields `kept` names (see KEPT) and a rememberMe the hand-written config leaves out.
 */
function merged(handWritten: Raw, discovered: Raw, exampleDir: string, kept: string[]): Raw {
  const taken = DISCOVERED.filter((k) => !kept.includes(k) && (k !== 'rememberMe' || handWritten.target.rememberMe !== undefined));
  const target: Record<string, unknown> = Object.fromEntries(Object.entries(handWritten.target).filter(([k]) => !taken.includes(k)));
  for (const k of taken) if (discovered.target[k] !== undefined) target[k] = discovered.target[k];
  if (handWritten.target.tls?.ca) target.tls = { ...handWritten.target.tls, ca: path.resolve(exampleDir, handWritten.target.tls.ca) };
  return { ...handWritten, target };
}

async function discoverAndRun(example: Example, server: RunningServer, work: string, extra: string[] = []) {
  const refused = REFUSED[example.name] !== undefined;
  const written = path.join(work, `${example.name}.discovered.yaml`);
  const https = server.url.startsWith('https:') ? ['--ca', CA] : [];
  const discovery = await runCli(
    ['discover', server.url, '--username', 'alice', '--password-env', 'SP_DISCOVER_PASSWORD', '--new-password-env', 'SP_DISCOVER_NEW_PASSWORD', '--write', written, ...https, ...extra],
    { env: ENV },
  );
  const handWritten = parse(await readFile(path.join(example.dir, 'sessionprobe.yaml'), 'utf8')) as Raw;
  const discovered = discovery.code === 0 ? (parse(await readFile(written, 'utf8')) as Raw) : undefined;
  const config = path.join(work, `${example.name}.merged.yaml`);
  if (discovered) await writeFile(config, stringify(merged(handWritten, discovered, example.dir, KEPT[example.name]?.fields ?? [])));
  const out = path.join(work, `${example.name}-report`);
  const instances = (server.instances ?? []).flatMap((i) => ['--instance', i]);
  const brief = WAITING.test(example.name) ? [] : BRIEF_REVOCATION_REPLAYS;
  const run = discovered && !refused ? await runCli(['run', '--config', config, '--base-url', server.url, ...instances, '--out', out, '--reporter', 'json', ...brief], { env: ENV }) : undefined;
  const checks = run ? (JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8')) as { checks: Array<{ id: string; verdict: string; observed: string }> }).checks : [];
  const expected = await declaredVerdicts(example.dir);
  const writtenText = await readFile(written, 'utf8').catch(() => '');
  return { url: server.url, discovery, discovered, handWritten, run, checks, expected, writtenText };
}

/**
 * Discover finds one-step logins on the target's own pages. A password followed by a one-time code, and a
 * login through an identity provider, are not its business: it must refuse them with the reason (exit 3,
 * no config written) rather than write a config that silently does less.
 */
const SECOND_FACTOR = /after the password, the login asks for a second factor: \/login\/otp has a form for a one-time code \(code\)\. discover finds one-step logins; .*examples\/mfa\/right\/sessionprobe\.yaml shows how\)\. No config was written/;
const PROVIDER = /the login goes through an identity provider: \/login .* redirects to http:\/\/localhost:\d+\/auth \(an OAuth 2\.0 \/ OpenID Connect authorization request\)\. .*No config was written/;
const REFUSED: Record<string, RegExp> = { 'mfa-right': SECOND_FACTOR, 'mfa-wrong': SECOND_FACTOR, 'sso-right': PROVIDER, 'sso-wrong': PROVIDER };

/**
 * Where discover's finding differs from the hand-written config by design, the hand-written field stays,
 * and the test asserts what discover found and said instead.
 * - two-cookie exists to show a config that names one of its two session cookies; discover rightly names
 *   both (either one alone keeps the session).
 * - the refresh-api examples change the password through a JSON API, which discover does not guess; it
 *   says so, and refresh.revoked-on-password-change needs that change.
 * - no example takes target.refresh from discover, which never writes one: refresh-oidc shows it says so.
 */
const KEPT: Record<string, { fields: string[]; found: (o: Outcome) => void }> = {
  'two-cookie': {
    fields: ['sessionCookie'],
    found: (o) => {
      expect(o.discovered?.target.sessionCookie).toEqual(['sid', 'auth']);
      expect(o.discovery.stdout).toContain('no single cookie was required; each of sid, auth is enough on its own');
    },
  },
  'refresh-oidc': {
    fields: [],
    found: (o) => {
      expect(o.discovery.stdout).toContain('not found: refresh — the login returns a refresh token (at $.refresh_token), but discover does not look for the token endpoint');
      // Its userinfo endpoint answers 400 without a token and 401 to a refused one: calibrated on the first alone, a revoked token would read as neither state.
      expect(o.discovered?.target.authenticated).toEqual({ url: '/me', expect: { status: 200 } });
      expect(o.discovery.stdout).toMatch(/with a token it never issued, \S+\/me answered 401, which matches neither calibrated state/);
    },
  },
  ...Object.fromEntries(
    ['refresh-api-leaky', 'refresh-api-static', 'refresh-api-strict'].map((name) => [
      name,
      {
        fields: ['passwordChange'],
        found: (o: Outcome) => {
          expect(o.discovered?.target.passwordChange).toBeUndefined();
          expect(o.discovery.stdout).toContain('not found: passwordChange — not looked for: behind a JSON login it is an API call, which discover does not guess');
        },
      },
    ]),
  ),
};

/** The examples whose verdicts wait on timeouts, token or family lifetimes or an instance's lag; the others' runs bound their revocation replays. */
const WAITING = /^(timeouts-|refresh-|multi-instance-|limited$|jwt-strong$)/;

/** The examples with a "remember me" box on their login form (one server, three modes). */
const REMEMBER_BOX = ['accounts-conformant', 'accounts-vulnerable', 'accounts-reject'];

const DISCOVERABLE = EXAMPLES.filter((e) => REFUSED[e.name] === undefined);

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
  await mapConcurrently(EXAMPLES, AT_ONCE, async (example) => {
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

function resultOf(name: string): Outcome {
  const outcome = outcomes.get(name);
  if (outcome === undefined) throw new Error(`no discover outcome for ${name}`);
  if (outcome instanceof Error) throw outcome;
  return outcome;
}

describe.each(Object.entries(REFUSED))('discover refuses example %s', (name, reason) => {
  it('exits 3 with the reason, writes no config, and leaves the password unchanged', () => {
    const { discovery, writtenText, passwordKept } = resultOf(name);
    expect(discovery.code, discovery.stdout).toBe(3);
    expect(discovery.stderr).toMatch(reason);
    expect(writtenText).toBe('');
    if (passwordKept !== undefined) expect(passwordKept).toBe(true);
  });
});

describe.each(DISCOVERABLE.map((e) => [e.name, e] as const))('discover on example %s', (name) => {
  const result = () => resultOf(name);

  it('finds the login, the oracle and the session, and writes a config that validates', () => {
    const { discovery, writtenText } = result();
    expect(discovery.code, discovery.stderr).toBe(0);
    expect(discovery.stdout).toMatch(/^login \((high|medium|low) confidence\): /m);
    expect(discovery.stdout).toMatch(/^oracle \((high|medium|low) confidence\): /m);
    // Sure when removing the cookie logs the session out; two-cookie's either cookie alone keeps it (see KEPT).
    expect(discovery.stdout).toMatch(new RegExp(`^session cookie \\(${name === 'two-cookie' ? 'medium' : 'high'} confidence\\): `, 'm'));
    expect(writtenText).toMatch(/^spec:\n {2}preset: recommended/m);
  });

  it('never writes the password, and leaves it unchanged', () => {
    const { discovery, writtenText, passwordKept } = result();
    expect(writtenText).not.toContain(PASSWORD);
    expect(writtenText).toContain('password: ${SP_DISCOVER_PASSWORD}');
    expect(`${discovery.stdout}${discovery.stderr}`).not.toContain(PASSWORD);
    if (passwordKept !== undefined) expect(passwordKept).toBe(true);
  });

  it(REMEMBER_BOX.includes(name) ? 'verifies the remember-me box and names the cookie it earns' : 'writes no rememberMe: the login form has no such box', () => {
    const { discovered, handWritten } = result();
    if (!REMEMBER_BOX.includes(name)) return expect(discovered?.target.rememberMe).toBeUndefined();
    expect(discovered?.target.rememberMe).toEqual({ fields: { remember: 'on' }, cookie: 'remember' });
    // accounts-reject's config leaves remember-me out on purpose; the others name what discover found.
    if (handWritten.target.rememberMe) expect(discovered?.target.rememberMe).toEqual(handWritten.target.rememberMe);
  });

  if (KEPT[name]) {
    it('finds and says what it leaves to the hand-written config', () => KEPT[name]!.found(result()));
  }

  it("gives, with the example's spec, exactly the verdicts of the hand-written config", () => {
    const { run, expected, checks } = result();
    expect(run?.code, run?.stderr).not.toBe(3);
    expect(verdictMismatches(expected, checks)).toEqual([]);
  });
});

describe('the README', () => {
  it("shows, in its first-run section, discover's output on the conformant example as it is", async () => {
    const readme = await readFile(path.join(REPO, 'README.md'), 'utf8');
    const shown = /Each finding is printed with its evidence and a confidence:\n\n```text\n([\s\S]*?)```/.exec(readme)?.[1];
    const { discovery, url } = resultOf('conformant');
    const printed = discovery.stdout.slice(0, discovery.stdout.indexOf('\nwrote ') + 1).replaceAll(url, 'https://staging.example.com');
    const timeless = (text: string | undefined) => text?.replace(/discovered in [\d.]+ s/, 'discovered in T s');
    expect(timeless(shown)).toBe(timeless(printed));
  });
});
