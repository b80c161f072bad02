/**
 * Performing a configured flow (login, logout, …) with one device. The same flow kinds serve every
 * flow; the result says what happened, and whether it plainly failed, without judging the session.
 */
import type { Account, Flow } from '../config/types.js';
import { TransportError, type HttpClient, type HttpResponse } from '../drivers/http.js';
import { fillPlaceholders } from './placeholders.js';
import { findForm, findLink } from './html-forms.js';
import { redactAgain } from '../drivers/record.js';
import type { FlowAttempt } from '../model/attempts.js';

export interface FlowResult {
  response: HttpResponse;
  exchanges: number[];
}


/** Runs a flow; a flow that breaks (no form, unreachable) is an outcome to record, not an exception. */
export function attemptFlow(client: HttpClient, flow: Flow, account: Account, label: string): Promise<FlowAttempt> {
  return attempt(() => runFlow(client, flow, account, label));
}

export async function attempt(perform: () => Promise<FlowResult>): Promise<FlowAttempt> {
  try {
    const result = await perform();
    return { status: result.response.status, exchanges: result.exchanges };
  } catch (error) {
    if (error instanceof FlowError) return { status: null, exchanges: error.exchanges, error: error.message };
    if (error instanceof TransportError) return { status: null, exchanges: [], error: error.message };
    throw error;
  }
}

export class FlowError extends Error {
  override readonly name = 'FlowError';
  constructor(
    message: string,
    readonly exchanges: number[],
  ) {
    super(message);
  }
}

/** Performs a `browser` or `script` flow for a device; the TargetSession that made the device provides it. */
export type BrowserFlowRunner = (client: HttpClient, flow: Extract<Flow, { kind: 'browser' | 'script' }>, account: Account, label: string) => Promise<FlowResult>;

const browserRunners = new WeakMap<HttpClient, BrowserFlowRunner>();

/** Lets `client` perform browser flows (its session hands its cookies to and from a browser). */
export function provideBrowser(client: HttpClient, runner: BrowserFlowRunner): void {
  browserRunners.set(client, runner);
}

export async function runFlow(client: HttpClient, flow: Flow, account: Account, label: string): Promise<FlowResult> {
  const exchanges: number[] = [];
  const send = async (spec: Parameters<HttpClient['request']>[0]) => {
    const res = await client.request(spec);
    exchanges.push(...res.exchanges);
    return res;
  };
  switch (flow.kind) {
    case 'form': {
      const page = await send({ url: flow.url, step: `${label}: get form` });
      const fields = fillPlaceholders(flow.fields, account);
      const form = findForm(page.body, page.url, flow.selector, Object.keys(fields));
      if ('error' in form) {
        // A page whose form is built by JavaScript (single-page apps) has no form in its HTML at all.
        const hint = /has no form$/.test(form.error) ? '; if the page builds its form with JavaScript, log in with login.browser' : '';
        throw new FlowError(`${label}: ${form.error} at ${flow.url} (status ${page.status}${hint})`, exchanges);
      }
      const body = { ...form.fields, ...fields };
      const response =
        form.method === 'POST'
          ? await send({ method: 'POST', url: form.action, form: body, step: `${label}: submit form` })
          : await send({ url: withQuery(form.action, body), step: `${label}: submit form` });
      return { response, exchanges };
    }
    case 'link': {
      const page = await send({ url: flow.url, step: `${label}: get page` });
      const href = findLink(page.body, page.url, flow.selector);
      if (typeof href !== 'string') throw new FlowError(`${label}: ${href.error} at ${flow.url} (status ${page.status})`, exchanges);
      return { response: await send({ url: href, step: `${label}: follow link` }), exchanges };
    }
    case 'json': {
      const response = await send({ method: flow.method, url: flow.url, json: fillPlaceholders(flow.body, account), step: `${label}: send JSON` });
      if (flow.token) {
        const token = jsonPath(response.body, flow.token.from);
        if (typeof token !== 'string' || token === '') {
          throw new FlowError(`${label}: no token at ${flow.token.from} in the response (status ${response.status})`, exchanges);
        }
        client.evidence.redactor.addToken(token);
        // The response carrying the token was recorded before anyone knew it held one.
        redactAgain(client.evidence, response.exchanges);
        client.authorization = flow.token.scheme ? `${flow.token.scheme} ${token}` : token;
      }
      return { response, exchanges };
    }
    case 'request': {
      const response = await send({
        method: flow.method,
        url: flow.url,
        headers: flow.headers ? fillPlaceholders(flow.headers, account) : undefined,
        form: flow.form ? fillPlaceholders(flow.form, account) : undefined,
        json: flow.json === undefined ? undefined : fillPlaceholders(flow.json, account),
        step: `${label}: send request`,
      });
      return { response, exchanges };
    }
    case 'browser':
    case 'script': {
      const runner = browserRunners.get(client);
      if (!runner) throw new FlowError(`${label}: the device ${client.device} has no browser for a '${flow.kind}' flow`, exchanges);
      return runner(client, flow, account, label);
    }
  }
}

function withQuery(url: string, fields: Record<string, string>): string {
  const u = new URL(url);
  for (const [k, v] of Object.entries(fields)) u.searchParams.set(k, v);
  return u.toString();
}

/** The `$.a.b[0].c` subset of JSON path, which is what login responses need. */
export function jsonPath(body: string, path: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return undefined;
  }
  const parts = path.replace(/^\$\.?/, '').match(/[^.[\]]+/g) ?? [];
  for (const part of parts) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}
