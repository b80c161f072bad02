/**
 * Someone else on the run's account mid-run. The limited example (one account, at most 2 sessions, the
 * oldest evicted) is run through a proxy; a second actor — this test, with its own HTTP client — logs in
 * on the same account at two chosen moments: between the logout probe's readings of its never-logged-out
 * session (twice, which evicts that session), and right before the concurrency probe's third login
 * (once, which makes the limit bite one session early). The run must say so in one warning, on the
 * console and in every report, and neither check may pass or fail on it. The same run without the second
 * actor: no warning, both pass. And on the accounts example, the actor — a person on the same account —
 * presses "sign out on all other devices" in the middle of the logout probe: the same warning.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { request, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer as startLimited } from '../../examples/limited/server.js';
import { startServer as startAccounts } from '../../examples/accounts/server.js';
import type { RunningServer } from '../../examples/shared.js';
import { REPO, runCli, type CliRun } from '../e2e/cli.js';
import { EXAMPLE_USER } from '../fixtures/example-runs.js';
import { startRecordingProxy } from '../fixtures/recording-proxy.js';

const CHECKS = ['logout.server-revocation', 'concurrency.limit'];
const WARNING = /Someone else may be using this account/;

interface Run {
  cli: CliRun;
  report: { checks: Array<{ id: string; verdict: string; observed: string }>; notices: Array<{ level: string; message: string }> };
  files: Record<'junit' | 'html' | 'markdown', string>;
}

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sp-foreign-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** One request of the second actor straight at the app: its own connection, cookies and User-Agent. */
function send(app: string, method: string, url: string, o: { form?: Record<string, string>; cookie?: string } = {}): Promise<{ status: number; cookie: string; body: string }> {
  const body = o.form ? new URLSearchParams(o.form).toString() : '';
  const headers = { 'user-agent': 'a colleague', ...(o.form && { 'content-type': 'application/x-www-form-urlencoded' }), ...(o.cookie && { cookie: o.cookie }) };
  return new Promise((resolve, reject) => {
    const req = request(new URL(url, app), { method, headers }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, cookie: (res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; '), body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The run's device a request comes from: the tool names it in its User-Agent. */
function deviceOf(req: IncomingMessage): string {
  return /\(device ([^)]*)\)$/.exec(req.headers['user-agent'] ?? '')?.[1] ?? '';
}

/** The second actor, acting when the proxy sees a request of the run: given the app's own URL. */
type Actor = (req: IncomingMessage, app: string) => Promise<void>;

async function run(name: string, target: { config: string; start: () => Promise<RunningServer>; checks: string[] }, actor?: Actor): Promise<Run> {
  const server = await target.start();
  const proxy = await startRecordingProxy(server.url, { beforeForward: async (req) => actor?.(req, server.url) });
  try {
    const out = path.join(dir, name);
    const cli = await runCli([
      'run',
      '--config',
      path.join(REPO, target.config),
      '--base-url',
      proxy.url,
      '--out',
      out,
      '--reporter',
      'json,junit,html,markdown',
      ...target.checks.flatMap((id) => ['--check', id]),
    ]);
    const read = (file: string) => readFile(path.join(out, file), 'utf8');
    return {
      cli,
      report: JSON.parse(await read('report.json')) as Run['report'],
      files: { junit: await read('junit.xml'), html: await read('report.html'), markdown: await read('summary.md') },
    };
  } finally {
    await proxy.close();
    await server.close();
  }
}

/**
 * Acts once the logout probe has logged its device out and read its never-logged-out session alive:
 * right before that session's second reading, after the replays.
 */
function betweenLogoutControlReadings(act: (app: string) => Promise<void>): Actor {
  let loggedOut = false;
  let readings = 0;
  return async (req, app) => {
    const device = deviceOf(req);
    if (device === 'logout' && req.method === 'POST' && req.url === '/logout') loggedOut = true;
    if (loggedOut && device === 'logout: control' && req.method === 'GET' && req.url === '/account' && ++readings === 2) await act(app);
  };
}

const verdicts = (r: Run) => Object.fromEntries(r.report.checks.filter((c) => CHECKS.includes(c.id)).map((c) => [c.id, c.verdict]));

const LIMITED = { config: 'examples/limited/sessionprobe.yaml', start: () => startLimited({ maxSessions: 2, onExceed: 'evict-oldest' }), checks: CHECKS };

describe('sessions the run did not open appear or vanish mid-run', () => {
  it('without a second actor: no warning, and both checks pass', async () => {
    const quiet = await run('alone', LIMITED);
    expect(quiet.cli.code, quiet.cli.stderr).toBe(0);
    expect(verdicts(quiet)).toEqual({ 'logout.server-revocation': 'pass', 'concurrency.limit': 'pass' });
    expect(quiet.report.notices.filter((n) => WARNING.test(n.message))).toEqual([]);
    expect(quiet.cli.stderr).not.toMatch(WARNING);
    for (const text of Object.values(quiet.files)) expect(text).not.toMatch(WARNING);
  });

  it('with a second actor logging in on the account: one warning everywhere, and no verdict rests on it', async () => {
    let actorLogins = 0;
    const logIn = async (app: string, times: number) => {
      for (let i = 0; i < times; i++) {
        expect((await send(app, 'POST', '/login', { form: EXAMPLE_USER })).status).toBe(303);
        actorLogins++;
      }
    };
    const logoutControl = betweenLogoutControlReadings((app) => logIn(app, 2));
    const shared = await run('shared', LIMITED, async (req, app) => {
      await logoutControl(req, app);
      // The concurrency probe holds 2 sessions, both read alive; one more login of someone else ends the oldest early.
      if (deviceOf(req) === 'session 3' && req.method === 'POST' && req.url === '/login') await logIn(app, 1);
    });
    expect(actorLogins).toBe(3);
    expect(verdicts(shared)).toEqual({ 'logout.server-revocation': 'inconclusive', 'concurrency.limit': 'inconclusive' });
    const revocation = shared.report.checks.find((c) => c.id === 'logout.server-revocation')!;
    expect(revocation.observed).toMatch(/should still be alive was logged out/);
    const limit = shared.report.checks.find((c) => c.id === 'concurrency.limit')!;
    expect(limit.observed).toMatch(/session 1, session 2 were found logged out once all were opened, while the run held 3 session\(s\) of its own at a limit of 2, which explains 1 of them/);

    const warnings = shared.report.notices.filter((n) => WARNING.test(n.message));
    expect(warnings).toHaveLength(1);
    const { message, level } = warnings[0]!;
    expect(level).toBe('warning');
    // Each sign names the session, when it was last seen alive and found gone, and what rests on it.
    const time = String.raw`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z \(exchange #\d+\)`;
    expect(message).toMatch(new RegExp(`a session the run held ended: "logout: control" .*last seen logged in at ${time}, found logged out at ${time}; inconclusive because of it: logout.server-revocation`));
    expect(message).toMatch(new RegExp(`sessions the run did not open: "session 1", "session 2" .*last seen logged in at ${time}, found logged out at ${time}; inconclusive because of it: concurrency.limit`));
    expect(message).toMatch(/another run, a person, or a scheduled job/);

    expect(shared.cli.stderr).toMatch(/WARNING: Someone else may be using this account/);
    expect(shared.files.junit).toMatch(/<system-out>notice \(warning\): Someone else may be using this account/);
    expect(shared.files.html).toMatch(/<li class="notice n-warning"><strong>warning<\/strong> Someone else may be using this account/);
    expect(shared.files.markdown).toMatch(/- \*\*Notice \(warning\):\*\* Someone else may be using this account/);
  });

  it('with a person on the account signing out every other device mid-run: the same warning, and no verdict rests on it', async () => {
    let signedOut = 0;
    const accounts = { config: 'examples/accounts/conformant/sessionprobe.yaml', start: () => startAccounts(), checks: ['logout.server-revocation'] };
    const shared = await run('signed-out', accounts, betweenLogoutControlReadings(async (app) => {
      const { cookie } = await send(app, 'POST', '/login', { form: EXAMPLE_USER });
      const page = await send(app, 'GET', '/account', { cookie });
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
      expect((await send(app, 'POST', '/sessions/revoke-others', { cookie, form: { _csrf: csrf, password: EXAMPLE_USER.password } })).status).toBe(303);
      signedOut++;
    }));
    expect(signedOut).toBe(1);
    expect(verdicts(shared)).toEqual({ 'logout.server-revocation': 'inconclusive' });
    const alone = await run('signed-out-alone', accounts);
    expect(verdicts(alone)).toEqual({ 'logout.server-revocation': 'pass' });
    expect(alone.report.notices).toEqual([]);
    const warnings = shared.report.notices.filter((n) => WARNING.test(n.message));
    expect(warnings).toEqual([{ level: 'warning', message: expect.stringMatching(/a session the run held ended: "logout: control" .*inconclusive because of it: logout.server-revocation\./) }]);
  });
});
