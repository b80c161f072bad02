/**
 * The browser-only checks (and cookie.httponly's browser confirmation) over browser artifacts, row by
 * row; and the web-storage classifier over raw storage dumps.
 */
import { describe, expect, it } from 'vitest';
import { evaluateWith } from '../fixtures/evaluate.js';
import webStorage from '../../suites/token/web-storage.js';
import uiVisible from '../../suites/logout/ui-visible.js';
import historyAfterLogout from '../../suites/cache/history-after-logout.js';
import httpOnly from '../../suites/cookie/httponly.js';
import type { BrowserArtifact, HistoryObservation, LogoutControlObservation, StorageFinding } from '../../src/model/artifacts.js';
import type { Check, OutcomeVerdict } from '../../src/model/check.js';
import { testCheckTable, type CheckRow } from '../fixtures/check-tester.js';
import { mask, Redactor } from '../../src/evidence.js';
import { findStoredTokens, type WebStorageDump } from '../../src/token/web-storage.js';
import { RECOMMENDED_SPEC } from '../fixtures/spec.js';
import { BASE_URL, exchange, observation, sessionArtifact } from '../fixtures/evidence.js';

type Gathered = Extract<BrowserArtifact, { device: string }>;

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlc2lnbmF0dXJl';
const found = (area: StorageFinding['area'], kind: StorageFinding['kind'] = 'JWT'): StorageFinding => ({ area, key: 'auth_token', kind, value: mask(JWT) });
const control = (o: Partial<LogoutControlObservation> = {}): LogoutControlObservation => ({
  page: '/dashboard',
  finalUrl: '/dashboard',
  matches: 1,
  visible: true,
  inViewport: true,
  ...o,
});
const history = (o: Partial<Extract<HistoryObservation, { page: string }>> = {}): HistoryObservation => ({
  page: '/dashboard',
  markers: ['Signed in as alice'],
  shownBeforeLogout: ['Signed in as alice'],
  logoutExchanges: [50],
  currentAfterLogout: observation('no', 51),
  afterBack: { pages: [{ url: '/login', shown: [] }] },
  ...o,
});

function browser(o: Partial<Gathered> = {}): Gathered {
  return {
    device: 'browser checks (browser)',
    afterLogin: observation('yes', 40),
    storage: { origin: BASE_URL, keys: 2, indexedDb: 'read', findings: [] },
    documentCookie: { names: ['_ga'], sessionCookies: [] },
    logoutControl: { selector: '#signout', pages: [control()] },
    history: history(),
    ...o,
  };
}

const NOT_APPLICABLE: BrowserArtifact = { notApplicable: 'the target profile logs in over HTTP (login.form); browser-only checks need login.browser or login.script' };

const SID = 'abcdefabcdefabcdefabcdef';
const HTTPONLY = `sid=${SID}; Path=/; Secure; HttpOnly`;
const READABLE = `sid=${SID}; Path=/; Secure`;

interface Row extends CheckRow {
  artifact: BrowserArtifact;
  spec?: typeof RECOMMENDED_SPEC;
  /** The login's Set-Cookie header. */
  header?: string;
}

function run(check: Check, row: Row) {
  const login = exchange({ id: 1, method: 'POST', url: `${BASE_URL}/login`, setCookies: [row.header ?? HTTPONLY] });
  return evaluateWith(check, { evidence: [login], artifacts: { session: sessionArtifact({ issuing: [1] }), browser: row.artifact } }, row.spec ?? RECOMMENDED_SPEC);
}

const forbidSessionStorage = { ...RECOMMENDED_SPEC, token: { ...RECOMMENDED_SPEC.token, sessionStorage: 'forbidden' as const } };

const rows: Record<string, readonly Row[]> = {
  'token.web-storage': [
    { name: 'nothing stored', artifact: browser(), verdict: 'pass', observed: /no session token in localStorage, sessionStorage or IndexedDB/ },
    { name: 'a JWT in localStorage', artifact: browser({ storage: { origin: BASE_URL, keys: 1, indexedDb: 'read', findings: [found('localStorage')] } }), verdict: 'fail', observed: /localStorage “auth_token” holds a JWT/ },
    { name: 'the session cookie value in IndexedDB', artifact: browser({ storage: { origin: BASE_URL, keys: 1, indexedDb: 'read', findings: [found('indexedDB', 'session cookie value')] } }), verdict: 'fail', observed: /indexedDB .* session cookie value/ },
    { name: 'sessionStorage, allowed by the spec: reported', artifact: browser({ storage: { origin: BASE_URL, keys: 1, indexedDb: 'read', findings: [found('sessionStorage')] } }), verdict: 'pass', observed: /reported, as the spec allows sessionStorage: sessionStorage “auth_token”/ },
    { name: 'sessionStorage, forbidden by the spec', artifact: browser({ storage: { origin: BASE_URL, keys: 1, indexedDb: 'read', findings: [found('sessionStorage')] } }), spec: forbidSessionStorage, verdict: 'fail', observed: /sessionStorage “auth_token”/ },
    { name: 'IndexedDB unreadable', artifact: browser({ storage: { origin: BASE_URL, keys: 0, indexedDb: 'SecurityError', findings: [] } }), verdict: 'inconclusive', observed: /IndexedDB .* could not be read/ },
    { name: 'storage unreadable', artifact: browser({ storage: { error: 'page crashed' } }), verdict: 'inconclusive', observed: /could not be read: page crashed/ },
    { name: 'the browser session was not logged in', artifact: browser({ afterLogin: observation('no', 40) }), verdict: 'inconclusive', observed: /was not logged in/ },
    { name: 'an HTTP login', artifact: NOT_APPLICABLE, verdict: 'skipped', observed: /logs in over HTTP/ },
  ],
  'logout.ui-visible': [
    { name: 'visible in the first screen', artifact: browser(), verdict: 'pass', observed: /#signout is visible in the first screen of \/dashboard/ },
    { name: 'missing', artifact: browser({ logoutControl: { selector: '#signout', pages: [control({ matches: 0, visible: false, inViewport: false })] } }), verdict: 'fail', observed: /has no element matching #signout/ },
    { name: 'hidden', artifact: browser({ logoutControl: { selector: '#signout', pages: [control({ visible: false, inViewport: false })] } }), verdict: 'fail', observed: /it is hidden/ },
    { name: 'below the fold', artifact: browser({ logoutControl: { selector: '#signout', pages: [control({ inViewport: false })] } }), verdict: 'fail', observed: /only after scrolling/ },
    { name: 'the page bounced to the login page', artifact: browser({ logoutControl: { selector: '#signout', pages: [control({ matches: 0, finalUrl: '/login' })] } }), verdict: 'inconclusive', observed: /ended at \/login/ },
    { name: 'the page failed to load', artifact: browser({ logoutControl: { selector: '#signout', pages: [control({ error: 'net::ERR_CONNECTION_RESET' })] } }), verdict: 'inconclusive', observed: /could not be checked/ },
    { name: 'no control configured', artifact: browser({ logoutControl: { notConfigured: 'the target profile names no logout control (target.ui.logoutControl)' } }), verdict: 'skipped', observed: /names no logout control/ },
    { name: 'an HTTP login', artifact: NOT_APPLICABLE, verdict: 'skipped', observed: /logs in over HTTP/ },
  ],
  'cache.history-after-logout': [
    { name: 'Back shows the login page', artifact: browser(), verdict: 'pass', observed: /led to \/login, never showing/ },
    { name: 'Back leaves the site', artifact: browser({ history: history({ afterBack: { pages: [] } }) }), verdict: 'pass', observed: /left the site/ },
    { name: 'Back shows the dashboard again', artifact: browser({ history: history({ afterBack: { pages: [{ url: '/dashboard', shown: ['Signed in as alice'] }] } }) }), verdict: 'fail', observed: /showed \/dashboard with “Signed in as alice”/ },
    { name: 'the second Back shows it', artifact: browser({ history: history({ afterBack: { pages: [{ url: '/bye', shown: [] }, { url: '/dashboard', shown: ['Signed in as alice'] }] } }) }), verdict: 'fail', observed: /showed \/dashboard/ },
    { name: 'logout did not log out', artifact: browser({ history: history({ currentAfterLogout: observation('yes', 51) }) }), verdict: 'inconclusive', observed: /not logged out by the logout flow/ },
    { name: 'no logged-in text to recognize', artifact: browser({ history: history({ markers: [], shownBeforeLogout: [] }) }), verdict: 'inconclusive', observed: /same text logged in and logged out/ },
    { name: 'the page did not show its text before logout', artifact: browser({ history: history({ shownBeforeLogout: [] }) }), verdict: 'inconclusive', observed: /did not show its logged-in text/ },
    { name: 'Back failed', artifact: browser({ history: history({ afterBack: { error: 'Timeout 15000ms exceeded' } }) }), verdict: 'inconclusive', observed: /did not work/ },
    { name: 'no logout flow', artifact: browser({ history: { notConfigured: 'the target profile has no logout flow (target.logout)' } }), verdict: 'skipped', observed: /no logout flow/ },
    { name: 'an HTTP login', artifact: NOT_APPLICABLE, verdict: 'skipped', observed: /logs in over HTTP/ },
  ],
};

const CHECKS = [webStorage, uiVisible, historyAfterLogout];

testCheckTable('browser-only checks', {
  checks: CHECKS,
  rows,
  judge: run,
  secrets: [SID, JWT],
  defaultReachable: ['pass', 'fail', 'inconclusive', 'skipped'],
});

describe('browser-only checks', () => {
  it.each(CHECKS.map((c) => [c.meta.id, c] as const))('%s carries catalogue metadata', (id, { meta }) => {
    expect(meta.requires).toEqual(['session', 'browser']);
    expect(id.startsWith(`${meta.suite}.`)).toBe(true);
    expect(meta.refs.length).toBeGreaterThan(0);
  });
});

const exposed = browser({ documentCookie: { names: ['sid', '_ga'], sessionCookies: ['sid'] } });
const confirmed = (name: string, header: string, artifact: BrowserArtifact, verdict: OutcomeVerdict, observed: RegExp): Row => ({ name, header, artifact, verdict, observed });

testCheckTable('cookie.httponly with a browser confirmation', {
  checks: [httpOnly],
  judge: run,
  secrets: [SID],
  rows: {
    'cookie.httponly': [
      confirmed('HttpOnly, and the browser agrees', HTTPONLY, browser(), 'pass', /confirmed in Chromium: document.cookie does not show it/),
      confirmed('no HttpOnly, and the browser shows it', READABLE, exposed, 'fail', /no HttpOnly .*; confirmed in Chromium: document.cookie exposes sid/),
      confirmed('HttpOnly on the wire, yet a script can read it', HTTPONLY, exposed, 'fail', /every Set-Cookie said HttpOnly, yet confirmed in Chromium/),
      confirmed('document.cookie unreadable: the header verdict stands', HTTPONLY, browser({ documentCookie: { error: 'page closed' } }), 'pass', /could not be read in the browser/),
      confirmed('an HTTP login: the header alone', HTTPONLY, NOT_APPLICABLE, 'pass', /^HttpOnly on every Set-Cookie issuing sid \(1 Set-Cookie header\)$/),
      confirmed(
        'the browser session was not logged in: not used',
        READABLE,
        browser({ afterLogin: observation('no'), documentCookie: { names: ['sid'], sessionCookies: ['sid'] } }),
        'fail',
        /^sid has no HttpOnly attribute \(in 1 of 1 Set-Cookie header\)$/,
      ),
    ],
  },
});

describe('findStoredTokens', () => {
  const SESSION = 's%3AabcdefghijklmnopqrstuvwxYZ.sig';
  const dump = (o: Partial<WebStorageDump>): WebStorageDump => ({ origin: BASE_URL, local: [], session: [], indexedDb: [], ...o });
  const kinds = (d: WebStorageDump, bearer?: string) =>
    findStoredTokens(d, { sessionCookies: [SESSION], bearer }, new Redactor()).map((f) => `${f.area}:${f.key}:${f.kind}`);

  it('finds JWTs, session cookie values, bearer tokens and token-named keys', () => {
    expect(kinds(dump({ local: [['auth_token', JWT]] }))).toEqual(['localStorage:auth_token:JWT']);
    expect(kinds(dump({ local: [['state', JSON.stringify({ user: 'alice', sid: SESSION })]] }))).toEqual(['localStorage:state:session cookie value']);
    expect(kinds(dump({ session: [['x', 'opaque-bearer-0123456789']] }), 'opaque-bearer-0123456789')).toEqual(['sessionStorage:x:bearer token']);
    expect(kinds(dump({ session: [['refresh_token', '"8f14e45fceea167a5a36dedd4bea2543"']] }))).toEqual(['sessionStorage:refresh_token:token-named key']);
    expect(kinds(dump({ indexedDb: [{ db: 'app', store: 'auth', records: ['{"accessToken":"0123456789abcdef0123"}'] }] }))).toEqual(['indexedDB:app/auth:token-named key']);
  });

  it('leaves preferences, short values and prose alone', () => {
    expect(kinds(dump({ local: [['theme', 'dark'], ['token_hint', 'short'], ['session_note', 'remember to sign out at the end of the day']] }))).toEqual([]);
  });

  it('registers every value it finds as a secret, so evidence masks it', () => {
    const redactor = new Redactor();
    findStoredTokens(dump({ local: [['auth_token', JWT]] }), { sessionCookies: [] }, redactor);
    expect(redactor.redact(`Bearer ${JWT}`)).toBe(`Bearer [masked fp=${mask(JWT).fp} len=${JWT.length}]`);
  });
});
