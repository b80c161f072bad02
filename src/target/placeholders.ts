/**
 * `{{username}}`, `{{password}}`, `{{newPassword}}`, `{{totp}}` and `{{refreshToken}}` in flow definitions, resolved at
 * request time so the config and the evidence never hold the secrets in clear.
 */
import type { Account } from '../config/types.js';

/** What placeholders are filled from: the account's strings, and the one-time code fetched for this step. */
export type TemplateValues = Pick<Account, 'username' | 'password' | 'newPassword'> & { totp?: string; refreshToken?: string };

const PLACEHOLDER = /\{\{\s*(username|password|newPassword|totp|refreshToken)\s*\}\}/g;

export function fillPlaceholders<T>(value: T, values: TemplateValues): T {
  if (typeof value === 'string') return fillString(value, values) as T;
  if (Array.isArray(value)) return (value as unknown[]).map((v) => fillPlaceholders(v, values)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillPlaceholders(v, values)])) as T;
  }
  return value;
}

/** Whether a flow definition (or one step of it) sends `{{totp}}`, so a code must be fetched first. */
export function usesTotp(value: unknown): boolean {
  // String(): JSON.stringify gives undefined for undefined, whatever its type says.
  return /\{\{\s*totp\s*\}\}/.test(String(JSON.stringify(value)));
}

function fillString(text: string, values: TemplateValues): string {
  return text.replace(PLACEHOLDER, (_, name: keyof TemplateValues) => {
    const v = values[name];
    if (v === undefined) {
      throw new Error(name === 'totp' ? 'the flow uses {{totp}} but the account has no totp' : `the flow uses {{${name}}} but the account has no ${name}`);
    }
    return v;
  });
}
