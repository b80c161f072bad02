/**
 * `{{username}}`, `{{password}}`, `{{newPassword}}` in flow definitions, resolved at request time so
 * the config and the evidence never hold the secrets in clear.
 */
import type { Account } from '../config/types.js';

export function fillPlaceholders<T>(value: T, account: Account): T {
  if (typeof value === 'string') return fillString(value, account) as T;
  if (Array.isArray(value)) return (value as unknown[]).map((v) => fillPlaceholders(v, account)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillPlaceholders(v, account)])) as T;
  }
  return value;
}

function fillString(text: string, account: Account): string {
  return text.replace(/\{\{\s*(username|password|newPassword)\s*\}\}/g, (_, name: keyof Account) => {
    const v = account[name];
    if (v === undefined) throw new Error(`the flow uses {{${name}}} but the account has no ${name}`);
    return v;
  });
}
