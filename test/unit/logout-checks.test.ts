import { describe, expect, it } from 'vitest';
import { evaluateWith } from '../fixtures/evaluate.js';
import type { Check } from '../../src/model/check.js';
import serverRevocation from '../../suites/logout/server-revocation.js';
import cookieCleared from '../../suites/logout/cookie-cleared.js';
import clearSiteData from '../../suites/logout/clear-site-data.js';
import type { LogoutArtifact } from '../../src/model/artifacts.js';
import type { Exchange } from '../../src/evidence.js';
import { RECOMMENDED_SPEC } from '../fixtures/spec.js';
import { BASE_URL, exchange, observation, sessionArtifact } from '../fixtures/evidence.js';
import { tokenShape } from '../../src/token/shape.js';

type Done = Extract<LogoutArtifact, { replays: unknown }>;

const logout = (o: Partial<Done> = {}): Done => ({
  beforeLogout: observation('yes', 30),
  logoutExchanges: [40],
  logoutStatus: 303,
  currentAfterLogout: observation('no', 41),
  replays: [{ cookies: ['sid'], observation: observation('no', 42) }],
  control: { account: 'same', afterLogout: observation('yes', 45), afterReplays: observation('yes', 46) },
  ...o,
});

const LOGIN = exchange({ id: 1, method: 'POST', url: `${BASE_URL}/login`, setCookies: ['sid=abcdefabcdefabcdefabcdef; Path=/; Secure; HttpOnly'] });

function run(check: Check, artifact: LogoutArtifact, logoutResponse?: Exchange, spec = RECOMMENDED_SPEC, sessionCookies = ['sid']) {
  const evidence = [LOGIN, ...(logoutResponse ? [logoutResponse] : [])];
  return evaluateWith(check, { evidence, artifacts: { session: sessionArtifact({ issuing: [1], sessionCookies }), logout: artifact } }, spec);
}

describe('logout.server-revocation', () => {
  const rows: Array<[string, LogoutArtifact, string, RegExp]> = [
    ['every replay logged out', logout(), 'pass', /all 1 replays after logout were logged out/],
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
    ['no logout flow', { notConfigured: 'the target profile has no logout flow (target.logout)' }, 'skipped', /no logout flow/],
  ];
  it.each(rows)('%s → %s', (_n, artifact, verdict, observed) => {
    const out = run(serverRevocation, artifact);
    expect(out.verdict).toBe(verdict);
    expect(out.observed).toMatch(observed);
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
  const resp = (setCookies: string[]) => exchange({ id: 40, method: 'POST', url: `${BASE_URL}/logout`, status: 303, setCookies });
  const rows: Array<[string, string[], string, RegExp]> = [
    ['Max-Age=0 on the same path', ['sid=; Path=/; Max-Age=0'], 'pass', /sid expired/],
    ['a past Expires', ['sid=x; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT'], 'pass', /sid expired/],
    ['overwritten with a new anonymous ID', ['sid=newanonymousvalue123; Path=/; Secure; HttpOnly'], 'pass', /overwritten with a new value/],
    ['no Set-Cookie at all', [], 'fail', /do not set sid at all/],
    ['cleared on another path', ['sid=; Path=/app; Max-Age=0'], 'fail', /different cookie/],
    ['re-issued with the same value', ['sid=abcdefabcdefabcdefabcdef; Path=/; Secure; HttpOnly'], 'fail', /same value/],
  ];
  it.each(rows)('%s → %s', (_n, cookies, verdict, observed) => {
    const out = run(cookieCleared, logout(), resp(cookies));
    expect(out.verdict).toBe(verdict);
    expect(out.observed).toMatch(observed);
  });

  it('is inconclusive without a logout response and skipped without a logout flow', () => {
    expect(run(cookieCleared, logout()).verdict).toBe('inconclusive');
    expect(run(cookieCleared, { notConfigured: 'no logout flow' }).verdict).toBe('skipped');
  });
});

describe('logout.clear-site-data', () => {
  const resp = (headers: Record<string, string>) => exchange({ id: 40, method: 'POST', url: `${BASE_URL}/logout`, headers });
  const rows: Array<[string, Record<string, string>, string, RegExp]> = [
    ['all three directives', { 'clear-site-data': '"cache", "cookies", "storage"' }, 'pass', /Clear-Site-Data/],
    ['the wildcard', { 'clear-site-data': '"*"' }, 'pass', /"\*"/],
    ['cookies only', { 'clear-site-data': '"cookies"' }, 'pass', /without cache, storage/],
    ['storage only', { 'clear-site-data': '"storage"' }, 'fail', /no "cookies"/],
    ['absent', {}, 'fail', /no Clear-Site-Data header/],
  ];
  it.each(rows)('%s → %s', (_n, headers, verdict, observed) => {
    const out = run(clearSiteData, logout(), resp(headers));
    expect(out.verdict).toBe(verdict);
    expect(out.observed).toMatch(observed);
  });

  it('is skipped when the spec does not ask for it', () => {
    const spec = { ...RECOMMENDED_SPEC, invalidation: { ...RECOMMENDED_SPEC.invalidation, clearSiteData: false } };
    expect(run(clearSiteData, logout(), resp({}), spec).verdict).toBe('skipped');
  });
});
