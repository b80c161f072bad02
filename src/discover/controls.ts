/**
 * The controls of the logged-in pages: the logout (a form, a link, or a POST named in the page's
 * scripts) and a password-change form (found, never submitted). Logout candidates are listed in the
 * order they are tried; the caller proves one by logging out with it.
 */
import type { Flow } from '../config/types.js';
import type { HttpClient, HttpResponse } from '../drivers/http.js';
import { describeForms, describeLinks } from '../target/html-forms.js';
import { isLogoutText, passwordChangeFields } from './form-fields.js';
import { pathOf, type Finding } from './findings.js';

const PASSWORD_LINK = /password|passwort|mot de passe|contraseña|security|sicherheit/i;
const SCRIPT_LOGOUT = /["'`](\/[\w/.-]*(?:log-?out|sign-?out)[\w/.-]*)["'`]/gi;

export interface LogoutCandidate {
  flow: Flow;
  how: string;
}

/** Logout controls on the logged-in pages: forms first, then links, then URLs named in scripts. */
export function logoutCandidates(pages: HttpResponse[], baseUrl: string): LogoutCandidate[] {
  const out: LogoutCandidate[] = [];
  const seen = new Set<string>();
  const push = (c: LogoutCandidate) => {
    const key = JSON.stringify(c.flow);
    if (seen.has(key)) return;
    seen.add(key);
    out.push(c);
  };
  for (const page of pages) {
    const url = pathOf(page.url, baseUrl);
    for (const form of describeForms(page.body, page.url)) {
      if (isLogoutText(`${new URL(form.action).pathname} ${form.selector} ${form.buttons}`) && !form.inputs.some((i) => i.type === 'password')) {
        push({ flow: { kind: 'form', url, selector: form.selector, fields: {} }, how: `a form on ${url} (${form.selector}, “${form.buttons}”) that ${form.method}s to ${pathOf(form.action, baseUrl)}` });
      }
    }
    for (const link of describeLinks(page.body, page.url)) {
      if (new URL(link.url).origin === new URL(baseUrl).origin && isLogoutText(`${link.text} ${new URL(link.url).pathname}`)) {
        push({ flow: { kind: 'link', url, selector: link.selector }, how: `a link on ${url} (${link.selector}, “${link.text}”)` });
      }
    }
    // Forms and links are read above; a script's fetch('/logout', { method: 'POST' }) only shows in its source.
    const scripts = [...page.body.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script\s*>/gi)].map((m) => m[1]!).join('\n');
    for (const m of scripts.matchAll(SCRIPT_LOGOUT)) {
      push({ flow: { kind: 'request', method: 'POST', url: m[1]! }, how: `a POST to ${m[1]} named in a script of ${url}` });
    }
  }
  return out;
}

/** For APIs without pages: a POST to the usual logout paths, the token or cookie going along. */
export function apiLogoutCandidates(loginUrl: string): LogoutCandidate[] {
  const dir = loginUrl.replace(/[^/]*$/, '');
  const paths = [...new Set([`${dir}logout`, '/api/logout', '/logout', '/api/auth/logout'])];
  return paths.map((url) => ({ flow: { kind: 'request', method: 'POST', url }, how: `a POST to ${url}, beside the login API` }));
}

export interface PasswordChangeFound {
  flow: Flow;
  finding: Finding;
}

/**
 * A form with two or three password inputs on a logged-in page or on a page one of them links to as
 * "password" or "security". Only GETs: the form is never submitted while discovering.
 */
export async function findPasswordChange(client: HttpClient, pages: HttpResponse[], baseUrl: string, log: (line: string) => void): Promise<PasswordChangeFound | undefined> {
  const onPage = (page: HttpResponse, how: string): PasswordChangeFound | undefined => {
    for (const form of describeForms(page.body, page.url)) {
      const fields = passwordChangeFields(form);
      if (!fields) continue;
      const url = pathOf(page.url, baseUrl);
      const values: Record<string, string> = {};
      if (fields.current) values[fields.current.name] = '{{password}}';
      for (const n of fields.next) values[n.name] = '{{newPassword}}';
      return {
        flow: { kind: 'form', url, selector: form.selector, fields: values },
        finding: {
          topic: 'password change',
          summary: `form ${form.selector} on ${url} (not submitted while discovering)`,
          evidence: [
            `${how}; ${fields.next.length + (fields.current ? 1 : 0)} password inputs: ${fields.current ? `current ${fields.current.name}, ` : 'no current-password input, '}new ${fields.next.map((n) => n.name).join(', ')}`,
          ],
          confidence: fields.current ? 'high' : 'medium',
        },
      };
    }
    return undefined;
  };
  for (const page of pages) {
    const found = onPage(page, `on the logged-in page ${pathOf(page.url, baseUrl)}`);
    if (found) return found;
  }
  const links = pages.flatMap((p) => describeLinks(p.body, p.url).map((l) => ({ ...l, from: p.url })));
  const tried = new Set<string>();
  for (const link of links) {
    if (new URL(link.url).origin !== new URL(baseUrl).origin || isLogoutText(`${link.text} ${link.url}`) || !PASSWORD_LINK.test(`${link.text} ${new URL(link.url).pathname}`) || tried.has(link.url)) continue;
    tried.add(link.url);
    log(`looking for a password-change form at ${pathOf(link.url, baseUrl)}`);
    const page = await client.request({ url: link.url, kind: 'page-navigation', step: 'discover: password-change page' }).catch(() => undefined);
    if (!page || page.status >= 400) continue;
    const found = onPage(page, `linked from ${pathOf(link.from, baseUrl)} as “${link.text}”`);
    if (found) return found;
  }
  return undefined;
}
