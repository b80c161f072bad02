/**
 * `discover --browser`: a login page built by JavaScript, found and used in a real Chromium. The page's
 * inputs are read from the rendered DOM, filled and submitted with Enter; a select left on an empty
 * choice gets its first real option. The JSON request the page sent with the password is replayed over
 * plain HTTP: when that logs in too, the login is written as a json flow; when it does not (a nonce
 * computed in the page, a challenge), the browser steps are kept. The logout is looked for among the
 * logged-in page's buttons and links.
 */
import type { Request } from 'playwright-core';
import type { Account, BrowserStep, Flow } from '../config/types.js';
import type { HttpClient } from '../drivers/http.js';
import type { TargetSession } from '../target/session.js';
import { runFlow } from '../target/flows.js';
import { TargetUntestableError } from '../target/untestable.js';
import type { LoginOutcome } from './outcome.js';
import { isLogoutText } from './form-fields.js';
import { LOGIN_PATHS, tokenIn } from './login.js';
import type { LogoutCandidate } from './controls.js';
import { pathOf } from './findings.js';

interface DomInput {
  selector: string | null;
  type: string;
  hints: string;
}
interface DomSelect {
  selector: string | null;
  value: string;
  options: Array<{ value: string; label: string }>;
}
interface DomControl {
  selector: string;
  text: string;
}
interface Dom {
  inputs: DomInput[];
  selects: DomSelect[];
  controls: DomControl[];
}

/** Runs in the page (the project compiles without the DOM library, so it is sent as source). */
const READ_DOM = `(() => {
  const visible = (el) => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
  const selector = (el) => el.id ? '#' + CSS.escape(el.id) : el.name ? el.tagName.toLowerCase() + '[name="' + el.name.replace(/["\\\\]/g, '\\\\$&') + '"]' : null;
  const hints = (el) => [el.labels && el.labels[0] ? el.labels[0].textContent : '', el.placeholder, el.getAttribute('aria-label'), el.name, el.id, el.autocomplete].filter(Boolean).join(' ').replace(/\\s+/g, ' ').trim();
  const text = (el) => (el.textContent || el.value || el.getAttribute('aria-label') || '').replace(/\\s+/g, ' ').trim();
  return {
    inputs: [...document.querySelectorAll('input')].filter(visible).map((el) => ({ selector: selector(el), type: (el.getAttribute('type') || 'text').toLowerCase(), hints: hints(el) })),
    selects: [...document.querySelectorAll('select')].filter(visible).map((el) => ({ selector: selector(el), value: el.value, options: [...el.options].map((o) => ({ value: o.value, label: o.textContent.trim() })) })),
    controls: [...document.querySelectorAll('a,button,input[type=submit],input[type=button]')].map((el) => ({
      selector: el.id ? '#' + CSS.escape(el.id) : el.tagName.toLowerCase() + ':has-text(' + JSON.stringify(text(el)) + ')',
      text: text(el),
    })),
  };
})()`;

const USER_HINT = /user|e-?mail|login|account|ident|name/i;

export async function browserLogin(session: TargetSession, user: HttpClient, start: string, log: (line: string) => void): Promise<LoginOutcome> {
  const baseUrl = session.target.baseUrl;
  const account = session.account;
  const device = await session.browserDevice(user);
  const visit = async (url: string): Promise<Dom> => {
    await runFlow(user, { kind: 'browser', steps: [{ goto: url }] }, account, 'discover: open the login page');
    return device.page.evaluate<Dom>(READ_DOM);
  };

  let loginPath: string | undefined;
  let dom: Dom | undefined;
  for (const candidate of [pathOf(start, baseUrl), ...LOGIN_PATHS]) {
    log(`looking for a login form in the browser at ${candidate}`);
    const seen = await visit(candidate);
    if (seen.inputs.some((i) => i.type === 'password')) {
      loginPath = pathOf(device.page.url(), baseUrl);
      dom = seen;
      break;
    }
  }
  if (!dom || !loginPath) throw new TargetUntestableError(`found no page with a password input in the browser (at ${pathOf(start, baseUrl)} and the common login paths)`);
  const password = dom.inputs.find((i) => i.type === 'password' && i.selector);
  const texts = dom.inputs.filter((i) => ['text', 'email', 'tel'].includes(i.type) && i.selector);
  const userInput = texts.find((i) => i.type === 'email') ?? texts.find((i) => USER_HINT.test(i.hints)) ?? texts[0];
  if (!password || !userInput) throw new TargetUntestableError(`the page ${loginPath} has a password input but no field for the user name that discover can address`);
  const choices = dom.selects.filter((s) => s.selector && s.value === '' && s.options.some((o) => o.value !== ''));
  const steps: BrowserStep[] = [
    { goto: loginPath },
    { fill: { selector: userInput.selector!, value: '{{username}}' } },
    { fill: { selector: password.selector!, value: '{{password}}' } },
    ...choices.map((s) => ({ select: { selector: s.selector!, value: s.options.find((o) => o.value !== '')!.label } })),
    { press: { selector: password.selector!, key: 'Enter' } },
  ];

  const sent: Request[] = [];
  const record = (r: Request) => void (['fetch', 'xhr'].includes(r.resourceType()) && r.method() !== 'GET' && sent.push(r));
  device.page.on('request', record);
  log(`logging in as ${account.username} in the browser at ${loginPath}`);
  try {
    await runFlow(user, { kind: 'browser', steps }, account, 'discover: login');
  } finally {
    device.page.off('request', record);
  }
  // A page that computes something before it sends the login may navigate after the flow settled.
  const leftLogin = await device.page.waitForURL((u) => u.pathname !== new URL(loginPath, baseUrl).pathname, { timeout: session.target.requestTimeoutMs }).then(
    () => true,
    () => false,
  );
  if (leftLogin) {
    await device.page.waitForLoadState('networkidle', { timeout: 3_000 }).catch(() => undefined);
    await device.settle();
    await user.replaceCookies(await device.cookies());
  }
  const landingPath = pathOf(device.page.url(), baseUrl);
  if (landingPath === loginPath) throw new TargetUntestableError(`after filling ${userInput.selector} and ${password.selector} and pressing Enter, the browser stayed on ${loginPath}: check the account`);
  const after = await device.page.evaluate<Dom>(READ_DOM);
  const landing = await user.request({ url: landingPath, step: 'discover: landing page over HTTP' }).catch(() => undefined);
  const evidence = [
    `${loginPath} has, once its scripts ran, a user field ${userInput.selector} and a password field ${password.selector}`,
    ...choices.map((s) => `the select ${s.selector} starts empty; its first real option “${s.options.find((o) => o.value !== '')!.label}” was chosen (check it is the right one)`),
    `Enter in the password field led to ${landingPath}`,
  ];

  const replayable = await jsonReplay(session, sent, account, baseUrl);
  const logoutControls = after.controls.filter((c) => isLogoutText(c.text));
  const logout: LogoutCandidate[] = logoutControls.map((c) => ({
    flow: { kind: 'browser', steps: [{ goto: landingPath }, { click: c.selector }] },
    how: `the “${c.text}” control (${c.selector}) on ${landingPath}, clicked in the browser`,
  }));
  const ui = { pages: [landingPath], ...(logoutControls[0] ? { logoutControl: logoutControls[0].selector } : {}) };
  if (replayable) {
    return {
      found: { flow: replayable.flow, finding: { topic: 'login', summary: `JSON login, as the page sends it: ${replayable.summary}`, evidence: [...evidence, replayable.evidence], confidence: 'medium' }, browserUi: { logout, ui } },
      landing,
    };
  }
  const flow: Flow = { kind: 'browser', steps: [...steps, { waitFor: { url: landingPath } }] };
  return {
    found: {
      flow,
      finding: {
        topic: 'login',
        summary: `browser login at ${loginPath} (kept as browser steps)`,
        evidence: [...evidence, sent.length ? `the page sent ${sent.map((r) => `${r.method()} ${pathOf(r.url(), baseUrl)}`).join(', ')}; replayed over HTTP it did not log in (a value computed in the page), so the login stays in the browser` : 'the page sent no JSON request with the password'],
        confidence: 'medium',
      },
      browserUi: { logout, ui },
    },
    landing,
  };
}

/** The page's login request as a json flow, when sending it again over HTTP (no browser) logs in too. */
async function jsonReplay(session: TargetSession, sent: Request[], account: Account, baseUrl: string): Promise<{ flow: Flow; summary: string; evidence: string } | undefined> {
  for (const request of sent) {
    const text = request.postData() ?? '';
    if (!text.includes(JSON.stringify(account.password))) continue;
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      continue;
    }
    const templated = JSON.parse(JSON.stringify(body).replaceAll(JSON.stringify(account.password), '"{{password}}"').replaceAll(JSON.stringify(account.username), '"{{username}}"')) as unknown;
    const url = pathOf(request.url(), baseUrl);
    const probe: Flow = { kind: 'json', method: request.method(), url, body: templated };
    const fresh = session.newClient('replay check');
    const res = await runFlow(fresh, probe, account, 'discover: login replayed over HTTP').catch(() => undefined);
    if (!res || res.response.status >= 300) return undefined;
    const token = tokenIn(res.response.body);
    return { flow: { ...probe, ...(token ? { token } : {}) }, summary: `${request.method()} ${url}`, evidence: `the page sent ${request.method()} ${url} with the password in a JSON body; the same body sent over plain HTTP answered ${res.response.status}, so no browser is needed` };
  }
  return undefined;
}
