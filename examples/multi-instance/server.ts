/**
 * One site deployed as two instances that share a real Redis, each with an in-process session cache in
 * front of it — the usual way to spare the store a round trip per request. Logout deletes the session
 * from Redis and from the cache of the instance that served it; the other instance keeps answering
 * from its cache until the entry is CACHE_SECONDS old ('lagging'), unless every instance drops the entry
 * when logout announces it on a Redis pub/sub channel ('fixed').
 * Redis: opts.redisUrl, else REDIS_URL, else a redis-server started for the example on a loopback port.
 */
import express from 'express';
import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';
import { cookieValue, escapeHtml, listen, loginFormPage, noStore, page, verifyCredentials, type RunningServer, type StartOptions } from '../shared.js';
import { startRedis } from '../redis-server.js';
import { CACHE_SECONDS } from '../timings.js';

export type InstanceMode = 'lagging' | 'fixed';

const COOKIE = '__Host-sid';
const ATTRIBUTES = 'Path=/; Secure; HttpOnly; SameSite=Lax';
const REVOKED_CHANNEL = 'sp-multi-instance:revoked';

type Redis = ReturnType<typeof createClient>;

export interface MultiInstanceServer extends RunningServer {
  /** Every instance, each reached directly (the first is `url`). */
  instances: string[];
}

async function startInstance(mode: InstanceMode, redis: Redis, prefix: string, opts: StartOptions): Promise<RunningServer> {
  const cache = new Map<string, { user: string; cachedAt: number }>();
  const subscriber = mode === 'fixed' ? redis.duplicate() : undefined;
  if (subscriber) {
    await subscriber.connect();
    await subscriber.subscribe(REVOKED_CHANNEL, (id) => cache.delete(id));
  }

  async function userOf(id: string | undefined): Promise<string | undefined> {
    if (id === undefined) return undefined;
    const cached = cache.get(id);
    if (cached && Date.now() - cached.cachedAt < CACHE_SECONDS * 1000) return cached.user;
    const user = (await redis.get(`${prefix}${id}`)) ?? undefined;
    if (user === undefined) cache.delete(id);
    else cache.set(id, { user, cachedAt: Date.now() });
    return user;
  }

  const app = express();
  app.disable('x-powered-by');
  app.use(express.urlencoded({ extended: false }));
  app.use(noStore);
  app.get('/', (_req, res) => res.redirect('/login'));
  app.get('/login', (_req, res) => res.send(loginFormPage('/login')));

  app.post('/login', async (req, res) => {
    const { username, password } = req.body as Record<string, unknown>;
    if (!verifyCredentials(username, password)) {
      res.status(401).send(loginFormPage('/login', 'Wrong username or password.'));
      return;
    }
    const id = randomBytes(32).toString('base64url');
    await redis.set(`${prefix}${id}`, username, { EX: 8 * 3600 });
    res.append('Set-Cookie', `${COOKIE}=${id}; ${ATTRIBUTES}`);
    res.redirect(303, '/account');
  });

  app.get('/account', async (req, res) => {
    const user = await userOf(cookieValue(req.headers.cookie, COOKIE));
    if (user === undefined) {
      res.redirect('/login');
      return;
    }
    res.send(page('Account', `<p>Signed in as ${escapeHtml(user)}</p><form method="post" action="/logout"><button type="submit">Sign out</button></form>`));
  });

  app.post('/logout', async (req, res) => {
    const id = cookieValue(req.headers.cookie, COOKIE);
    if (id !== undefined) {
      await redis.del(`${prefix}${id}`);
      cache.delete(id);
      if (mode === 'fixed') await redis.publish(REVOKED_CHANNEL, id);
    }
    res.append('Set-Cookie', `${COOKIE}=; ${ATTRIBUTES}; Max-Age=0`);
    res.set('Clear-Site-Data', '"cache", "cookies", "storage"');
    res.redirect(303, '/login');
  });

  return listen(app, opts, async () => {
    await subscriber?.close();
  });
}

export async function startServer(opts: StartOptions & { mode: InstanceMode }): Promise<MultiInstanceServer> {
  const given = opts.redisUrl ?? process.env.REDIS_URL;
  const own = given ? undefined : await startRedis();
  const redis: Redis = createClient({ url: given ?? own!.url });
  redis.on('error', (err: unknown) => console.error('multi-instance example: redis error', err));
  const instances: RunningServer[] = [];
  try {
    await redis.connect();
    // Each start gets its own key prefix, so runs sharing one Redis never see each other's sessions.
    const prefix = `sp-multi-instance:${randomBytes(4).toString('hex')}:`;
    // The first instance takes the requested port; the second any free one.
    instances.push(await startInstance(opts.mode, redis, prefix, opts));
    instances.push(await startInstance(opts.mode, redis, prefix, { host: opts.host }));
  } catch (err) {
    await Promise.all(instances.map((i) => i.close()));
    await redis.close().catch(() => undefined);
    own?.stop();
    throw err;
  }
  return {
    url: instances[0]!.url,
    instances: instances.map((i) => i.url),
    async close() {
      await Promise.all(instances.map((i) => i.close()));
      await redis.close();
      own?.stop();
    },
  };
}
