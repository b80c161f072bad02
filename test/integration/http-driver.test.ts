/**
 * The HTTP driver against real loopback servers: hops recorded, scope guard, replays, masking.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EvidenceLog, Redactor } from '../../src/evidence.js';
import { HttpClient, TransportError } from '../../src/drivers/http.js';
import { OutOfScopeError } from '../../src/drivers/scope.js';
import { deviceUserAgent } from '../../src/target/session.js';

interface Seen {
  method: string;
  url: string;
  cookie?: string;
  body: string;
}

async function serve(host: string, handler: (req: IncomingMessage, body: string, res: import('node:http').ServerResponse) => void) {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, cookie: req.headers.cookie, body });
      handler(req, body, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, host, r));
  return { server, seen, url: `http://${host}:${(server.address() as AddressInfo).port}` };
}

let inScope: Awaited<ReturnType<typeof serve>>;
let dropped = false;
let elsewhere: Awaited<ReturnType<typeof serve>>;
const SID = 'a1b2c3d4e5f6a7b8c9d0';

beforeAll(async () => {
  // 127.0.0.2 is another loopback address: a different origin on the same machine.
  elsewhere = await serve('127.0.0.2', (_req, _body, res) => res.end('identity provider'));
  inScope = await serve('127.0.0.1', (req, _body, res) => {
    if (req.url === '/login') {
      res.writeHead(303, { location: '/home', 'set-cookie': [`sid=${SID}; Path=/; HttpOnly`, 'lang=en; Path=/'] });
      return res.end();
    }
    if (req.url === '/sso') {
      res.writeHead(302, { location: `${elsewhere.url}/authorize?session=${SID}` });
      return res.end();
    }
    // The ID straddles the 16 KiB evidence limit: cut before masking, its first half would survive.
    if (req.url === '/big') return res.end(`${'x'.repeat(16 * 1024 - 10)}${SID}${'y'.repeat(5_000)}`);
    if (req.url === '/endless') {
      const chunk = Buffer.alloc(64 * 1024, 'z');
      const pump = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', pump);
      };
      return pump();
    }
    // Drops the connection under every other request: the first GET of a pair is lost, the second answered.
    if (req.url === '/drops' || req.url === '/drop-post') {
      dropped = !dropped;
      if (dropped) return req.socket.destroy();
      return res.end('answered');
    }
    if (req.url === '/login-drops') {
      res.writeHead(303, { location: '/drops' });
      return res.end();
    }
    if (req.url === '/rotate') {
      res.writeHead(200, { 'set-cookie': 'sid=rotatedvalue12345; Path=/' });
      return res.end('rotated');
    }
    res.end(`home; cookie=${req.headers.cookie ?? ''}`);
  });
});

afterAll(async () => {
  await Promise.all([inScope, elsewhere].map((s) => new Promise((r) => s.server.close(r))));
});

function client(allowedHosts: string[] = [], baseUrl = inScope.url, userAgent = 'sessionprobe-test') {
  const evidence = new EvidenceLog(new Redactor());
  evidence.redactor.addPassword('hunter2-secret');
  const c = new HttpClient({
    device: 'test',
    baseUrl,
    userAgent,
    timeoutMs: 5_000,
    scope: { origin: new URL(baseUrl).origin, allowedHosts },
    evidence,
  });
  return { c, evidence };
}

describe('HttpClient', () => {
  it('sends a device named in prose (idle T−g) as a valid, ASCII User-Agent', async () => {
    const ua = deviceUserAgent('sessionprobe/1', 'timeout: idle T−g');
    expect(ua).toBe('sessionprobe/1 (device timeout: idle T-g)');
    const { c } = client([], inScope.url, ua);
    const res = await c.request({ url: '/login', step: 'login' });
    expect(res.status).toBe(200);
  });

  it('follows a 303 after POST as GET, recording every hop with its raw Set-Cookie, values masked', async () => {
    const { c, evidence } = client();
    const res = await c.request({ method: 'POST', url: '/login', form: { user: 'alice', password: 'hunter2-secret' }, step: 'login' });
    expect(res.status).toBe(200);
    expect(res.exchanges).toHaveLength(2);
    const [post, get] = evidence.exchanges;
    expect(post!.request.method).toBe('POST');
    expect(post!.request.body).toBe('user=alice&password=[masked password]');
    expect(post!.setCookies.map((s) => s.name)).toEqual(['sid', 'lang']);
    expect(post!.setCookies[0]!.header).toMatch(/^sid=\[masked fp=[0-9a-f]{8} len=20\]; Path=\/; HttpOnly$/);
    expect(get!.request.method).toBe('GET');
    expect(get!.redirectOf).toBe(post!.id);
    // The jar sent the new cookie on the next hop, and the recorded Cookie header is masked.
    expect(inScope.seen.at(-1)!.cookie).toContain(`sid=${SID}`);
    expect(JSON.stringify(evidence.exchanges)).not.toContain(SID);
    expect(JSON.stringify(evidence.exchanges)).not.toContain('hunter2');
  });

  it('records but never follows a redirect to another origin, unless the host is allowed', async () => {
    const before = elsewhere.seen.length;
    const { c, evidence } = client();
    await c.request({ url: '/login', step: 'login' });
    const res = await c.request({ url: '/sso', step: 'sso' });
    expect(res.status).toBe(302);
    expect(elsewhere.seen.length).toBe(before);
    const hop = evidence.exchanges.at(-1)!;
    expect(hop.response!.headers.find(([n]) => n === 'location')![1]).toMatch(/authorize\?session=\[masked fp=/);

    const allowed = client([new URL(elsewhere.url).host]);
    await allowed.c.request({ url: '/sso', step: 'sso' });
    expect(elsewhere.seen.length).toBe(before + 1);
  });

  it('refuses to send anything to an origin outside the scope', async () => {
    const before = elsewhere.seen.length;
    const { c, evidence } = client();
    const count = evidence.exchanges.length;
    await expect(c.request({ method: 'POST', url: `${elsewhere.url}/login`, form: { password: 'hunter2-secret' }, step: 'idp' })).rejects.toBeInstanceOf(
      OutOfScopeError,
    );
    expect(elsewhere.seen.length).toBe(before);
    expect(evidence.exchanges.length).toBe(count);
  });

  it('sends a GET once more when the server closes the connection under it (a login redirect included), never a POST', async () => {
    dropped = false;
    const { c, evidence } = client();
    const res = await c.request({ method: 'POST', url: '/login-drops', form: { user: 'alice' }, step: 'login' });
    expect(res.status).toBe(200);
    expect(res.body).toBe('answered');
    const [post, lost, again] = evidence.exchanges;
    expect(post!.request.method).toBe('POST');
    expect(lost!.error).toMatch(/other side closed|ECONNRESET|socket hang up/);
    expect(again!.step).toBe('login (sent again: the connection was closed)');
    dropped = false;
    await expect(c.request({ method: 'POST', url: '/drop-post', form: { a: '1' }, step: 'form' })).rejects.toBeInstanceOf(TransportError);
    expect(evidence.exchanges).toHaveLength(4);
  });

  it('replays exactly the given credentials, and does not store what the answer sets', async () => {
    const { c } = client();
    await c.request({ url: '/login', step: 'login' });
    await c.request({ url: '/rotate', step: 'replay', credentials: { cookies: [{ name: 'sid', value: 'oldvalue-1234' }] } });
    expect(inScope.seen.at(-1)!.cookie).toBe('sid=oldvalue-1234');
    expect((await c.cookies()).find((k) => k.name === 'sid')!.value).toBe(SID);
    await c.request({ url: '/', step: 'nothing', credentials: { cookies: [] } });
    expect(inScope.seen.at(-1)!.cookie).toBeUndefined();
  });

  it('masks secrets before truncating a body, so no piece of one survives', async () => {
    const { c, evidence } = client();
    await c.request({ url: '/login', step: 'login' });
    await c.request({ url: '/big', step: 'big' });
    const big = evidence.exchanges.at(-1)!.response!;
    expect(big.bodyTruncated).toBe(true);
    expect(big.bodyBytes).toBe(16 * 1024 - 10 + SID.length + 5_000);
    expect(big.body).not.toContain(SID.slice(0, 10));
    expect(big.body.slice(-10)).toBe('[masked fp');
  });

  it('stops reading a body that never ends', async () => {
    const { c, evidence } = client();
    const res = await c.request({ url: '/endless', step: 'endless' });
    expect(res.body.length).toBe(1024 * 1024);
    expect(evidence.exchanges.at(-1)!.response!.bodyTruncated).toBe(true);
  });

  it('turns a refused connection into a TransportError, still recording the attempt', async () => {
    const s = createServer();
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    const port = (s.address() as AddressInfo).port;
    await new Promise((r) => s.close(r));
    const { c, evidence } = client([], `http://127.0.0.1:${port}`);
    await expect(c.request({ url: '/', step: 'closed' })).rejects.toBeInstanceOf(TransportError);
    expect(evidence.exchanges.at(-1)!.error).toMatch(/ECONNREFUSED/);
  });
});
