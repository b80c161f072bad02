/**
 * Finding the login over HTTP: the page with a login form (the start page, a page it links to with a
 * "log in" link, or a common path), else a JSON login API at a common path. Nothing here logs in for
 * real except the JSON probe, whose first 2xx answer is the login.
 */
import type { Flow, TokenExtraction } from '../config/types.js';
import type { HttpClient, HttpResponse } from '../drivers/http.js';
import { describeForms, describeLinks, type FormDescription } from '../target/html-forms.js';
import { describeLoginFields, loginFields, type LoginFields } from './form-fields.js';
import { pathOf, type Finding } from './findings.js';
import { TargetUntestableError } from '../target/untestable.js';

export const LOGIN_LINK = /log\s*-?\s*in|sign\s*-?\s*in|anmelden|connexion|iniciar sesi/i;
export const LOGIN_PATHS = ['/login', '/signin', '/sign-in', '/log-in', '/users/sign_in', '/user/login', '/account/login', '/accounts/login', '/auth/login', '/session/new', '/app/login'];
const JSON_LOGIN_PATHS = ['/api/login', '/api/auth/login', '/api/session', '/api/sessions', '/api/signin', '/api/v1/login', '/auth/login', '/login'];
const JSON_BODIES = [
  { user: 'username', password: 'password' },
  { user: 'email', password: 'password' },
  { user: 'login', password: 'password' },
];

export interface LoginFound {
  flow: Flow;
  finding: Finding;
  /** The form's fields (form logins), for the "remember me" finding. */
  fields?: LoginFields;
}

/** The first login form reachable from `start`, by redirect, by link, then at a common path. */
export async function findLoginForm(client: HttpClient, start: string, baseUrl: string, log: (line: string) => void): Promise<LoginFound | undefined> {
  const tried = new Set<string>();
  let provider: string | undefined;
  const visit = async (url: string, how: string): Promise<{ found?: LoginFound; page?: HttpResponse }> => {
    const key = url.split('#')[0]!;
    if (tried.has(key)) return {};
    tried.add(key);
    log(`looking for a login form at ${pathOf(url, baseUrl)} (${how})`);
    const page = await client.request({ url, step: 'discover: login page' }).catch(() => undefined);
    const request = page && authorizationRequest(page);
    if (request) provider ??= `${pathOf(url, baseUrl)} (${how}) redirects to ${request}`;
    if (!page || page.status >= 400) return { page };
    return { page, found: loginFormOn(page, baseUrl, how) };
  };
  const { found: first, page: home } = await visit(new URL(start, baseUrl + '/').toString(), 'the URL given');
  if (first) return first;
  const links = home ? describeLinks(home.body, home.url).filter((l) => sameOrigin(l.url, baseUrl) && (LOGIN_LINK.test(l.text) || LOGIN_LINK.test(new URL(l.url).pathname))) : [];
  for (const link of links.slice(0, 5)) {
    const { found } = await visit(link.url, `linked from ${pathOf(home!.url, baseUrl)} as “${link.text}”`);
    if (found) return found;
  }
  for (const path of LOGIN_PATHS) {
    const { found } = await visit(new URL(path.slice(1), baseUrl + '/').toString(), 'a common login path');
    if (found) return found;
  }
  if (provider) {
    throw new TargetUntestableError(
      `the login goes through an identity provider: ${provider}. discover finds logins on the target's own pages; write target.login as browser steps through the provider's pages by hand (examples/sso/right/sessionprobe.yaml shows how). No config was written`,
    );
  }
  return undefined;
}

/**
 * Where a redirect sends the browser to sign in elsewhere: an OAuth 2.0 / OpenID Connect authorization
 * request (response_type and client_id, RFC 6749 §4.1.1) or a SAML one (SAMLRequest). A plain
 * cross-origin redirect (http to https, a canonical host) is not one.
 */
function authorizationRequest(page: HttpResponse): string | undefined {
  if (page.status < 300 || page.status >= 400) return undefined;
  const location = page.header('location');
  if (!location) return undefined;
  const to = new URL(location, page.url);
  const q = to.searchParams;
  const oauth = q.has('response_type') && q.has('client_id');
  if (!oauth && !q.has('SAMLRequest')) return undefined;
  return `${to.origin}${to.pathname} (${oauth ? 'an OAuth 2.0 / OpenID Connect authorization request' : 'a SAML authentication request'})`;
}

function loginFormOn(page: HttpResponse, baseUrl: string, how: string): LoginFound | undefined {
  const forms = describeForms(page.body, page.url);
  const candidates = forms.map((form) => ({ form, fields: loginFields(form) })).filter((c): c is { form: FormDescription; fields: LoginFields } => c.fields !== undefined);
  const chosen = candidates[0];
  if (!chosen) return undefined;
  const { form, fields } = chosen;
  const url = pathOf(page.url, baseUrl);
  const redirected = page.exchanges.length > 1 ? ` (reached by redirect)` : '';
  const flow: Flow = {
    kind: 'form',
    url,
    ...(forms.length > 1 ? { selector: form.selector } : {}),
    fields: { [fields.user.name]: '{{username}}', [fields.password.name]: '{{password}}' },
  };
  return {
    flow,
    fields,
    finding: {
      topic: 'login',
      summary: `form login at ${url}: ${form.method} ${pathOf(form.action, baseUrl)}`,
      evidence: [`GET ${url} answered ${page.status}${redirected}, ${how}; ${forms.length} form(s) on the page, this one has one password input`, ...describeLoginFields(fields)],
      confidence: 'medium',
    },
  };
}

/**
 * A JSON login API: POSTs the account, under the usual field names, to the usual paths. A 404 or 405
 * means no such endpoint; a 400/401/403/422 means the endpoint exists and the next field names are
 * tried. The first 2xx that sets a cookie or returns a token is a login (the caller proves it with the oracle).
 */
export async function findJsonLogin(client: HttpClient, baseUrl: string, account: { username: string; password: string }, log: (line: string) => void): Promise<(LoginFound & { response: HttpResponse }) | undefined> {
  for (const path of JSON_LOGIN_PATHS) {
    for (const names of JSON_BODIES) {
      log(`trying a JSON login at ${path} with {${names.user}, ${names.password}}`);
      const body = { [names.user]: account.username, [names.password]: account.password };
      const res = await client.request({ method: 'POST', url: path, json: body, kind: 'fetch', step: 'discover: JSON login' }).catch(() => undefined);
      if (!res || res.status === 404 || res.status === 405 || res.status >= 500 || /text\/html/.test(res.header('content-type') ?? '')) break;
      if (res.status >= 300) continue;
      const token = tokenIn(res.body);
      const refreshToken = refreshTokenIn(res.body);
      // A 2xx that issues neither a cookie nor a token is some other page answering any method, not a login.
      if (!token && res.setCookies.length === 0) break;
      const flow: Flow = {
        kind: 'json',
        method: 'POST',
        url: path,
        body: { [names.user]: '{{username}}', [names.password]: '{{password}}' },
        ...(token ? { token } : {}),
        ...(refreshToken ? { refreshToken } : {}),
      };
      const carrier = `${token ? `a token at ${token.from} (sent as Authorization: Bearer)` : res.setCookies.length ? `cookies ${res.setCookies.map((c) => c.name).join(', ')}` : 'no cookie and no token'}${refreshToken ? `, and a refresh token at ${refreshToken}` : ''}`;
      return {
        flow,
        response: res,
        finding: {
          topic: 'login',
          summary: `JSON login: POST ${path} with {${names.user}, ${names.password}}`,
          evidence: [`no login form in the HTML pages; POST ${path} answered ${res.status} with ${carrier}`],
          confidence: 'medium',
        },
      };
    }
  }
  return undefined;
}

/** The top-level string fields of a JSON body long enough to be tokens. */
function tokenFields(body: string): Array<[string, string]> {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return [];
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  return Object.entries(value as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1].length >= 16);
}

const REFRESH_FIELD = /^refresh_?token$/i;

/** Where a JSON login response carries a refresh token (a field named like one), for target.refresh. */
export function refreshTokenIn(body: string): string | undefined {
  const hit = tokenFields(body).find(([k]) => REFRESH_FIELD.test(k));
  return hit && `$.${hit[0]}`;
}

/**
 * Where a JSON login response carries a bearer token: a field named as the access token, else a JWT
 * anywhere at the top level, else a field named like a token. Never the refresh token, nor an OpenID
 * Connect ID token: that one tells the client who logged in and is not for calling APIs (OIDC Core §2).
 */
export function tokenIn(body: string): TokenExtraction | undefined {
  const entries = tokenFields(body).filter(([k]) => !REFRESH_FIELD.test(k) && !/^id_?token$/i.test(k));
  const access = entries.find(([k]) => /^access_?token$/i.test(k));
  const jwt = entries.find(([, v]) => /^[\w-]+\.[\w-]+\.[\w-]*$/.test(v));
  const named = entries.find(([k]) => /^(token|jwt|auth_?token)$/i.test(k));
  const hit = access ?? jwt ?? named;
  return hit ? { from: `$.${hit[0]}`, header: 'Authorization', scheme: 'Bearer' } : undefined;
}

function sameOrigin(url: string, baseUrl: string): boolean {
  return new URL(url).origin === new URL(baseUrl).origin;
}
