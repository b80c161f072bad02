/**
 * Signs of someone else on the run's account, read from the probes' controls: which endings count, which
 * the run's own doing or the spec's timeouts explain, and the one notice they become.
 */
import { describe, expect, it } from 'vitest';
import { foreignSessionNotice, foreignSessionSigns } from '../../src/judge/foreign-sessions.js';
import type { Artifacts, ConcurrencyArtifact, SignOutEverywhereArtifact } from '../../src/model/artifacts.js';
import type { Spec } from '../../src/config/types.js';
import { exchange, observation as obs } from '../fixtures/evidence.js';
import { logoutArtifact } from '../fixtures/logout-artifact.js';
import { RECOMMENDED_SPEC } from '../fixtures/spec.js';

const T0 = Date.parse('2026-12-01T10:00:00Z');

/** Exchanges 1..99, each `step` ms after the one before, from the device `devices(id)` names. */
function timeline(step: number, devices: (id: number) => string): ReturnType<typeof exchange>[] {
  return Array.from({ length: 99 }, (_, i) => exchange({ id: i + 1, device: devices(i + 1), startedAt: T0 + (i + 1) * step }));
}

/** The logout control is device 'logout: control' from exchange 10 (its login) on. */
const LOGOUT_DEVICES = (id: number) => (id === 10 || id >= 45 ? 'logout: control' : 'logout');

const spec = (idleMs: number | null, absoluteMs: number | null): Spec => ({ ...RECOMMENDED_SPEC, timeouts: { ...RECOMMENDED_SPEC.timeouts, idleMs, absoluteMs, graceMs: 0 } });
const NO_TIMEOUTS = spec(null, null);

const controlLost = logoutArtifact({ control: { account: 'same', afterLogout: obs('yes', 45), afterReplays: obs('no', 46) } });

function signout(after: 'yes' | 'no', self: 'yes' | 'no' = 'yes'): SignOutEverywhereArtifact {
  return {
    others: [],
    current: { device: 'A', before: obs('yes', 20), after: obs('yes', 30) },
    action: { status: 303, exchanges: [25], device: 'A' },
    survivors: { self: obs(self, 31), otherAccount: { before: obs('yes', 12), after: obs(after, 32) } },
    timing: { event: 'sign-out-everywhere', boundMs: 0, before: [], places: [] },
  };
}

function concurrency(o: { limit: number; afterLogin: Array<'yes' | 'no'>; atEnd: Array<'yes' | 'no'>; onExceed?: 'reject' | 'evict-oldest' }): ConcurrencyArtifact {
  return {
    limit: o.limit,
    onExceed: o.onExceed ?? 'evict-oldest',
    opened: o.atEnd.length,
    freedSlots: true,
    sessions: o.atEnd.map((a, i) => ({
      device: `session ${i + 1}`,
      login: { status: o.afterLogin[i] === 'yes' ? 303 : 409, exchanges: [50 + i * 10 + 8] },
      earlier: o.afterLogin.slice(0, i).map((alive, j) => obs(alive, 50 + i * 10 + j)),
      afterLogin: obs(o.afterLogin[i]!, 50 + i * 10 + 9),
      atEnd: obs(a, 90 + i),
    })),
  };
}

describe('foreign-session signs', () => {
  const evidence = timeline(10, LOGOUT_DEVICES);

  it('none when every control held, the concurrency limit bit where the run\'s own logins say, and survivors lived', () => {
    const artifacts: Artifacts = {
      logout: logoutArtifact(),
      signOutEverywhere: signout('yes'),
      concurrency: concurrency({ limit: 2, afterLogin: ['yes', 'yes', 'yes'], atEnd: ['no', 'yes', 'yes'] }),
    };
    expect(foreignSessionSigns(artifacts, NO_TIMEOUTS, evidence)).toEqual([]);
  });

  it("the logout probe's never-logged-out session, alive after the logout and gone after the replays", () => {
    expect(foreignSessionSigns({ logout: controlLost }, NO_TIMEOUTS, evidence)).toEqual([
      expect.objectContaining({ kind: 'vanished', probe: 'logout', sessions: ['logout: control'], lastAlive: 45, foundGone: 46 }),
    ]);
  });

  it('no sign when a logout that ends every session of the account took the control with it (never seen alive after)', () => {
    const endsAll = logoutArtifact({ control: { account: 'same', afterLogout: obs('no', 45), afterReplays: obs('no', 46) } });
    expect(foreignSessionSigns({ logout: endsAll }, NO_TIMEOUTS, evidence)).toEqual([]);
  });

  it('no sign while logout was still taking effect when the control was read alive (the logged-out ID answered after it)', () => {
    const lagging = logoutArtifact({
      ...controlLost,
      timing: { event: 'logout', boundMs: 1000, before: [], places: [{ target: 'baseUrl', replays: [{ atMs: 0, observation: obs('yes', 47) }, { atMs: 500, observation: obs('no', 48) }] }] },
    });
    expect(foreignSessionSigns({ logout: lagging }, NO_TIMEOUTS, evidence)).toEqual([]);
    const prompt = logoutArtifact({ ...lagging, timing: { ...lagging.timing, places: [{ target: 'baseUrl', replays: [{ atMs: 0, observation: obs('no', 47) }] }] } });
    expect(foreignSessionSigns({ logout: prompt }, NO_TIMEOUTS, evidence)).toHaveLength(1);
  });

  it("no sign when the spec's timeouts explain the ending: idle since the last sighting, or past the absolute lifetime", () => {
    // 10 ms between exchanges: 45 → 46 is 10 ms idle; the control logged in at exchange 10, 360 ms before 46.
    expect(foreignSessionSigns({ logout: controlLost }, spec(10, null), evidence)).toEqual([]);
    expect(foreignSessionSigns({ logout: controlLost }, spec(11, null), evidence)).toHaveLength(1);
    expect(foreignSessionSigns({ logout: controlLost }, spec(null, 360), evidence)).toEqual([]);
    expect(foreignSessionSigns({ logout: controlLost }, spec(null, 361), evidence)).toHaveLength(1);
  });

  it("another account's session ended around sign-out-everywhere; the acting device's own ending is the target's business", () => {
    const devices = (id: number) => (id === 12 || id === 32 ? 'sign-out-everywhere: control (other account)' : 'A');
    expect(foreignSessionSigns({ signOutEverywhere: signout('no') }, NO_TIMEOUTS, timeline(10, devices))).toEqual([
      expect.objectContaining({ kind: 'vanished', probe: 'signOutEverywhere', sessions: ['sign-out-everywhere: control (other account)'], lastAlive: 12, foundGone: 32 }),
    ]);
    expect(foreignSessionSigns({ signOutEverywhere: signout('yes', 'no') }, NO_TIMEOUTS, timeline(10, devices))).toEqual([]);
  });

  it('a login refused while the run held fewer sessions than the limit', () => {
    const refused = concurrency({ limit: 3, onExceed: 'reject', afterLogin: ['yes', 'no', 'no', 'no'], atEnd: ['yes', 'no', 'no', 'no'] });
    expect(foreignSessionSigns({ concurrency: refused }, NO_TIMEOUTS, evidence)).toEqual([
      expect.objectContaining({ kind: 'appeared', probe: 'concurrency', sessions: ['session 2'], lastAlive: null, foundGone: 69, what: expect.stringMatching(/while the run held 1 session\(s\) of its own, below the limit of 3/) }),
    ]);
  });

  it('no concurrency sign without a stated limit: the run cannot know what its own logins may end', () => {
    const unknown = { ...concurrency({ limit: 2, afterLogin: ['yes', 'yes', 'yes'], atEnd: ['no', 'no', 'yes'] }), limit: null };
    expect(foreignSessionSigns({ concurrency: unknown }, NO_TIMEOUTS, evidence)).toEqual([]);
  });
});

describe('the foreign-session notice', () => {
  const evidence = timeline(10, LOGOUT_DEVICES);

  it('is absent without signs', () => {
    expect(foreignSessionNotice([], evidence, () => [])).toBeNull();
  });

  it('names the session, when it was last seen alive and found gone, the likely causes and the inconclusive checks', () => {
    const signs = foreignSessionSigns({ logout: controlLost }, NO_TIMEOUTS, evidence);
    const notice = foreignSessionNotice(signs, evidence, (probe) => (probe === 'logout' ? ['logout.server-revocation'] : []))!;
    expect(notice.level).toBe('warning');
    expect(notice.message).toMatch(/^Someone else may be using this account during the run \(another run, a person, or a scheduled job\): a session the run held ended: "logout: control"/);
    expect(notice.message).toContain(`last seen logged in at ${new Date(T0 + 450).toISOString()} (exchange #45), found logged out at ${new Date(T0 + 460).toISOString()} (exchange #46)`);
    expect(notice.message).toContain('inconclusive because of it: logout.server-revocation.');
    expect(notice.message).toContain('"One account per parallel job" in the README');
  });
});
