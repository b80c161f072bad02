/**
 * Finding session tokens in what a page keeps in web storage. Runs in the probe, over raw values
 * that never leave the process: only masked findings do.
 */
import { mask, type Redactor } from '../evidence.js';
import type { StorageFinding } from '../model/artifacts.js';

/** What the page holds, as read by READ_WEB_STORAGE. */
export interface WebStorageDump {
  origin: string;
  local: Array<[string, string]>;
  session: Array<[string, string]>;
  /** One entry per object store: every record, JSON-serialized. */
  indexedDb: Array<{ db: string; store: string; records: string[] }>;
  indexedDbError?: string;
}

/**
 * Evaluated in the page (a string, so the engine's TypeScript needs no DOM types). Reads at most 200
 * records per IndexedDB store: tokens sit in small stores, not in bulk data.
 */
export const READ_WEB_STORAGE = `(async () => {
  const entries = (s) => { const out = []; for (let i = 0; i < s.length; i++) { const k = s.key(i); out.push([k, s.getItem(k) ?? '']); } return out; };
  const dump = { origin: location.origin, local: entries(localStorage), session: entries(sessionStorage), indexedDb: [] };
  try {
    const dbs = indexedDB.databases ? await indexedDB.databases() : [];
    for (const info of dbs) {
      const db = await new Promise((ok, ko) => { const r = indexedDB.open(info.name); r.onsuccess = () => ok(r.result); r.onerror = () => ko(r.error); });
      for (const store of Array.from(db.objectStoreNames)) {
        const records = await new Promise((ok, ko) => { const r = db.transaction(store, 'readonly').objectStore(store).getAll(null, 200); r.onsuccess = () => ok(r.result); r.onerror = () => ko(r.error); });
        dump.indexedDb.push({ db: info.name, store, records: records.map((v) => { try { return typeof v === 'string' ? v : JSON.stringify(v); } catch { return String(v); } }) });
      }
      db.close();
    }
  } catch (e) { dump.indexedDbError = String(e && e.message || e); }
  return dump;
})()`;

const JWT = /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/;
/** Key names that say "this is a credential". */
const TOKEN_KEY = /(token|jwt|bearer|sess|sid|auth|refresh|access|credential)/i;
/** A value shaped like a credential: long, no spaces, token alphabet. */
const TOKEN_VALUE = /^[A-Za-z0-9+/=_\-.~%:]{16,}$/;
/** `"accessToken": "…"` inside a serialized IndexedDB record. */
const TOKEN_PROPERTY = /"([^"]*(?:token|jwt|bearer|sess|sid|auth|refresh|access|credential)[^"]*)"\s*:\s*"([^"]{16,})"/gi;

export interface KnownSecrets {
  /** Raw values of the session cookies. */
  sessionCookies: string[];
  /** The bearer token of the device, without its scheme. */
  bearer?: string;
}

/** Session tokens in the dump, each found once per area and key; every value found becomes a secret. */
export function findStoredTokens(dump: WebStorageDump, known: KnownSecrets, redactor: Redactor): StorageFinding[] {
  const findings: StorageFinding[] = [];
  const add = (area: StorageFinding['area'], key: string, kind: StorageFinding['kind'], value: string) => {
    redactor.addToken(value);
    const masked = mask(value);
    const safeKey = redactor.redact(key);
    if (!findings.some((f) => f.area === area && f.key === safeKey && f.value.fp === masked.fp)) findings.push({ area, key: safeKey, kind, value: masked });
  };
  const scan = (area: StorageFinding['area'], key: string, value: string, keyNamesToken: boolean) => {
    const cookie = known.sessionCookies.find((v) => v.length >= 8 && value.includes(v));
    if (cookie) return add(area, key, 'session cookie value', cookie);
    if (known.bearer && known.bearer.length >= 8 && value.includes(known.bearer)) return add(area, key, 'bearer token', known.bearer);
    const jwt = JWT.exec(value)?.[0];
    if (jwt) return add(area, key, 'JWT', jwt);
    const plain = value.replace(/^"(.*)"$/, '$1');
    if (keyNamesToken && TOKEN_VALUE.test(plain)) return add(area, key, 'token-named key', plain);
    return undefined;
  };
  for (const [k, v] of dump.local) scan('localStorage', k, v, TOKEN_KEY.test(k));
  for (const [k, v] of dump.session) scan('sessionStorage', k, v, TOKEN_KEY.test(k));
  for (const { db, store, records } of dump.indexedDb) {
    const key = `${db}/${store}`;
    for (const record of records) {
      scan('indexedDB', key, record, false);
      for (const [, , value] of record.matchAll(TOKEN_PROPERTY)) scan('indexedDB', key, value!, true);
    }
  }
  return findings;
}
