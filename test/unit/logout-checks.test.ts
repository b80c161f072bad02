import { describe, expect, it } from 'vitest';
import { evaluateWith } from '../fixtures/evaluate.js';
import type { Check, OutcomeVerdict } from '../../src/model/check.js';
import type { Spec } from '../../src/config/types.js';
import { testCheckTable, type CheckRow } from '../fixtures/check-tester.js';
import serverRevocation from '../../suites/logout/server-revocation.js';
import cookieCleared from '../../suites/logout/cookie-cleared.js';
import clearSiteData from '../../suites/logout/clear-site-data.js';
import type { LogoutArtifact } from '../../src/model/artifacts.js';
import type { Exchange } from '../../src/evidence.js';
import { RECOMMENDED_SPEC } from '../fixtures/spec.js';
import { BASE_URL, exchange, observation, sessionArtifact } from '../fixtures/evidence.js';
import { tokenShape } from '../../src/token/shape.js';
import { mask } from '../../src/evidence.js';

type Done = Extract<LogoutArtifact, { replays: unknown }>;

const logout = (o: Partial<Done> = {}): Done => ({
  beforeLogout: observation('yes', 30),
  held: { loginExchanges: [20], ids: { sid: mask(DEVICE_SID) } },
  logoutExchanges: [40],
  logoutStatus: 303,
  currentAfterLogout: observation('no', 41),
  replays: [{ cookies: ['sid'], observation: observation('no', 42) }],
  jar: null,
  timing: { event: 'logout', boundMs: 5000, before: [], places: [] },
  control: { account: 'same', afterLogout: observation('yes', 45), afterReplays: observation('yes', 46) },
  ...o,
});

const BASELINE_SID = 'abcdefabcdefabcdefabcdef';
const DEVICE_SID = 'devicedevicedevicedevice';
/** The baseline session's login, and the login of the device that logs out: each gets its own ID. */
const LOGIN = exchange({ id: 1, method: 'POST', url: `${BASE_URL}/login`, setCookies: [`sid=${BASELINE_SID}; Path=/; Secure; HttpOnly`] });
const DEVICE_LOGIN = exchange({ id: 20, method: 'POST', url: `${BASE_URL}/login`, device: 'logout', setCookies: [`sid=${DEVICE_SID}; Path=/; Secure; HttpOnly`] });

function run(check: Check, artifact: LogoutArtifact, logoutResponse?: Exchange, spec = RECOMMENDED_SPEC, sessionCookies = ['sid']) {
  const evidence = [LOGIN, DEVICE_LOGIN, ...(logoutResponse ? [logoutResponse] : [])];
  return evaluateWith(check, { evidence, artifacts: { session: sessionArtifact({ issuing: [1], sessionCookies }), logout: artifact } }, spec);
}

interface Row extends CheckRow {
  artifact: LogoutArtifact;
  /** The logout response, when the row records one. */
  response?: Exchange;
  spec?: Spec;
}

const row = (name: string, artifact: LogoutArtifact, verdict: OutcomeVerdict, observed: RegExp, extra: Partial<Row> = {}): Row => ({ name, artifact, verdict, observed, ...extra });

const revocationRows: Row[] = ([
    ['every replay logged out', logout(), 'pass', /^the replay after logout was logged out/],
    ['the old ID still works', logout({ replays: [{ cookies: ['sid'], observation: observation('yes', 42) }] }), 'fail', /still logged in/],
    [
      'one cookie of two still works',
      logout({
        replays: [
          { cookies: ['a'], observation: observation('no', 42) },
          { cookies: ['b'], observation: observation('yes', 43) },
          { cookies: ['a', 'b'], observation: observation('yes', 44) },
        ],
      }),
      'fail',
      /replaying b, a \+ b after logout/,
    ],
    ['logout did not log the client out', logout({ currentAfterLogout: observation('yes', 41) }), 'inconclusive', /logout flow did not take effect/],
    ['the session was dead before logout', logout({ beforeLogout: observation('no', 30) }), 'inconclusive', /was not logged in/],
    ['a replay could not be judged', logout({ replays: [{ cookies: ['sid'], observation: observation('unknown', 42) }] }), 'inconclusive', /no clear answer/],
    [
      'the server lost every session during the replays',
      logout({ control: { account: 'same', afterLogout: observation('yes', 45), afterReplays: observation('no', 46) } }),
      'inconclusive',
      /may have lost its sessions/,
    ],
    [
      'logout ends every session of the account (same-account control dies at logout)',
      logout({ control: { account: 'same', afterLogout: observation('no', 45), afterReplays: observation('no', 46) } }),
      'pass',
      /logout also ended the account's other session/,
    ],
    [
      "another account's session died at logout",
      logout({ control: { account: 'other', afterLogout: observation('no', 45), afterReplays: observation('no', 46) } }),
      'inconclusive',
      /may have lost its sessions/,
    ],
    [
      'the whole jar held before logout revives the session (an auth cookie re-creates it)',
      logout({
        jar: {
          cookies: ['sid', 'auth'],
          observation: observation('yes', 47),
          revival: { necessary: ['auth'], sufficient: [], trials: [{ removed: 'sid', observation: observation('yes', 48) }, { removed: 'auth', observation: observation('no', 49) }] },
        },
      }),
      'fail',
      /whole jar held before logout \(sid \+ auth\) is logged in again.*auth brings the session back/,
    ],
    [
      'two cookies each revive the session alone',
      logout({ jar: { cookies: ['sid', 'a', 'b'], observation: observation('yes', 47), revival: { necessary: [], sufficient: ['a', 'b'], trials: [] } } }),
      'fail',
      /each of a, b brings the session back on its own/,
    ],
    ['the whole jar is logged out too', logout({ jar: { cookies: ['sid', 'csrf'], observation: observation('no', 47), revival: null } }), 'pass', /so was the whole jar the device held \(sid \+ csrf\)/],
    ['the whole-jar replay could not be judged', logout({ jar: { cookies: ['sid', 'csrf'], observation: observation('unknown', 47), revival: null } }), 'inconclusive', /whole jar .* no clear answer/],
    ['no logout flow', { notConfigured: 'the target profile has no logout flow (target.logout)' }, 'skipped', /no logout flow/],
  ] satisfies Array<[string, LogoutArtifact, OutcomeVerdict, RegExp]>).map(([name, artifact, verdict, observed]) => row(name, artifact, verdict, observed));

const logoutResponse = (o: Omit<Parameters<typeof exchange>[0], 'id'>) => exchange({ id: 40, method: 'POST', url: `${BASE_URL}/logout`, ...o });
const clearedRows: Row[] = ([
  ['Max-Age=0 on the same path', ['sid=; Path=/; Max-Age=0'], 'pass', /sid expired/],
  ['a past Expires', ['sid=x; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT'], 'pass', /sid expired/],
  ['overwritten with a new anonymous ID', ['sid=newanonymousvalue123; Path=/; Secure; HttpOnly'], 'pass', /overwritten with a new value/],
  ['no Set-Cookie at all', [], 'fail', /do not set sid at all/],
  ['cleared on another path', ['sid=; Path=/app; Max-Age=0'], 'fail', /different cookie/],
  ["re-issued with the device's own value", [`sid=${DEVICE_SID}; Path=/`], 'fail', /re-issued with the same value/],
  // The baseline session's ID is another device's: sending it is a different value for this device.
  ["set to the baseline session's value", [`sid=${BASELINE_SID}; Path=/`], 'pass', /overwritten with a new value/],
] satisfies Array<[string, string[], OutcomeVerdict, RegExp]>).map(([name, setCookies, verdict, observed]) => row(name, logout(), verdict, observed, { response: logoutResponse({ status: 303, setCookies }) }));

const clearSiteDataRows: Row[] = ([
  ['all three directives', { 'clear-site-data': '"cache", "cookies", "storage"' }, 'pass', /Clear-Site-Data/],
  ['the wildcard', { 'clear-site-data': '"*"' }, 'pass', /"\*"/],
  ['cookies only', { 'clear-site-data': '"cookies"' }, 'pass', /without cache, storage/],
  ['storage only', { 'clear-site-data': '"storage"' }, 'fail', /no "cookies"/],
  ['absent', {}, 'fail', /no Clear-Site-Data header/],
] satisfies Array<[string, Record<string, string>, OutcomeVerdict, RegExp]>).map(([name, headers, verdict, observed]) => row(name, logout(), verdict, observed, { response: logoutResponse({ headers }) }));

testCheckTable('logout checks', {
  checks: [serverRevocation, cookieCleared, clearSiteData],
  rows: { 'logout.server-revocation': revocationRows, 'logout.cookie-cleared': clearedRows, 'logout.clear-site-data': clearSiteDataRows },
  judge: (check, r) => run(check, r.artifact, r.response, r.spec),
  citable: (r) => [LOGIN, DEVICE_LOGIN, r.response, r.artifact],
  // The session cookie values the fixtures issue, unmasked.
  secrets: ['abcdefabcdefabcdefabcdef', 'newanonymousvalue123', DEVICE_SID, BASELINE_SID],
});

describe('logout.server-revocation', () => {
  it('names the reviving cookie in a finding, so a waiver can be narrowed to it', () => {
    const revival = { necessary: ['auth'], sufficient: [], trials: [{ removed: 'auth', observation: observation('no', 49) }] };
    const out = run(serverRevocation, logout({ jar: { cookies: ['sid', 'auth'], observation: observation('yes', 47), revival } }));
    expect(out.findings).toEqual([{ message: 'auth re-creates the session after logout', exchanges: [40, 47, 49], cookie: 'auth' }]);
  });

  describe('bearer sessions', () => {
    const bearer = (artifact: LogoutArtifact) => run(serverRevocation, artifact, undefined, RECOMMENDED_SPEC, []);
    const stillHeld = observation('yes', 41);
    it('the client still holding its token proves nothing; the replay decides', () => {
      expect(bearer(logout({ currentAfterLogout: stillHeld })).verdict).toBe('pass');
      expect(bearer(logout({ currentAfterLogout: stillHeld, replays: [{ cookies: [], observation: observation('yes', 42) }] })).verdict).toBe('fail');
    });
    it('a refused logout request is inconclusive', () => {
      expect(bearer(logout({ currentAfterLogout: stillHeld, logoutStatus: 403 })).observed).toMatch(/logout request was refused/);
    });
  });
});

describe('logout.server-revocation on a client-side session', () => {
  it('says why a JWT survives logout', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlc2lnbmF0dXJl';
    const session = sessionArtifact({ sessionCookies: [], bearer: { value: { fp: 'deadbeef', length: jwt.length }, shape: tokenShape(jwt) } });
    const artifact = logout({ currentAfterLogout: observation('yes', 41), replays: [{ cookies: [], observation: observation('yes', 42) }] });
    const out = serverRevocation.evaluate({ evidence: [], artifacts: { session, logout: artifact } }, RECOMMENDED_SPEC);
    expect(out.verdict).toBe('fail');
    expect(out.observed).toMatch(/client-side session — the bearer token: it is a JWT.*cannot be destroyed by the server/);
  });
});

describe('logout.cookie-cleared', () => {
  it("judges the Path against the logging-out device's own issuance, not the baseline's", () => {
    const onApp = exchange({ id: 21, method: 'POST', url: `${BASE_URL}/app/login`, setCookies: [`sid=${DEVICE_SID}; Path=/app`] });
    const held = logout({ held: { loginExchanges: [21], ids: { sid: mask(DEVICE_SID) } } });
    const out = cookieCleared.evaluate(
      { evidence: [LOGIN, onApp, logoutResponse({ status: 303, setCookies: ['sid=; Path=/app; Max-Age=0'] })], artifacts: { session: sessionArtifact({ issuing: [1] }), logout: held } },
      RECOMMENDED_SPEC,
    );
    expect(out.verdict).toBe('pass');
    const unrecorded = logout({ held: { loginExchanges: [99], ids: { sid: mask(DEVICE_SID) } } });
    expect(run(cookieCleared, unrecorded, logoutResponse({ status: 303, setCookies: ['sid=; Path=/; Max-Age=0'] })).verdict).toBe('inconclusive');
  });

  it('is inconclusive without a logout response and skipped without a logout flow', () => {
    expect(run(cookieCleared, logout()).verdict).toBe('inconclusive');
    expect(run(cookieCleared, { notConfigured: 'no logout flow' }).verdict).toBe('skipped');
  });
});

describe('logout.clear-site-data', () => {
  it('is skipped when the spec does not ask for it', () => {
    const spec = { ...RECOMMENDED_SPEC, invalidation: { ...RECOMMENDED_SPEC.invalidation, clearSiteData: false } };
    expect(run(clearSiteData, logout(), logoutResponse({ headers: {} }), spec).verdict).toBe('skipped');
  });
});
