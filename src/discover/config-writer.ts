/**
 * The config `discover --write` writes: the target half from the findings, each block under a comment
 * saying how it was found, and `spec: { preset: recommended }`. Passwords are written as environment
 * references, never as values.
 */
import { stringify } from 'yaml';
import type { BrowserStep, Flow } from '../config/types.js';
import { formatDuration } from '../config/durations.js';
import { compact } from '../config/normalize.js';
import type { Discovered } from './outcome.js';
import type { Finding } from './findings.js';
import type { RememberMeFound } from './remember-me.js';

export interface WriteOptions {
  url: string;
  username: string;
  passwordEnv: string;
  /** The variable holding the password the password-change flow changes to; without it that flow is left commented. */
  newPasswordEnv?: string;
  /** A CA file for an https target, as the config should name it. */
  ca?: string;
}

export function discoveredConfig(d: Discovered, options: WriteOptions): string {
  const about = (topic: string) => d.findings.find((f) => f.topic === topic);
  const block = (value: Record<string, unknown>, finding: Finding | undefined, commented = false) => [
    ...(finding ? [`  # ${finding.topic} (${finding.confidence} confidence): ${oneLine(finding.summary)}`, ...finding.evidence.slice(0, 3).map((e) => `  #   ${oneLine(e)}`)] : []),
    ...yamlLines(value).map((l) => (commented ? `  # ${l}` : `  ${l}`)),
  ];
  const account = {
    username: options.username,
    password: `\${${options.passwordEnv}}`,
    ...(options.newPasswordEnv ? { newPassword: `\${${options.newPasswordEnv}}` } : {}),
  };
  const lines = [
    '# yaml-language-server: $schema=./node_modules/sessionprobe/schema/config.schema.json',
    `# Written by \`sessionprobe discover ${options.url}\`: what it found, each with how it found it.`,
    '# Review it, then: `sessionprobe run --dry-run` (seconds), and `sessionprobe run`.',
    'target:',
    `  baseUrl: ${d.baseUrl}`,
    ...(options.ca ? [`  tls: { ca: ${JSON.stringify(options.ca)} }`] : []),
    '  # passwords come from the environment; discover never writes them into a file',
    ...yamlLines({ account }).map((l) => `  ${l}`),
    ...block({ login: rawFlow(d.login) }, about('login')),
    ...block({ authenticated: { url: d.oracleUrl, ...(d.oracleExpect ? { expect: d.oracleExpect } : {}) } }, about('oracle')),
    ...(d.sessionCookies.length ? block({ sessionCookie: d.sessionCookies.length === 1 ? d.sessionCookies[0]! : d.sessionCookies }, about('session cookie')) : []),
    ...(d.logout ? block({ logout: rawFlow(d.logout) }, about('logout')) : []),
    ...(d.passwordChange
      ? [
          ...(options.newPasswordEnv ? [] : ['  # password change: set account.newPassword (e.g. via --new-password-env) and uncomment to test it; the run always changes it back']),
          ...block({ passwordChange: rawFlow(d.passwordChange) }, about('password change'), !options.newPasswordEnv),
        ]
      : []),
    ...(d.ui ? block({ ui: d.ui }, undefined) : []),
    ...d.notFound.map((n) => `  # ${n.field}: not found — ${oneLine(n.reason)}`),
    ...(d.rememberMe ? rememberMeLines(d.rememberMe, about('remember me'), block) : []),
    'spec:',
    '  preset: recommended  # sessionprobe init builds a spec from your own decisions',
  ];
  return lines.join('\n') + '\n';
}

/** Verified: the block. Not verified: the block commented out under its finding (which gives the reason), the cookie left for the user to name. */
function rememberMeLines(found: RememberMeFound, finding: Finding | undefined, block: (value: Record<string, unknown>, finding: Finding | undefined, commented?: boolean) => string[]): string[] {
  if ('verified' in found) return block({ rememberMe: found.verified }, finding);
  return [
    ...block({ rememberMe: { ...found.unverified, cookie: '<the remember-me cookie>' } }, finding, true),
    '  # (commented out until verified: name the persistent cookie the box earns, then uncomment to test persistent logins)',
  ];
}

/** A flow in the config file's own shape (the inverse of config/normalize.ts). */
export function rawFlow(flow: Flow): Record<string, unknown> {
  switch (flow.kind) {
    case 'form':
      return { form: compact({ url: flow.url, selector: flow.selector, fields: Object.keys(flow.fields).length ? flow.fields : undefined, headers: flow.headers }) };
    case 'json':
      return { json: compact({ url: flow.url, method: flow.method === 'POST' ? undefined : flow.method, body: flow.body, token: flow.token && { from: flow.token.from }, refreshToken: flow.refreshToken, headers: flow.headers }) };
    case 'request':
      return { request: compact({ method: flow.method, url: flow.url, headers: flow.headers, form: flow.form, json: flow.json }) };
    case 'link':
      return { link: compact({ url: flow.url, selector: flow.selector, headers: flow.headers }) };
    case 'browser':
      return { browser: { steps: flow.steps.map(rawStep) } };
    case 'script':
      return { script: flow.path };
  }
}

function rawStep(step: BrowserStep): Record<string, unknown> {
  if (!('waitFor' in step)) return step;
  const { timeoutMs, ...rest } = step.waitFor;
  return { waitFor: compact({ ...rest, timeout: timeoutMs === undefined ? undefined : formatDuration(timeoutMs) }) };
}

function yamlLines(value: unknown): string[] {
  return stringify(value, { lineWidth: 0, flowCollectionPadding: true }).trimEnd().split('\n');
}

/** Comments hold target-sent text: one line, no control characters. */
function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
}
