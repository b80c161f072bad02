/**
 * sessionprobe.yaml as `init` writes it: the spec half filled in — the preset, the decisions that
 * depart from it, and every other setting as a comment with its value and the standard it comes from —
 * and a target half with placeholders to complete. The file validates as written; `validate` points at
 * the placeholders that are left.
 */
import { stringify } from 'yaml';
import { PRESETS } from '../config/presets.js';
import { rawField, SPEC_FIELD_PATHS } from '../config/spec.js';
import { SPEC_FIELDS, STORE_TRADE_OFFS } from '../config/spec-fields.js';
import type { Spec } from '../config/types.js';
import { standardFor } from './standards.js';
import type { RawSpec, SpecField } from '../config/raw-spec.js';

/** The value `init` leaves where only the user can say what to write; `validate` lists where it is left. */
export const TODO_VALUE = 'CHANGE-ME';

export interface TemplateOptions {
  baseUrl: string;
  /** The session cookie's full name, for the commented target.sessionCookie line. */
  cookieName: string;
}

export function configTemplate(raw: RawSpec, spec: Spec, options: TemplateOptions): string {
  const preset = PRESETS[spec.preset]!;
  const lines = [
    '# yaml-language-server: $schema=./node_modules/sessionprobe/schema/config.schema.json',
    '# Written by `sessionprobe init`. The spec half says what your session management must do: the',
    '# preset, the decisions that depart from it, and (commented) every value the preset gives.',
    '# The target half says how sessionprobe drives your site: replace the CHANGE-ME placeholders and',
    '# check the URLs, then run `sessionprobe validate` and `sessionprobe run`.',
    'spec:',
    `  preset: ${spec.preset}  # ${preset.description}`,
    ...specLines(raw, spec),
    ...targetLines(options),
  ];
  return lines.join('\n') + '\n';
}

function specLines(raw: RawSpec, spec: Spec): string[] {
  const lines: string[] = [];
  if (spec.store) lines.push(`  # ${STORE_TRADE_OFFS[spec.store]}`);
  lines.push(raw.store !== undefined ? `  store: ${scalar(spec.store)}  # ${SPEC_FIELDS.store.why}` : `  # store: null  # redis, postgres or signed-cookie: ${SPEC_FIELDS.store.why}`);
  const sections = new Map<string, SpecField[]>();
  for (const field of SPEC_FIELD_PATHS.filter((f) => f.includes('.'))) {
    const section = field.split('.')[0]!;
    sections.set(section, [...(sections.get(section) ?? []), field]);
  }
  for (const [section, fields] of sections) {
    const given = (raw as Record<string, Record<string, unknown> | undefined>)[section] ?? {};
    const active = Object.keys(given).length > 0;
    lines.push(active ? `  ${section}:` : `  # ${section}:`);
    for (const field of fields) {
      const key = field.split('.')[1]!;
      const value = scalar(rawField(spec, field));
      if (key in given) lines.push(`    ${key}: ${value}  # ${SPEC_FIELDS[field].why}`);
      else lines.push(`  #   ${key}: ${value}  # ${standardFor(spec, field)}`);
    }
  }
  return lines;
}

function targetLines({ baseUrl, cookieName }: TemplateOptions): string[] {
  return [
    'target:',
    `  baseUrl: ${scalar(baseUrl)}  # your staging URL; \`sessionprobe run --base-url\` replaces it`,
    '  account:',
    `    username: ${TODO_VALUE}  # a dedicated test account`,
    `    password: ${TODO_VALUE}  # better: \${SP_PASSWORD}, so the secret stays out of the file (a missing variable is an error)`,
    '    # totp: { secret: ${SP_TOTP_SECRET}, digits: 6, period: 30s, algorithm: SHA1 }  # a TOTP second factor: {{totp}} in a flow is a fresh code',
    '  login:  # exactly one of: form | json | browser | script',
    '    form:',
    '      url: /login  # the page with the login form; hidden inputs (CSRF tokens) are carried over',
    '      fields: { username: "{{username}}", password: "{{password}}" }  # your form\'s field names',
    '      # then:  # further steps of the same login: a second factor, a consent; the mfa checks look between them',
    '      #   - form: { url: /login/otp, fields: { code: "{{totp}}" } }',
    '  authenticated:',
    '    url: /account  # a page that looks different when logged in: the oracle every verdict rests on',
    '  logout:  # enables the logout checks; also: form | link | json',
    '    request: { method: POST, url: /logout }',
    '  # passwordChange:  # enables the password-change checks (needs account.newPassword)',
    '  #   form: { url: /account/password, fields: { current: "{{password}}", next: "{{newPassword}}" } }',
    '  # privilegeChange:  # enables the privilege-change check',
    '  #   request: { method: POST, url: /sudo, form: { password: "{{password}}" } }',
    `  # sessionCookie: ${cookieName}  # discovered by ablation when omitted`,
    '  # allowedHosts: [idp.example.com]  # an identity provider the login goes through (single sign-on); nothing else is contacted',
    '  # sso:',
    '  #   logout: { browser: { steps: [ { goto: "https://idp.example.com/logout" }, { click: "button[type=submit]" } ] } }  # log out at the provider itself',
    '  # refresh:  # enables the refresh-token checks; the first token comes from login.json.refreshToken (a JSON path) or the cookie named here',
    '  #   json: { url: /oauth/token, body: { grant_type: refresh_token, refresh_token: "{{refreshToken}}" } }',
    '  #   # or, for a token endpoint that takes form bodies: request: { method: POST, url: /token, form: { grant_type: refresh_token, refresh_token: "{{refreshToken}}" } }',
    '  #   accessToken: $.access_token',
    '  #   refreshToken: $.refresh_token  # or cookie: <name>',
    '# waivers:  # accepted, owned, time-boxed exceptions; a waived failure is reported, not hidden',
    '#   - { check: cookie.samesite, reason: "legacy SSO callback", owner: team-auth, expires: 2026-06-30 }',
  ];
}

/** One YAML value on one line: flow collections, quoted only when YAML needs it. */
function scalar(value: unknown): string {
  return stringify(value, { collectionStyle: 'flow', lineWidth: 0 }).trimEnd();
}
