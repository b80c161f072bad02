/**
 * The multi-device checks over artifact fixtures, row by row (test/fixtures/check-tester.ts).
 */
import { evaluateWith } from '../fixtures/evaluate.js';
import revokeOthers from '../../suites/password-change/revoke-others.js';
import rotateCurrent from '../../suites/password-change/rotate-current.js';
import requiresCurrent from '../../suites/password-change/requires-current.js';
import privilegeRotate from '../../suites/privilege-change/rotate.js';
import concurrencyLimit from '../../suites/concurrency/limit.js';
import signOutEverywhere from '../../suites/concurrency/signout-everywhere.js';
import rememberMe from '../../suites/remember-me/revocation.js';
import uaChange from '../../suites/binding/ua-change.js';
import crossClient from '../../suites/binding/cross-client-replay.js';
import type { Check, OutcomeVerdict } from '../../src/model/check.js';
import { testCheckTable, type CheckRow } from '../fixtures/check-tester.js';
import type {
  Artifacts,
  BindingArtifact,
  ConcurrencyArtifact,
  DeviceRevoked,
  HeldReplays,
  JarReplay,
  PasswordChangeArtifact,
  PrivilegeArtifact,
  RememberMeTrial,
  SignOutEverywhereArtifact,
} from '../../src/model/artifacts.js';
import type { Spec } from '../../src/config/types.js';
import { RECOMMENDED_SPEC } from '../fixtures/spec.js';
import { exchange, observation as obs } from '../fixtures/evidence.js';
import type { PasswordTrial } from '../../src/model/attempts.js';

/** A row as written below: name, artifacts, verdict, observed, and the spec when not the recommended one. */
type Written = [string, Partial<Artifacts>, OutcomeVerdict, RegExp, Spec?];
interface Row extends CheckRow {
  artifacts: Partial<Artifacts>;
  spec?: Spec;
}
const rows = (written: Written[]): Row[] => written.map(([name, artifacts, verdict, observed, spec]) => ({ name, artifacts, verdict, observed, spec }));

const REMEMBER = 'abcdefabcdefabcdef';
/** First exchange id of the concurrency probe's timeline (conc()). */
const CONC = 1000;
const EVIDENCE = [
  exchange({ id: 90, url: 'https://app.example.test/login', method: 'POST', setCookies: [`remember=${REMEMBER}; Path=/; Max-Age=2592000`] }),
  ...Array.from({ length: 120 }, (_, i) => exchange({ id: CONC + i, url: 'https://app.example.test/account', startedAt: Date.parse('2026-12-01T10:00:00Z') + i * 10 })),
];
const judge = (check: Check, row: Row) => evaluateWith(check, { evidence: EVIDENCE, artifacts: row.artifacts }, row.spec ?? RECOMMENDED_SPEC);
const spec = (patch: (s: Spec) => void): Spec => {
  const s = structuredClone(RECOMMENDED_SPEC);
  patch(s);
  return s;
};
const id = (fp: string) => ({ sid: { fp, length: 43 } });
const trial = (role: PasswordTrial['role'], answer: 'yes' | 'no' | 'unknown'): PasswordTrial => ({ role, device: `verify ${role}`, observation: obs(answer, 60), loginExchanges: [59] });

type Answer = 'yes' | 'no' | 'unknown';
/**
 * The whole jar a device held (sid + auth), replayed at exchange `at`: dead, of unknown state, or logged
 * in again with ablation finding auth necessary (an auth cookie that re-creates the session).
 */
const jar = (answer: Answer, at: number): JarReplay => ({
  cookies: ['sid', 'auth'],
  observation: obs(answer, at),
  revival:
    answer === 'yes'
      ? { necessary: ['auth'], sufficient: [], trials: [{ removed: 'sid', observation: obs('yes', at + 1) }, { removed: 'auth', observation: obs('no', at + 2) }] }
      : null,
});
/** What a device held, replayed after the event: its sid at exchange `at`, and its whole jar at `at + 100` when `whole` says how that answered. */
const held = (answer: Answer, at: number, whole?: Answer): HeldReplays => ({
  replays: [{ cookies: ['sid'], observation: obs(answer, at) }],
  jar: whole ? jar(whole, at + 100) : null,
});
const device = (name: string, before: [Answer, number], after: [Answer, number], replay: HeldReplays = held('no', after[1] + 20)): DeviceRevoked => ({
  device: name,
  before: obs(before[0], before[1]),
  after: obs(after[0], after[1]),
  held: replay,
});

type Changed = Extract<PasswordChangeArtifact, { requiresCurrent: unknown }>;
function pw(o: Partial<Changed> = {}): Changed {
  return {
    requiresCurrent: {
      sendsCurrent: true,
      attempts: (['a wrong password', 'an empty password'] as const).map((presented) => ({
        presented,
        control: obs('yes', 10),
        change: { status: 403, exchanges: [11] },
        outcome: 'rejected' as const,
        trials: [trial('password', 'yes')],
      })),
    },
    change: { status: 303, exchanges: [20, 21], from: 'password', to: 'newPassword', device: 'A' },
    others: [device('B', ['yes', 15], ['no', 22]), device('C', ['yes', 16], ['no', 23])],
    current: { ...device('A', ['yes', 17], ['yes', 24], held('no', 25)), idsBefore: id('aaaa1111'), idsAfter: id('bbbb2222') },
    newPasswordLogin: trial('newPassword', 'yes'),
    oldPasswordLogin: trial('password', 'no'),
    survivors: { self: obs('yes', 26), otherAccount: null },
    rememberMe: { notConfigured: 'no rememberMe' },
    refresh: { notConfigured: 'no refresh' },
    restoration: { rotation: 'restore', outcome: 'restored', detail: 'changed back', trials: [] },
    ...o,
  };
}
const NOT_CONFIGURED = { notConfigured: 'the target profile has no password-change flow (target.passwordChange)' };
/** Every session of the account ended, as a restart would end them; `other` is another account's session afterwards. */
const allEnded = (other?: 'yes' | 'no') => ({
  current: { ...pw().current!, after: obs('no', 24) },
  survivors: { self: obs('no', 26), otherAccount: other ? { before: obs('yes', 12), after: obs(other, 27) } : null },
});
const revokeAll = spec((s) => (s.invalidation.passwordChange = 'revoke-all'));

const revokeOthersRows = rows([
  ['B and C logged out, old password refused', { passwordChange: pw() }, 'pass', /B and C logged out .* the old password is refused/],
  ['B survives', { passwordChange: pw({ others: [device('B', ['yes', 15], ['yes', 22], held('yes', 42))] }) }, 'fail', /device B is still logged in/],
  ["B's sid is dead, but its whole jar logs in again: auth named", { passwordChange: pw({ others: [device('B', ['yes', 15], ['yes', 22], held('no', 42, 'yes'))] }) }, 'fail', /whole jar device B held before the password change \(sid \+ auth\) is logged in again .*auth brings the session back/],
  ["B's whole jar of unknown state", { passwordChange: pw({ others: [device('B', ['yes', 15], ['no', 22], held('no', 42, 'unknown'))] }) }, 'inconclusive', /device B gave no clear answer/],
  ['B and C and their whole jars logged out', { passwordChange: pw({ others: [device('B', ['yes', 15], ['no', 22], held('no', 42, 'no')), device('C', ['yes', 16], ['no', 23], held('no', 43, 'no'))] }) }, 'pass', /B and C logged out .* whole jars \(sid \+ auth\)/],
  ['the old password still works', { passwordChange: pw({ oldPasswordLogin: trial('password', 'yes') }) }, 'fail', /old password still logs in/],
  [
    'revoke-all and A survives',
    { passwordChange: pw() },
    'fail',
    /the spec asks for every session to end/,
    spec((s) => (s.invalidation.passwordChange = 'revoke-all')),
  ],
  ['the change did not take effect', { passwordChange: pw({ newPasswordLogin: trial('newPassword', 'no') }) }, 'inconclusive', /did not take effect/],
  ['C was dead before the change', { passwordChange: pw({ others: [device('C', ['no', 16], ['no', 23])] }) }, 'inconclusive', /device C before the password change was not logged in/],
  ['B gave no clear answer', { passwordChange: pw({ others: [device('B', ['yes', 15], ['unknown', 22])] }) }, 'inconclusive', /unclear/],
  ['stopped before the change', { passwordChange: pw({ change: null, stoppedEarly: 'interrupted by SIGINT' }) }, 'inconclusive', /interrupted by SIGINT/],
  ['every session ended, one account: a restart looks the same', { passwordChange: pw(allEnded()) }, 'inconclusive', /as after a server restart; .*add a second account in target\.accounts/],
  ['another account lost its session too: the server forgot its sessions', { passwordChange: pw(allEnded('no')) }, 'inconclusive', /the server may have lost every session/],
  ['revoke-all, another account still logged in', { passwordChange: pw(allEnded('yes')) }, 'pass', /B and C logged out/, revokeAll],
  ['no flow', { passwordChange: NOT_CONFIGURED }, 'skipped', /no password-change flow/],
  ['spec says none', { passwordChange: pw() }, 'skipped', /does not require/, spec((s) => (s.invalidation.passwordChange = 'none'))],
]);

const current = (o: Partial<NonNullable<Changed['current']>>) => pw({ current: { ...pw().current!, ...o } });
const rotateCurrentRows = rows([
  ['renewed, old ID dead', { passwordChange: pw() }, 'pass', /renewed .* old one is logged out/],
  ['revoke-all ended the session, another account kept its own', { passwordChange: pw({ ...allEnded('yes'), current: { ...allEnded().current, idsAfter: id('aaaa1111') } }) }, 'pass', /ended device A's session/],
  ['revoke-all ended the session, one account: a restart looks the same', { passwordChange: pw({ ...allEnded(), current: { ...allEnded().current, idsAfter: id('aaaa1111') } }) }, 'inconclusive', /add a second account/],
  ['same ID, still alive', { passwordChange: current({ idsAfter: id('aaaa1111'), held: held('yes', 25) }) }, 'fail', /keeps the same session ID/],
  ['renewed but old ID alive', { passwordChange: current({ held: held('yes', 25) }) }, 'fail', /old one still logs in/],
  ['replay unclear', { passwordChange: current({ held: held('unknown', 25) }) }, 'inconclusive', /no clear answer/],
  ['renewed, old ID dead, but the whole jar A held logs in again: auth named', { passwordChange: current({ held: held('no', 25, 'yes') }) }, 'fail', /whole jar held before the password change \(sid \+ auth\) is logged in again .*auth brings the session back/],
  ['renewed, the whole jar of unknown state', { passwordChange: current({ held: held('no', 25, 'unknown') }) }, 'inconclusive', /whole jar held before the password change .* gave no clear answer/],
  ['renewed, old ID and the whole jar dead', { passwordChange: current({ held: held('no', 25, 'no') }) }, 'pass', /old one is logged out, and so was the whole jar the device held \(sid \+ auth\)/],
  ['A not logged in before', { passwordChange: current({ before: obs('no', 17) }) }, 'inconclusive', /was not logged in/],
  ['no flow', { passwordChange: NOT_CONFIGURED }, 'skipped', /no password-change flow/],
]);

// spec.invalidation.passwordChangeCurrent: what the team decided for the device that changed the password.
const policy = (p: 'keep' | 'renew' | 'end') => spec((s) => (s.invalidation.passwordChangeCurrent = p));
const ended = current({ idsAfter: id('aaaa1111'), after: obs('no', 24) });
const kept = current({ idsAfter: id('aaaa1111'), held: held('yes', 25, 'yes') });
const rotateCurrentPolicyRows = rows([
    ['keep: still logged in with the same ID', { passwordChange: kept }, 'pass', /still logged in/, policy('keep')],
    ['keep: logged out by the change', { passwordChange: ended }, 'fail', /was logged out by the change/, policy('keep')],
    ['renew: new ID, old one dead', { passwordChange: pw() }, 'pass', /renewed .* stays logged in/, policy('renew')],
    ['renew: same ID kept', { passwordChange: kept }, 'fail', /keeps the same session ID/, policy('renew')],
    ['renew: ended instead', { passwordChange: ended }, 'fail', /logged out by the change instead of getting a new ID/, policy('renew')],
    ['end: logged out, old ID dead', { passwordChange: current({ after: obs('no', 24) }) }, 'pass', /is logged out and its old ID is dead/, policy('end')],
    ['end: still logged in', { passwordChange: pw() }, 'fail', /still logged in after the change/, policy('end')],
    ['end: state unknown', { passwordChange: current({ after: obs('unknown', 24) }) }, 'inconclusive', /unknown state/, policy('end')],
    ['renew: new ID, old one dead, the whole jar logs in again', { passwordChange: current({ held: held('no', 25, 'yes') }) }, 'fail', /auth brings the session back/, policy('renew')],
    ['end: logged out, the whole jar logs in again', { passwordChange: current({ after: obs('no', 24), held: held('no', 25, 'yes') }) }, 'fail', /auth brings the session back/, policy('end')],
    ['keep: the old jar is not judged (the device stays, so does its jar)', { passwordChange: current({ held: held('yes', 25, 'yes') }) }, 'pass', /still logged in/, policy('keep')],
  ]);

const attempts = (outcome: 'rejected' | 'accepted' | 'unknown') => pw({ requiresCurrent: { sendsCurrent: true, attempts: pw().requiresCurrent.attempts.map((a, i) => (i === 0 ? { ...a, outcome } : a)) } });
const requiresCurrentRows = rows([
  ['both attempts refused', { passwordChange: pw() }, 'pass', /with a wrong password the password stayed/],
  ['a wrong current password accepted', { passwordChange: attempts('accepted') }, 'fail', /took effect/],
  ['the flow sends no current password', { passwordChange: pw({ requiresCurrent: { sendsCurrent: false, attempts: [] } }) }, 'fail', /does not send the current password/],
  ['an attempt unclear', { passwordChange: attempts('unknown') }, 'inconclusive', /not every attempt could be judged/],
  ['the real change never worked', { passwordChange: pw({ newPasswordLogin: trial('newPassword', 'no') }) }, 'inconclusive', /did not take effect/],
  ['no flow', { passwordChange: NOT_CONFIGURED }, 'skipped', /no password-change flow/],
]);

type Elevated = Extract<PrivilegeArtifact, { device: string }>;
function priv(o: Partial<Elevated> = {}): Elevated {
  return {
    device: 'privilege',
    before: obs('yes', 30),
    idsBefore: id('cccc3333'),
    change: { status: 303, exchanges: [31] },
    after: obs('yes', 32),
    idsAfter: id('dddd4444'),
    held: held('no', 33),
    elevated: { description: 'elevated when /admin answers 200', current: obs('yes', 34), oldId: obs('no', 35), jar: null },
    survivors: { self: obs('yes', 36), otherAccount: null },
    ...o,
  };
}
const privilegeRows = rows([
  ['renewed, old ID dead', { privilegeChange: priv() }, 'pass', /renewed .* logged out/],
  ['renewed, old ID alive without privilege', { privilegeChange: priv({ held: held('yes', 33) }) }, 'pass', /without the elevated privilege/],
  ['same ID', { privilegeChange: priv({ idsAfter: id('cccc3333') }) }, 'fail', /keeps the same ID/],
  ['old ID keeps the privilege', { privilegeChange: priv({ held: held('yes', 33), elevated: { description: 'd', current: obs('yes', 34), oldId: obs('yes', 35), jar: null } }) }, 'fail', /has the elevated privilege too/],
  ['old ID alive, no elevated page configured', { privilegeChange: priv({ held: held('yes', 33), elevated: { notConfigured: 'no elevatedCheck' } }) }, 'inconclusive', /no elevatedCheck/],
  [
    'old ID dead, the whole pre-elevation jar logs in again with the privilege: auth named',
    { privilegeChange: priv({ held: held('no', 33, 'yes'), elevated: { description: 'd', current: obs('yes', 34), oldId: obs('no', 35), jar: obs('yes', 36) } }) },
    'fail',
    /whole jar held before the elevation \(sid \+ auth\) is logged in again .*auth brings the session back.*has the elevated privilege too/,
  ],
  ['old ID dead, the whole jar logs in again without the privilege', { privilegeChange: priv({ held: held('no', 33, 'yes'), elevated: { description: 'd', current: obs('yes', 34), oldId: obs('no', 35), jar: obs('no', 36) } }) }, 'pass', /auth brings the session back.*without the elevated privilege/],
  ['old ID dead, the whole jar of unknown state', { privilegeChange: priv({ held: held('no', 33, 'unknown') }) }, 'inconclusive', /whole jar held before the elevation .* gave no clear answer/],
  ['old ID and the whole jar dead', { privilegeChange: priv({ held: held('no', 33, 'no') }) }, 'pass', /old one is logged out, and so was the whole jar the device held \(sid \+ auth\)/],
  ['elevation answered 403', { privilegeChange: priv({ change: { status: 403, exchanges: [31] } }) }, 'inconclusive', /did not go through: it answered 403/],
  ['logged out by the elevation', { privilegeChange: priv({ after: obs('no', 32) }) }, 'inconclusive', /not logged in after the elevation/],
  ['the elevated session lost after the replay: a restart', { privilegeChange: priv({ survivors: { self: obs('no', 36), otherAccount: null } }) }, 'inconclusive', /no session that should outlive the privilege change was alive/],
  ['no flow', { privilegeChange: { notConfigured: 'the target profile has no privilege-change flow (target.privilegeChange)' } }, 'skipped', /no privilege-change flow/],
  ['spec states nothing', { privilegeChange: priv() }, 'skipped', /does not require/, spec((s) => (s.invalidation.privilegeChange = null))],
]);

/**
 * Exchange ids in the order the probe sends them, 10 ms apart: session i's readings of the earlier
 * sessions (earlier[i], by default each as it was right after its own login), its login, its own reading;
 * then every session at the end.
 */
function conc(atEnd: Array<'yes' | 'no'>, afterLogin: Array<'yes' | 'no'> = atEnd.map(() => 'yes'), limit: number | null = 2, earlier: Array<Array<'yes' | 'no'>> = []): ConcurrencyArtifact {
  return {
    limit,
    onExceed: 'evict-oldest',
    opened: atEnd.length,
    freedSlots: true,
    sessions: atEnd.map((a, i) => ({
      device: `session ${i + 1}`,
      login: { status: 303, exchanges: [CONC + i * 10 + 8] },
      earlier: afterLogin.slice(0, i).map((alive, j) => obs(earlier[i]?.[j] ?? alive, CONC + i * 10 + j)),
      afterLogin: obs(afterLogin[i]!, CONC + i * 10 + 9),
      atEnd: obs(a, CONC + 100 + i),
    })),
  };
}
const limit2 = (onExceed: 'reject' | 'evict-oldest' | null) => spec((s) => (s.concurrency = { maxSessions: 2, onExceed }));
const shortIdle = spec((s) => {
  s.concurrency = { maxSessions: 2, onExceed: 'evict-oldest' };
  s.timeouts = { ...s.timeouts, idleMs: 500, graceMs: 0 };
});
const concurrencyRows = rows([
  ['evict-oldest as asked', { concurrency: conc(['no', 'yes', 'yes']) }, 'pass', /ended the oldest session/, limit2('evict-oldest')],
  ['reject as asked', { concurrency: conc(['yes', 'yes', 'no'], ['yes', 'yes', 'no']) }, 'pass', /login number 3 was refused/, limit2('reject')],
  ['either policy is fine without onExceed', { concurrency: conc(['yes', 'yes', 'no'], ['yes', 'yes', 'no']) }, 'pass', /refused/, limit2(null)],
  ['no limit at all', { concurrency: conc(['yes', 'yes', 'yes']) }, 'fail', /all 3 sessions are logged in at once/, limit2('evict-oldest')],
  ['rejects where eviction was asked', { concurrency: conc(['yes', 'yes', 'no'], ['yes', 'yes', 'no']) }, 'fail', /refused/, limit2('evict-oldest')],
  ['evicts the wrong session', { concurrency: conc(['yes', 'no', 'yes']) }, 'fail', /session 2 was logged out, which is neither/, limit2('evict-oldest')],
  ['a session below the limit never logged in', { concurrency: conc(['no', 'no', 'yes'], ['yes', 'no', 'yes']) }, 'inconclusive', /session 2 was not logged in right after/, limit2('evict-oldest')],
  // Someone else's login between the run's second and third: two of the run's sessions end where its own logins explain one.
  ['more sessions ended than the run\'s logins explain', { concurrency: conc(['no', 'no', 'yes']) }, 'inconclusive', /session 1, session 2 were found logged out once all were opened, while the run held 3 session\(s\) of its own at a limit of 2, which explains 1 of them: the account holds sessions the run did not open/, limit2('evict-oldest')],
  ['the limit bit before the run held 2 sessions', { concurrency: conc(['no', 'no', 'yes'], undefined, 2, [[], [], ['no', 'yes']]) }, 'inconclusive', /session 1 was found logged out before login 3, while the run held 2 session\(s\) of its own .* which explains none of them: .*or the target's limit is lower/, limit2('evict-oldest')],
  ['those sessions were idle past the spec\'s timeout: their end is no sign', { concurrency: conc(['no', 'no', 'yes']) }, 'fail', /session 1, session 2 were logged out, which is neither/, shortIdle],
  ['no limit in the spec: the count is reported', { concurrency: conc(Array(10).fill('yes'), undefined, null) }, 'skipped', /sets no limit .*observed: all 10 sessions/, spec((s) => (s.concurrency.maxSessions = null))],
]);

function signout(o: Partial<Extract<SignOutEverywhereArtifact, { current: unknown }>> = {}): SignOutEverywhereArtifact {
  return {
    others: [device('B', ['yes', 70], ['no', 74]), device('C', ['yes', 71], ['no', 75])],
    current: { device: 'A', before: obs('yes', 72), after: obs('yes', 76) },
    action: { status: 303, exchanges: [73], device: 'A' },
    survivors: { self: obs('yes', 77), otherAccount: null },
    timing: { event: 'sign-out-everywhere', boundMs: 5000, before: [], places: [] },
    ...o,
  };
}
const signOutAsked = spec((s) => (s.invalidation.signOutEverywhere = true));
const signOutRows = rows([
  ['others logged out, A stays', { signOutEverywhere: signout() }, 'pass', /B and C logged out, and so were their session artifacts replayed from another client; A itself logged in/, signOutAsked],
  ['B stays', { signOutEverywhere: signout({ others: [device('B', ['yes', 70], ['yes', 74], held('yes', 94))] }) }, 'fail', /device B is still logged in after A signed out everywhere/, signOutAsked],
  ["B's sid alone still logs in from another client", { signOutEverywhere: signout({ others: [device('B', ['yes', 70], ['no', 74], held('yes', 94))] }) }, 'fail', /device B's session, replayed from another client, is still logged in/, signOutAsked],
  ["B's whole jar logs in again: auth named", { signOutEverywhere: signout({ others: [device('B', ['yes', 70], ['yes', 74], held('no', 94, 'yes'))] }) }, 'fail', /whole jar device B held before sign-out-everywhere \(sid \+ auth\) is logged in again .*auth brings the session back/, signOutAsked],
  ["B's whole jar of unknown state", { signOutEverywhere: signout({ others: [device('B', ['yes', 70], ['no', 74], held('no', 94, 'unknown'))] }) }, 'inconclusive', /device B gave no clear answer/, signOutAsked],
  ['others and their whole jars logged out', { signOutEverywhere: signout({ others: [device('B', ['yes', 70], ['no', 74], held('no', 94, 'no'))] }) }, 'pass', /whole jars \(sid \+ auth\) replayed/, signOutAsked],
  ['the action failed and B stays', { signOutEverywhere: signout({ others: [device('B', ['yes', 70], ['yes', 74], held('yes', 94))], action: { status: 403, exchanges: [73], device: 'A' } }) }, 'inconclusive', /did not go through/, signOutAsked],
  ['A logged out too, one account: a restart looks the same', { signOutEverywhere: signout({ survivors: { self: obs('no', 77), otherAccount: null } }) }, 'inconclusive', /add a second account/, signOutAsked],
  ['B not logged in before', { signOutEverywhere: signout({ others: [device('B', ['no', 70], ['no', 74])] }) }, 'inconclusive', /device B before/, signOutAsked],
  ['no flow', { signOutEverywhere: { notConfigured: 'the target profile has no sign-out-everywhere flow (target.signOutEverywhere)' } }, 'skipped', /no sign-out-everywhere flow/, signOutAsked],
  ['the spec does not ask for it', { signOutEverywhere: signout() }, 'skipped', /spec.invalidation.signOutEverywhere/],
]);

const rm = (o: Partial<RememberMeTrial> = {}): RememberMeTrial => ({ issued: { exchange: 90, value: { fp: 'eeee5555', length: 18 } }, control: obs('yes', 91), eventExchanges: [92], replay: obs('no', 93), jar: null, ...o });
const remembered = (logout: RememberMeTrial, afterChange: RememberMeTrial | { notConfigured: string } = rm()): Partial<Artifacts> => ({
  rememberMe: { cookie: 'remember', logout },
  passwordChange: pw({ rememberMe: afterChange }),
});
const rememberMeRows = rows([
  ['refused after logout and after the password change', remembered(rm()), 'pass', /after logout it was refused; after the password change it was refused/],
  ['only logout tried', { rememberMe: { cookie: 'remember', logout: rm() }, passwordChange: NOT_CONFIGURED }, 'pass', /the password change not tried/],
  ['survives logout', remembered(rm({ replay: obs('yes', 93) })), 'fail', /after logout, remember alone still logs/],
  ['survives the password change', remembered(rm(), rm({ replay: obs('yes', 93) })), 'fail', /after the password change, remember alone still logs/],
  ['refused alone, but the whole jar held before logout logs in again: auth named', remembered(rm({ jar: jar('yes', 95) })), 'fail', /auth re-creates the session after logout \(the remembered device\)/],
  ['refused alone, the whole jar of unknown state', remembered(rm({ jar: jar('unknown', 95) })), 'inconclusive', /whole jar the remembered device held before logout gave no clear answer/],
  ['refused alone, and so was the whole jar', remembered(rm({ jar: jar('no', 95) })), 'pass', /after logout it was refused, and so was the whole jar the device held \(sid \+ auth\)/],
  ['lives longer than the spec allows', remembered(rm()), 'fail', /issued for 30d, more than 7d/, spec((s) => (s.rememberMe.maxAgeMs = 7 * 86_400_000))],
  ['the cookie alone never logged in', remembered(rm({ control: obs('no', 91) })), 'inconclusive', /did not log in even before logout/],
  ['no cookie issued', remembered(rm({ issued: null })), 'inconclusive', /did not set remember/],
  ['not configured', { rememberMe: { notConfigured: 'the target profile does not say how to ask for a persistent login (target.rememberMe)' }, passwordChange: { notConfigured: 'no password change' } }, 'skipped', /persistent login/],
]);

function binding(replay: 'yes' | 'no' | 'unknown', control: 'yes' | 'no' = 'yes'): BindingArtifact {
  return {
    userAgentChange: { device: 'b1', control: obs(control, 80), foreignUserAgent: 'Mozilla/5.0', replay: obs(replay, 81), afterwards: obs(replay === 'yes' ? 'yes' : 'no', 82) },
    crossClient: { device: 'b2', control: obs(control, 83), replay: obs(replay, 84), artifacts: ['sid'] },
  };
}
const bound = spec((s) => (s.binding = { signals: ['user-agent'], rejectOnChange: ['user-agent'] }));
const uaChangeRows = rows([
  ['refused, required', { binding: binding('no') }, 'pass', /refused .* ended the session on the device itself/, bound],
  ['accepted, required', { binding: binding('yes') }, 'fail', /accepted with another User-Agent/, bound],
  ['accepted, not required: reported', { binding: binding('yes') }, 'skipped', /report only: .*observed: the session is accepted/],
  ['unclear', { binding: binding('unknown') }, 'inconclusive', /no clear answer/, bound],
  ['no control', { binding: binding('no', 'no') }, 'inconclusive', /was not logged in/, bound],
]);
const crossClientRows = rows([
  ['refused, required', { binding: binding('no') }, 'pass', /sid alone is refused/, bound],
  ['accepted, required', { binding: binding('yes') }, 'fail', /sid alone is enough/, bound],
  ['accepted, not required: reported', { binding: binding('yes') }, 'skipped', /report only: .*sid alone is enough/],
  ['no control', { binding: binding('yes', 'no') }, 'inconclusive', /was not logged in/, bound],
]);

testCheckTable('multi-device checks', {
  checks: [revokeOthers, rotateCurrent, requiresCurrent, privilegeRotate, concurrencyLimit, signOutEverywhere, rememberMe, uaChange, crossClient],
  judge,
  secrets: [REMEMBER],
  defaultReachable: ['pass', 'fail', 'inconclusive', 'skipped'],
  rows: {
    'password-change.revoke-others': revokeOthersRows,
    'password-change.rotate-current': [...rotateCurrentRows, ...rotateCurrentPolicyRows],
    'password-change.requires-current': requiresCurrentRows,
    'privilege-change.rotate': privilegeRows,
    'concurrency.limit': concurrencyRows,
    'concurrency.signout-everywhere': signOutRows,
    'remember-me.revocation': rememberMeRows,
    'binding.ua-change': uaChangeRows,
    'binding.cross-client-replay': crossClientRows,
  },
});
