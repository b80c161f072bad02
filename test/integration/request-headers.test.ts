/**
 * Browser-faithful requests against a real loopback server that records what it receives: page loads
 * and form posts carry a navigation's headers, JSON flows a fetch's, every flow its configured extra
 * headers, and the oracle the same defaults as the flows. The server answers like applications that
 * switch to a JSON answer when `Accept` names JSON: only a browser-like request sees the logged-in page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EvidenceLog, Redactor } from '../../src/evidence.js';
import { HttpClient } from '../../src/drivers/http.js';
import { runFlow } from '../../src/target/flows.js';
import { Oracle } from '../../src/target/oracle.js';
import type { Account, Flow } from '../../src/config/types.js';

interface Seen {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
}

const ACCOUNT: Account = { username: 'alice', password: 'pw-not-in-reports' };
let server: Server;
let base: string;
const seen: Seen[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      seen.push({ method: req.method!, path: req.url!, headers: req.headers });
      const loggedIn = /sid=live/.test(req.headers.cookie ?? '');
      // Like the PHP application of issue 19: any Accept naming JSON gets the API answer, without the toolbar.
      if (/application\/json/.test(req.headers.accept ?? '')) {
        res.setHeader('content-type', 'application/json');
        return res.end(JSON.stringify({ ok: true }));
      }
      if (req.url === '/login' && req.method === 'GET') {
        return res.end('<form method="post" action="/login"><input name="user"><input type="password" name="pass"><input type="hidden" name="csrf" value="t1"></form>');
      }
      if (req.url === '/login' && req.method === 'POST') {
        res.writeHead(303, { location: '/home', 'set-cookie': 'sid=live; Path=/' });
        return res.end();
      }
      res.end(loggedIn ? '<nav>Signed in as alice <a href="/logout">Log out</a></nav><main>Home</main>' : '<nav><a href="/login">Log in</a></nav><main>Home</main>');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

function client(device: string): HttpClient {
  return new HttpClient({
    device,
    baseUrl: base,
    userAgent: 'sessionprobe-test',
    timeoutMs: 5_000,
    scope: { origin: base, allowedHosts: [] },
    evidence: new EvidenceLog(new Redactor()),
  });
}

async function record(run: () => Promise<unknown>): Promise<Seen[]> {
  const from = seen.length;
  await run();
  return seen.slice(from);
}

const NAVIGATION = {
  'accept-language': 'en-US,en;q=0.9',
  'sec-fetch-dest': 'document',
  'sec-fetch-mode': 'navigate',
  'sec-fetch-user': '?1',
  'upgrade-insecure-requests': '1',
};

describe('browser-faithful request headers', () => {
  it('a form login opens its page as a navigation and submits the form as a same-origin navigation with Origin', async () => {
    const flow: Flow = { kind: 'form', url: '/login', fields: { user: '{{username}}', pass: '{{password}}' } };
    const [page, submit, landing] = await record(() => runFlow(client('form'), flow, ACCOUNT, 'login'));
    expect(page!.headers).toMatchObject({ ...NAVIGATION, 'sec-fetch-site': 'none' });
    expect(page!.headers.accept).toMatch(/^text\/html,application\/xhtml\+xml,/);
    expect(page!.headers.accept).not.toMatch(/application\/json/);
    expect(page!.headers.origin).toBeUndefined();
    expect(submit).toMatchObject({ method: 'POST', headers: { ...NAVIGATION, 'sec-fetch-site': 'same-origin', origin: base } });
    expect(landing).toMatchObject({ method: 'GET', path: '/home', headers: NAVIGATION });
  });

  it('a JSON flow sends what fetch() sends: Accept application/json, CORS mode, Origin', async () => {
    const flow: Flow = { kind: 'json', method: 'POST', url: '/api/login', body: { user: '{{username}}' } };
    const [sent] = await record(() => runFlow(client('json'), flow, ACCOUNT, 'login'));
    expect(sent!.headers).toMatchObject({
      accept: 'application/json',
      'accept-language': 'en-US,en;q=0.9',
      'sec-fetch-dest': 'empty',
      'sec-fetch-mode': 'cors',
      'sec-fetch-site': 'same-origin',
      origin: base,
      'content-type': 'application/json',
    });
    expect(sent!.headers['upgrade-insecure-requests']).toBeUndefined();
  });

  it("sends a flow's extra headers (with placeholders filled) on every request of that flow, over the defaults", async () => {
    const flow: Flow = { kind: 'form', url: '/login', fields: { user: '{{username}}' }, headers: { 'X-Requested-With': 'sessionprobe', 'X-User': '{{username}}', 'Accept-Language': 'de-CH' } };
    const requests = await record(() => runFlow(client('extra'), flow, ACCOUNT, 'login'));
    // The headers belong to the flow's own requests; redirect hops are the server's, as in a browser.
    const own = requests.filter((r) => r.path === '/login');
    expect(own).toHaveLength(2);
    for (const r of own) expect(r.headers).toMatchObject({ 'x-requested-with': 'sessionprobe', 'x-user': 'alice', 'accept-language': 'de-CH' });
    const link: Flow = { kind: 'link', url: '/home', selector: 'a', headers: { 'X-Flow': 'link' } };
    const linked = await record(() => runFlow(client('link'), link, ACCOUNT, 'follow'));
    expect(linked.map((r) => r.headers['x-flow'])).toEqual(['link', 'link']);
  });

  it('the oracle asks with the same navigation headers, so it sees the page a browser sees and calibrates on its marker', async () => {
    const anonymous = client('anonymous');
    const loggedIn = client('logged-in');
    await runFlow(loggedIn, { kind: 'form', url: '/login', fields: { user: '{{username}}', pass: '{{password}}' } }, ACCOUNT, 'login');
    const asked = await record(async () => {
      const oracle = await Oracle.calibrate(`${base}/home`, anonymous, loggedIn, 'alice');
      expect(oracle.description).toContain('Signed in as alice');
      expect((await oracle.ask(loggedIn, 'check')).answer).toBe('yes');
      expect((await oracle.ask(anonymous, 'check')).answer).toBe('no');
    });
    expect(asked).toHaveLength(6);
    for (const r of asked) expect(r.headers).toMatchObject({ ...NAVIGATION, 'sec-fetch-site': 'none' });
  });
});
