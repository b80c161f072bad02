/**
 * Session-ID sampling: collect spec.token.samples IDs — pre-auth IDs when the login page issues one
 * to a cookie-less visitor (cheap, no account involved), otherwise fresh logins at target.loginRate.interval,
 * each logged out again — and analyse them here, on raw values. Only the analysis leaves the probe.
 */
import setCookieParser from 'set-cookie-parser';
import type { Dispatcher } from 'undici';
import type { SessionArtifact, TokenSampleArtifact } from '../../src/model/artifacts.js';
import type { Probe } from '../../src/probe.js';
import type { TargetSession } from '../../src/target/session.js';
import { exchangeDeadline, newAgent, undici } from '../../src/drivers/http.js';
import { parseSetCookie } from '../../src/cookies/parse.js';
import { runFlow } from '../../src/target/flows.js';
import { sample, type Take } from '../../src/target/sampler.js';
import { analyseTokens } from '../../src/token/analysis/index.js';
import { DECODINGS, findContent } from '../../src/token/content.js';

const PRE_AUTH_CONCURRENCY = 8;
/** Sampling requests recorded in the evidence as examples; the rest are only counted. */
const RECORDED = 2;

export const tokenSampleProbe: Probe<'tokenSample'> = {
  id: 'tokenSample',
  title: 'session-ID sampling',
  // Sampling by login logs each session out again; without a logout flow every one of them stays on the account.
  effect: ({ session, established }) => (source(session, established)?.kind === 'login' && !session.target.logout ? 'leaves-sessions' : 'none'),
  async run({ session, established, spec, progress, budget }): Promise<TokenSampleArtifact> {
    const from = source(session, established);
    if (!from) return { notApplicable: 'no session cookie or bearer token was identified' };
    const { carrier } = from;
    const n = spec.token.samples;
    const preAuth = from.kind === 'pre-auth' ? from.request : null;
    // target.loginRate.interval paces logins for every probe; sampling by login respects it too.
    const loginsPerSecond = Math.round((1000 / session.target.loginRate.intervalMs) * 10) / 10;
    // Each sampling login holds a session until its logout: no more at once than the slots this probe was given.
    const slots = budget.accounts[0]?.slots ?? 1;
    const concurrency = preAuth ? PRE_AUTH_CONCURRENCY : Math.max(1, Math.min(4, Math.ceil(loginsPerSecond), slots));
    const agent = newAgent(session.target.tls, concurrency);
    try {
      const what = preAuth ? `sampling ${n} pre-auth ${carrier} IDs from GET ${preAuth.path}` : `sampling ${n} ${carrier} values by logging in (${loginsPerSecond}/s)`;
      progress.step(what);
      // Sampling logins must not run into a session limit the run's own earlier sessions use up.
      if (!preAuth) await session.logoutAll("token sampling: freeing the account's session slots first");
      const exchanges: number[] = [];
      const take = preAuth
        ? (i: number) => (i < RECORDED ? recordedPreAuth(session, preAuth.url, carrier, exchanges) : preAuthTake(agent, session, preAuth.url, carrier))
        : (i: number) => loginTake(session, agent, carrier, i);
      const result = await sample({ n, concurrency, perSecond: preAuth ? undefined : loginsPerSecond, what: 'sampling', progress, take });
      const values = result.samples.map((s) => s.value);
      return {
        carrier,
        source: preAuth ? { kind: 'pre-auth', request: `GET ${preAuth.path}` } : { kind: 'login', loginsPerSecond },
        requested: n,
        collected: result.samples.length,
        stoppedEarly: result.stoppedEarly,
        durationMs: result.durationMs,
        exchanges,
        analysis: analyseTokens(result.samples),
        content: findContent(values, { username: session.account.username }),
        decodings: DECODINGS,
      };
    } finally {
      await agent.close();
    }
  },
};

/** Where the IDs come from: pre-auth when a cookie-less visitor is issued one, else fresh logins; null when there is no ID to sample. */
function source(session: TargetSession, established: SessionArtifact): { carrier: string; kind: 'login' } | { carrier: string; kind: 'pre-auth'; request: { url: string; path: string } } | null {
  const carrier = established.authKind === 'bearer' ? 'bearer token' : established.sessionCookies[0];
  if (!carrier) return null;
  const request = established.authKind === 'cookie' ? preAuthRequest(session, established, carrier) : null;
  return request ? { carrier, kind: 'pre-auth', request } : { carrier, kind: 'login' };
}

/** The first GET of the login flow, before anything was submitted, that issued the session cookie. */
function preAuthRequest(session: TargetSession, established: SessionArtifact, cookie: string): { url: string; path: string } | null {
  for (const id of established.login.exchanges) {
    const e = session.evidence.byId(id);
    if (!e || e.request.method !== 'GET') return null;
    if (e.setCookies.some((c) => c.name === cookie && !c.value.empty) && !e.request.url.includes('[masked')) {
      const url = new URL(e.request.url);
      return { url: url.toString(), path: url.pathname + url.search };
    }
  }
  return null;
}

function refusal(status: number): Take | null {
  return status === 429 || status === 503 ? { refused: `the target answered ${status}` } : null;
}

async function preAuthTake(agent: ReturnType<typeof newAgent>, session: TargetSession, url: string, cookie: string): Promise<Take> {
  const deadline = exchangeDeadline(session.target.requestTimeoutMs, session.interrupt);
  let res: Dispatcher.ResponseData;
  try {
    res = await undici().request(url, { dispatcher: agent, headers: { 'user-agent': session.target.userAgent, accept: 'text/html,*/*;q=0.8' }, signal: deadline.signal });
    await res.body.dump();
  } finally {
    deadline.clear();
  }
  const refused = refusal(res.statusCode);
  if (refused) return refused;
  const headers = [res.headers['set-cookie'] ?? []].flat();
  const value = headers.flatMap((h) => setCookieParser.splitCookiesString(h)).map(parseSetCookie).find((c) => c.name === cookie && c.value !== '')?.value;
  return value ? { value } : { missing: `a response (status ${res.statusCode}) set no ${cookie}` };
}

/** A sampling request made through the recording driver, as an example in the report (its ID is masked). */
async function recordedPreAuth(session: TargetSession, url: string, cookie: string, exchanges: number[]): Promise<Take> {
  const res = await session.replayer.request({ url, step: 'token sampling: pre-auth ID (example)', credentials: { cookies: [] }, followRedirects: false });
  exchanges.push(...res.exchanges);
  const refused = refusal(res.status);
  if (refused) return refused;
  const value = res.setCookies.find((c) => c.name === cookie && c.value !== '')?.value;
  return value ? { value } : { missing: `a response (status ${res.status}) set no ${cookie}` };
}

async function loginTake(session: TargetSession, agent: ReturnType<typeof newAgent>, carrier: string, i: number): Promise<Take> {
  const client = session.unrecordedClient(`sampler-${i}`, agent);
  try {
    const login = await runFlow(client, session.target.login, session.account, 'sampling: login');
    const refused = refusal(login.response.status);
    if (refused) return refused;
    if (login.response.status >= 400) return { refused: `the login answered ${login.response.status}` };
    const value =
      carrier === 'bearer token' ? client.authorization?.replace(/^\S+\s+/, '') : (await client.cookies(session.oracle.url)).find((c) => c.name === carrier)?.value;
    if (session.target.logout) await runFlow(client, session.target.logout, session.account, 'sampling: logout').catch(() => undefined);
    return value ? { value } : { missing: `a login set no ${carrier}` };
  } finally {
    await client.close();
  }
}
