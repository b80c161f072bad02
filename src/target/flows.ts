/**
 * Performing a configured flow (login, logout, …) with one device. The same flow kinds serve every
 * flow; the result says what happened, and whether it plainly failed, without judging the session.
 */
import type { Account, Flow } from '../config/types.js';
import { TransportError, type HttpClient, type HttpResponse, type RequestSpec } from '../drivers/http.js';
import { fillPlaceholders, usesTotp, type TemplateValues } from './placeholders.js';
import type { TotpCodes } from '../account/totp.js';
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

/** What a device's flows draw on besides HTTP: a browser for browser flows, one-time codes for {{totp}}. */
export interface FlowServices {
  browser: BrowserFlowRunner;
  totp: TotpCodes;
}

const services = new WeakMap<HttpClient, FlowServices>();

/** Lets `client` perform browser flows and fill {{totp}}; the session that made the device provides both. */
export function provideFlowServices(client: HttpClient, provided: FlowServices): void {
  services.set(client, provided);
}

/**
 * The steps of a flow: the flow itself, then each of its `then:` steps (a second factor, a consent),
 * each an HTTP flow of its own on the same device.
 */
export function flowSteps(flow: Flow): Flow[] {
  if ((flow.kind === 'form' || flow.kind === 'json') && flow.then && flow.then.length > 0) {
    const { then, ...first } = flow;
    return [first, ...then];
  }
  return [flow];
}

/** The label of step `index` of a flow with `count` steps, as the evidence names it. */
export function stepLabel(label: string, index: number, count: number): string {
  return count === 1 ? label : `${label}: step ${index + 1} of ${count}`;
}

/** Runs a flow, all its steps in order; the result is the last step's response with every step's exchanges. */
export async function runFlow(client: HttpClient, flow: Flow, account: Account, label: string): Promise<FlowResult> {
  const steps = flowSteps(flow);
  const exchanges: number[] = [];
  let last: FlowResult | undefined;
  for (const [i, step] of steps.entries()) {
    last = await runStep(client, step, account, stepLabel(label, i, steps.length));
    exchanges.push(...last.exchanges);
  }
  return { response: last!.response, exchanges };
}

/** The values a step's placeholders are filled with; a fresh TOTP code only when the step sends one. */
export async function templateValues(client: HttpClient, step: unknown, account: Account, label: string): Promise<TemplateValues> {
  const values: TemplateValues = { username: account.username, password: account.password, newPassword: account.newPassword };
  if (!usesTotp(step)) return values;
  if (!account.totp) throw new FlowError(`${label}: the flow uses {{totp}} but the account ${account.username} has no totp`, []);
  const codes = services.get(client)?.totp;
  if (!codes) throw new FlowError(`${label}: the device ${client.device} cannot make TOTP codes`, []);
  const code = await codes.next(account.totp, label);
  client.evidence.redactor.addOneTimeSecret(code, 'TOTP code');
  return { ...values, totp: code };
}

/** Runs one step of a flow (its `then:` steps are not this function's business). */
export async function runStep(client: HttpClient, flow: Flow, account: Account, label: string): Promise<FlowResult> {
  const exchanges: number[] = [];
  // The flow's own headers (target.<flow>.headers) go with every request it sends.
  const extra = 'headers' in flow && flow.headers ? fillPlaceholders(flow.headers, { username: account.username, password: account.password, newPassword: account.newPassword }) : undefined;
  const send = async (spec: RequestSpec) => {
    const res = await client.request({ ...spec, headers: { ...extra, ...spec.headers } });
    exchanges.push(...res.exchanges);
    return res;
  };
  switch (flow.kind) {
    case 'form': {
      const page = await send({ url: flow.url, step: `${label}: get form` });
      const fields = fillPlaceholders(flow.fields, await templateValues(client, flow.fields, account, label));
      const form = findForm(page.body, page.url, flow.selector, Object.keys(fields));
      if ('error' in form) {
        // A page whose form is built by JavaScript (single-page apps) has no form in its HTML at all.
        const hint = /has no form$/.test(form.error) ? '; if the page builds its form with JavaScript, log in with login.browser' : '';
        throw new FlowError(`${label}: ${form.error} at ${flow.url} (status ${page.status}${hint})`, exchanges);
      }
      const body = { ...form.fields, ...fields };
      const response =
        form.method === 'POST'
          ? await send({ method: 'POST', url: form.action, form: body, kind: 'page-navigation', step: `${label}: submit form` })
          : await send({ url: withQuery(form.action, body), kind: 'page-navigation', step: `${label}: submit form` });
      return { response, exchanges };
    }
    case 'link': {
      const page = await send({ url: flow.url, step: `${label}: get page` });
      const href = findLink(page.body, page.url, flow.selector);
      if (typeof href !== 'string') throw new FlowError(`${label}: ${href.error} at ${flow.url} (status ${page.status})`, exchanges);
      return { response: await send({ url: href, kind: 'page-navigation', step: `${label}: follow link` }), exchanges };
    }
    case 'json': {
      const values = await templateValues(client, flow.body, account, label);
      const response = await send({ method: flow.method, url: flow.url, json: fillPlaceholders(flow.body, values), kind: 'fetch', step: `${label}: send JSON` });
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
      // A refresh token is a credential whichever device's login handed it out, used or not.
      const refreshToken = flow.refreshToken === undefined ? undefined : jsonPath(response.body, flow.refreshToken);
      if (typeof refreshToken === 'string' && refreshToken !== '') {
        client.evidence.redactor.addToken(refreshToken);
        redactAgain(client.evidence, response.exchanges);
      }
      return { response, exchanges };
    }
    case 'request': {
      const values = await templateValues(client, flow, account, label);
      const response = await send({
        method: flow.method,
        url: flow.url,
        // A request without a JSON body stands for a button or link on one of the target's pages.
        kind: flow.json === undefined ? 'page-navigation' : 'fetch',
        form: flow.form ? fillPlaceholders(flow.form, values) : undefined,
        json: flow.json === undefined ? undefined : fillPlaceholders(flow.json, values),
        step: `${label}: send request`,
      });
      return { response, exchanges };
    }
    case 'browser':
    case 'script': {
      const runner = services.get(client)?.browser;
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
