/**
 * The artifacts probes hand to checks: serializable, secrets already masked. One entry per probe id.
 */
import type { Masked } from '../evidence.js';
import type { OracleObservation } from './observation.js';
import type { TokenShape } from '../token/shape.js';
import type { TokenAnalysis } from '../token/analysis/index.js';
import type { ContentFinding } from '../token/content.js';
import type { ClaimSummary } from '../token/jws.js';
import type { PasswordRole, PasswordTrial, Restoration, FlowAttempt } from './attempts.js';

/** How the target was logged into and what identifies its session; produced before any suite runs. */
export interface SessionArtifact {
  baseUrl: string;
  oracleUrl: string;
  authKind: 'cookie' | 'bearer';
  /** Names of the auth-critical cookies (empty for a bearer-token session). */
  sessionCookies: string[];
  discovery: {
    method: 'configured' | 'ablation';
    trials: Array<{ removed: string; observation: OracleObservation }>;
    notes: string[];
    /** A configured `sessionCookie` the session lives without (rule 24): a notice in every report. */
    mismatch?: string;
  };
  oracle: {
    method: 'expect' | 'calibrated';
    description: string;
    anonymous: OracleObservation;
    authenticated: OracleObservation;
  };
  login: {
    /** Every exchange of the first login flow. */
    exchanges: number[];
    /** Exchanges of the login flow whose responses set a session cookie. */
    issuing: number[];
    /** Fingerprints of the session cookies after login. */
    values: Record<string, Masked>;
  };
  /** The bearer token obtained at login (bearer sessions only), masked, with its shape. */
  bearer?: { value: Masked; shape: TokenShape };
}

export interface FixationArtifact {
  rotation: {
    /** Session-cookie values held before login; null where the target issued none pre-login. */
    preLogin: Record<string, Masked | null>;
    postLogin: Record<string, Masked | null>;
    /** Positive control: the client was authenticated right after login. */
    postLoginControl: OracleObservation;
    /** The pre-login cookie jar replayed after login; null when there was nothing to replay. */
    preLoginReplay: OracleObservation | null;
    /** Control after the replay: the logged-in client is still logged in, so a logged-out replay means something. */
    afterReplayControl: OracleObservation | null;
    loginExchanges: number[];
  };
  planted:
    | {
        crafted: Record<string, Masked>;
        postLogin: Record<string, Masked | null>;
        postLoginControl: OracleObservation;
        /** The crafted IDs alone, replayed after the login that carried them. */
        craftedReplay: OracleObservation;
        afterReplayControl: OracleObservation;
        loginExchanges: number[];
      }
    | { notApplicable: string };
}

/**
 * Rule 24 (c): everything a device held before a revocation event (every cookie of its jar, its auth
 * header), replayed after the event. When it is logged in, ablation on the jar says which cookies
 * bring the session back.
 */
export interface JarReplay {
  cookies: string[];
  observation: OracleObservation;
  revival: {
    /** Cookies without which the replayed jar is logged out. */
    necessary: string[];
    /** When none is necessary: the cookies logged in on their own. */
    sufficient: string[];
    trials: Array<{ removed: string; observation: OracleObservation }>;
  } | null;
}

/** The cookies that bring the session back: the necessary ones, else those logged in on their own; empty when the jar did not log in. */
export function revivingCookies(jar: JarReplay): string[] {
  const r = jar.revival;
  return r ? (r.necessary.length > 0 ? r.necessary : r.sufficient) : [];
}

/**
 * Rule 24 for one device and one event: what it held before the event, replayed from fresh clients
 * after it (src/target/jar-replay.ts).
 */
export interface HeldReplays {
  /** Its session artifacts: each alone, then all together (one replay when there is one artifact). */
  replays: Array<{ cookies: string[]; observation: OracleObservation }>;
  /** Everything it held (every cookie, its auth header); null when that was only the session artifacts. */
  jar: JarReplay | null;
}

/** Every answer the replays of what a device held gave (the jar's own, not its ablation trials). */
export function heldAnswers(held: HeldReplays): OracleObservation[] {
  return [...held.replays.map((r) => r.observation), ...(held.jar ? [held.jar.observation] : [])];
}

/**
 * Rule 25: the old artifacts replayed on a rising schedule after a revocation event, through baseUrl
 * and on each configured instance, each place until it refused them.
 */
export interface RevocationTiming {
  /** logout, password change, privilege change, sign-out-everywhere. */
  event: string;
  /** How long after the event the schedule ran at most (maxDelay + grace, within the wait budget). */
  boundMs: number;
  /** Positive control: the artifacts were alive on each place right before the event. */
  before: Array<{ target: string; observation: OracleObservation }>;
  places: Array<{
    /** 'baseUrl', or an instance's origin. */
    target: string;
    /** `atMs`: when the replay was sent, after the event's last response. */
    replays: Array<{ atMs: number; observation: OracleObservation }>;
  }>;
}

export type LogoutArtifact =
  | { notConfigured: string }
  | {
      /** Positive control: the session was alive right before logout. */
      beforeLogout: OracleObservation;
      /**
       * What the logging-out device itself held: its own login's exchanges (where its session cookies got
       * their Path and Domain) and its session IDs right before logout. Logout is judged against these,
       * never against the baseline session's: a device's ID is its own.
       */
      held: { loginExchanges: number[]; ids: SessionIds };
      logoutExchanges: number[];
      /** Status of the logout flow's last response. */
      logoutStatus: number;
      /** Control: the logging-out client itself is logged out afterwards (else logout did not run). */
      currentAfterLogout: OracleObservation;
      /** The saved auth artifacts replayed from a fresh client: each cookie alone, then all together. */
      replays: HeldReplays['replays'];
      /** Everything the device held before logout, replayed (null: it held only the session artifacts). */
      jar: HeldReplays['jar'];
      /** The saved artifacts replayed on a rising schedule after logout (rule 25). */
      timing: RevocationTiming;
      /**
       * A session that was never logged out, asked right after the logout and again after the replays. Alive
       * after the logout but dead after the replays means the server lost its sessions meanwhile (restart,
       * failover), and the replays prove nothing. Dead already after the logout means logout ends every
       * session of the account; then it cannot serve as a control (a second account in target.accounts can).
       */
      control: { account: 'same' | 'other'; afterLogout: OracleObservation; afterReplays: OracleObservation };
    };

/** N session IDs collected from the target and analysed inside the probe; only statistics leave it. */
export type TokenSampleArtifact =
  | { notApplicable: string }
  | {
      /** What was sampled: a cookie name, or 'bearer token'. */
      carrier: string;
      source: { kind: 'pre-auth'; request: string } | { kind: 'login'; loginsPerSecond: number };
      requested: number;
      collected: number;
      /** Why sampling stopped before `requested`, e.g. the target answered 429. */
      stoppedEarly: string | null;
      durationMs: number;
      /** A few sampling requests recorded as examples (the rest are counted, not recorded). */
      exchanges: number[];
      analysis: TokenAnalysis;
      /** User data found by decoding the samples. */
      content: ContentFinding[];
      /** The decodings that were tried on every sample. */
      decodings: string[];
    };

/** One way of presenting a session ID the server should refuse, and how it answered. */
export interface InputProbe {
  label: string;
  observation: OracleObservation;
  status: number | null;
  /** The crafted marker came back unescaped in the response. */
  reflected: boolean;
  /** What in the response looked like a stack trace or debug page, if anything. */
  stackTrace: string | null;
}

/** How the target treats the session ID outside its cookie, and malformed IDs. */
export type TokenInputArtifact =
  | { notApplicable: string }
  | {
      carrier: string;
      /** Positive control: the untouched credentials were logged in right before. */
      control: OracleObservation;
      /** The ID as a URL or body parameter, with the cookie/Authorization removed. */
      parameters: InputProbe[];
      /** Malformed IDs in place of the real one. */
      malformed: InputProbe[];
    };

export interface JwtForgery {
  attack: string;
  /** Which check judges it. */
  judgedBy: 'jwt.signature-verified' | 'jwt.alg';
  observation: OracleObservation;
}

export type JwtArtifact =
  | { notApplicable: string }
  | {
      /** Where the JWT travels: a cookie name, or 'bearer token'. */
      carrier: string;
      /** The token attacked is an access token a refresh minted (target.refresh), not the login's. */
      mintedByRefresh?: true;
      header: { alg: string; typ?: string; kid?: string; otherKeys: string[] };
      claims: ClaimSummary;
      /** Positive control: the untouched token was logged in right before the forgeries. */
      control: OracleObservation;
      forgeries: JwtForgery[];
      /** Why the algorithm-confusion forgery was not tried (no JWKS URL, no usable key). */
      confusion: string | null;
      weakSecret: { tested: boolean; dictionarySize: number; found: boolean; note: string };
      expired: JwtExpiry;
      revocation: JwtRevocation;
    };

/**
 * A fresh token, logged out, then replayed before its exp. `beforeLogout` is the positive control;
 * for a bearer token the logout status shows logout ran, for a cookie the same client being logged out.
 */
export type JwtRevocation =
  | { notConfigured: string }
  | { beforeLogout: OracleObservation; logoutStatus: number; logoutExchanges: number[]; currentAfterLogout: OracleObservation; replay: OracleObservation };

/** An expired token replayed (how it was obtained, and the answer), or why none could be. */
export type JwtExpiry = { method: string; observation: OracleObservation } | { notObserved: string };

/** Plain-http access with the session cookie sent deliberately, for https targets. */
export type TransportArtifact =
  | { notApplicable: string }
  | {
      httpUrl: string;
      /** Positive control: the same credentials over https were logged in. */
      control: OracleObservation;
      /** What plain http did with them. */
      http: { outcome: 'refused' | 'redirect-to-https' | 'answered'; detail: string; observation: OracleObservation | null; exchanges: number[] };
    };
/** An oracle request whose timing matters: sent and answered at these clock times (epoch-like ms). */
export interface TimedObservation extends OracleObservation {
  startedAt: number;
  endedAt: number;
}

export type TimedRequestKind = 'control' | 'activity' | 'probe' | 'replay';

/** One session a timeout probe drove: its login, then every request on it, in order. */
export interface TimedSession {
  status: 'done' | 'interrupted' | 'failed';
  /** Why it did not finish. */
  reason?: string;
  login?: { startedAt: number; endedAt: number; exchanges: number[] };
  /** The first is the positive control right after login. */
  requests: Array<TimedObservation & { kind: TimedRequestKind; label: string }>;
  /** Why these readings are a second session's: the first one's came too late to be judged. */
  readAgain?: string;
}

/** One request of a timed session: `session.requests[at]`, judged against the request before it. */
export interface Reading {
  session: TimedSession;
  at: number;
}

/** A timeout probe that did not run: the spec states no requirement, or it would not fit the wait budget. */
export interface NotPlanned {
  notPlanned: { verdict: 'skipped' | 'inconclusive'; reason: string };
}

/** What makes the client drop the session by itself: the cookie's own expiry and time fields in its value. */
export interface ClientExpiry {
  /** The session cookie that expires first (Max-Age/Expires), lifetime as the server stated it; null = none expires. */
  cookie: { name: string; lifetimeMs: number; source: 'max-age' | 'expires' } | null;
  /** Timestamps found inside the session cookie values, as offsets from issuance (negative = in the past). */
  timeFields: Array<{ cookie: string; where: string; offsetMs: number }>;
}

export interface TimeoutArtifact {
  /** Clock time the probe started; the timelines count from here. */
  origin: number;
  /** The run's wait budget (--max-wait). */
  budgetMs: number;
  /** Round-trip time of an oracle request, added to every grace. */
  rttMs: number;
  /**
   * Readings of idle sessions, each `offsetMs` after the request before it on its session. One session
   * may carry several: its positive control late in the wait, then the decisive T+g reading. `jar`: when
   * that reading was logged in, the jar the session held before it, replayed once its readings were over
   * (each replay is activity) to name the cookie that keeps or brings the session back (rule 24); `absolute`
   * likewise for its A+g reading.
   */
  idle: NotPlanned | { idleMs: number; graceMs: number; rungs: Array<{ label: string; offsetMs: number } & Reading>; jar: JarReplay | null };
  absolute: NotPlanned | { absoluteMs: number; graceMs: number; keepAliveMs: number; session: TimedSession; jar: JarReplay | null };
  /**
   * The active session's activity and its reading within T−g of it; `idle` is the decisive idle reading,
   * the control that the idle timeout is enforced at all. Activity and idle may be on one session.
   */
  sliding: NotPlanned | { idleMs: number; graceMs: number; activityAtMs: number; probeAtMs: number; idle: Reading; activity: Reading; active: Reading };
  /**
   * The session replayed as is after its client-side expiry; and, when its value carries timestamps, a
   * second session replayed with them moved forward — a separate one, so that neither replay can end
   * the session the other one tests.
   */
  serverEnforced: NotPlanned | { asIs: ExpiryReplay; extended: ExpiryReplay | null };
  /**
   * One session kept active until its ID changes; its previous ID replayed once the overlap has passed.
   * `renewedAt` is the activity whose response carried the new ID (null: none did by the deadline).
   */
  renewal:
    | NotPlanned
    | {
        everyMs: number;
        overlapMs: number;
        graceMs: number;
        keepAliveMs: number;
        deadlineMs: number;
        session: TimedSession;
        renewedAt: { startedAt: number; endedAt: number } | null;
      };
}

export interface ExpiryReplay {
  graceMs: number;
  /** This session's own client-side expiry; null until it logged in. */
  expiry: ClientExpiry | null;
  /** How long after its login it was replayed; null when it had no client-side expiry. */
  waitMs: number | null;
  session: TimedSession;
}

/** A secret found in the browser's web storage, masked. */
export interface StorageFinding {
  area: 'localStorage' | 'sessionStorage' | 'indexedDB';
  /** The storage key (for IndexedDB: `database/store`), secrets in it masked. */
  key: string;
  /** Why it counts as a session token. */
  kind: 'session cookie value' | 'bearer token' | 'JWT' | 'token-named key';
  value: Masked;
}

/** A logout control looked for on one authenticated page. */
export interface LogoutControlObservation {
  page: string;
  /** Where the browser ended up (an authenticated page that bounced to the login page shows here). */
  finalUrl: string;
  /** Elements matching the selector. */
  matches: number;
  visible: boolean;
  /** Visible in the first screen, without scrolling. */
  inViewport: boolean;
  error?: string;
}

export type HistoryObservation =
  | { notConfigured: string }
  | {
      page: string;
      /** Text the page shows logged in but not to an anonymous browser (calibrated, like the oracle). */
      markers: string[];
      /** Control: markers the page showed before logout. */
      shownBeforeLogout: string[];
      logoutExchanges: number[];
      /** Control: the device is logged out after logout (else the back button proves nothing). */
      currentAfterLogout: OracleObservation;
      /**
       * Each page Back led to, newest first, until the page the experiment started from: where the
       * browser was and which markers it showed.
       */
      afterBack: { pages: Array<{ url: string; shown: string[] }> } | { error: string };
    };

/** What a real browser shows of the session, gathered after a browser login. */
export type BrowserArtifact =
  | { notApplicable: string }
  | {
      device: string;
      /** Positive control: the browser's session was logged in after the browser login. */
      afterLogin: OracleObservation;
      /** Web storage of the target's origin after login and the authenticated pages. */
      storage: { origin: string; keys: number; /** 'read', or why IndexedDB could not be read. */ indexedDb: string; findings: StorageFinding[] } | { error: string };
      /** `document.cookie` on an authenticated page: names only. */
      documentCookie: { names: string[]; sessionCookies: string[] } | { error: string };
      logoutControl: { selector: string; pages: LogoutControlObservation[] } | { notConfigured: string };
      history: HistoryObservation;
    };


/** A flow or action the target profile does not define: the checks that need it are skipped with this reason. */
export interface NotConfigured {
  notConfigured: string;
}

/** One device's session, asked right before an event and right after it. */
export interface DeviceBeforeAfter {
  device: string;
  before: OracleObservation;
  after: OracleObservation;
}

/** A device whose session the event must end: asked itself, and what it held replayed (rule 24). */
export interface DeviceRevoked extends DeviceBeforeAfter {
  held: HeldReplays;
}

/**
 * Sessions that should outlive an event that ends others (a password change, sign-out-everywhere, an
 * elevation), read once the event's effects were observed. When none is alive, the server may have
 * lost every session (a restart), and a logged-out reading proves nothing.
 */
export interface SurvivorControl {
  /** The acting device's own session, asked last; null when the event ends it by design. */
  self: OracleObservation | null;
  /** A session of another account (target.accounts), which no event of this account may end. */
  otherAccount: { before: OracleObservation; after: OracleObservation } | null;
}

/** A device's session IDs (each session cookie, and `Authorization` for a bearer token), masked. */
export type SessionIds = Record<string, Masked | null>;

/**
 * A remember-me cookie tried around an event (logout, password change): issued at login, shown to
 * mint a session on its own (the control), then presented alone again after the event.
 */
export interface RememberMeTrial {
  /** The login response that set the cookie, with its value; null when the login set none. */
  issued: { exchange: number; value: Masked } | null;
  /** Control: the cookie alone, in a fresh device, minted a logged-in session. */
  control: OracleObservation | null;
  eventExchanges: number[];
  /** After the event, the cookie alone in another fresh device. */
  replay: OracleObservation | null;
  /** After the event, everything the device the cookie logged in held before it (rule 24); null: only session artifacts, or not replayed. */
  jar: JarReplay | null;
}

export interface CurrentPasswordAttempt {
  /** What was sent as the current password. */
  presented: 'a wrong password' | 'an empty password';
  /** The device was logged in when it submitted the change. */
  control: OracleObservation;
  change: FlowAttempt;
  /** Judged by which password logs in afterwards. */
  outcome: 'rejected' | 'accepted' | 'unknown';
  trials: PasswordTrial[];
}

export type PasswordChangeArtifact =
  | NotConfigured
  | {
      /** The change submitted without the right current password, before the real change. */
      requiresCurrent: { sendsCurrent: boolean; attempts: CurrentPasswordAttempt[] };
      /** The real change; null when the run never got to it. */
      change: (FlowAttempt & { from: PasswordRole; to: PasswordRole; device: string }) | null;
      /** The other devices, logged in before the change. */
      others: DeviceRevoked[];
      /** The device that changed the password, its IDs before and after, and what it held before replayed. */
      current: (DeviceRevoked & { idsBefore: SessionIds; idsAfter: SessionIds }) | null;
      /** Logging in with the new password after the change: the positive control that it took effect. */
      newPasswordLogin: PasswordTrial | null;
      /** Read after the old IDs were replayed: the server still knows the sessions it should. */
      survivors: SurvivorControl | null;
      /** Logging in with the old password after the change. */
      oldPasswordLogin: PasswordTrial | null;
      rememberMe: RememberMeTrial | NotConfigured;
      /** A refresh token held by another device while the password changed (target.refresh). */
      refresh: RefreshTrial | NotConfigured;
      restoration: Restoration & { rotation: 'restore' | 'alternate' };
      /** Why the probe stopped early (a signal, an unknown password state). */
      stoppedEarly?: string;
      /** Device B's artifacts replayed on a rising schedule after the change (rule 25); absent when the change never ran. */
      timing?: RevocationTiming;
    };

export type PrivilegeArtifact =
  | NotConfigured
  | {
      device: string;
      before: OracleObservation;
      idsBefore: SessionIds;
      change: FlowAttempt;
      after: OracleObservation;
      idsAfter: SessionIds;
      /** What the device held before the elevation, replayed against the authentication oracle. */
      held: HeldReplays;
      /** Read after the replays: the elevated session itself must still be alive. */
      survivors: SurvivorControl;
      elevated:
        | NotConfigured
        | { uncalibrated: string }
        | {
            description: string;
            /** Control: the elevated device has the privilege. */
            current: OracleObservation;
            /** The pre-elevation IDs replayed against the elevated page. */
            oldId: OracleObservation;
            /** The whole pre-elevation jar against the elevated page, when it logged in again; else null. */
            jar: OracleObservation | null;
          };
    };

export interface ConcurrencyArtifact {
  limit: number | null;
  onExceed: 'reject' | 'evict-oldest' | null;
  /** How many sessions were opened: limit + 1, or the cap when the spec sets no limit. */
  opened: number;
  /** Whether the run's earlier sessions were logged out first, so they did not count against the limit. */
  freedSlots: boolean;
  sessions: Array<{
    device: string;
    login: FlowAttempt;
    /**
     * The sessions opened before it, asked oldest first right before its login: when the limit bit, and
     * whether it bit before the run's own sessions reached it (sessions the run did not open).
     */
    earlier: OracleObservation[];
    /** Right after its own login. */
    afterLogin: OracleObservation;
    /** After every session was opened. */
    atEnd: OracleObservation;
  }>;
}

export type SignOutEverywhereArtifact =
  | NotConfigured
  | {
      others: DeviceRevoked[];
      current: DeviceBeforeAfter;
      action: FlowAttempt & { device: string };
      survivors: SurvivorControl;
      /** Device B's artifacts replayed on a rising schedule after the action (rule 25). */
      timing: RevocationTiming;
    };

export interface BindingArtifact {
  userAgentChange: {
    device: string;
    control: OracleObservation;
    foreignUserAgent: string;
    /** The device's whole cookie jar, presented with another User-Agent and Accept-Language. */
    replay: OracleObservation;
    /** The device itself, asked again afterwards: a binding target may have ended the session. */
    afterwards: OracleObservation;
  };
  crossClient: {
    device: string;
    control: OracleObservation;
    /** Only the session cookie(s) or token, from a fresh client with another User-Agent. */
    replay: OracleObservation;
    artifacts: string[];
  };
}

export type RememberMeArtifact = NotConfigured | { logout: RememberMeTrial | NotConfigured; cookie: string };

/** An authenticated page, tried with the half-logged-in session and, as its control, with the finished one. */
export interface PageObservation {
  url: string;
  partial: OracleObservation;
  /** The oracle's rule may not fit every page: only a page the finished session passes can tell anything. */
  full: OracleObservation;
}

/** The session between the first factor of a multi-step login and the last, and after it. */
export type MfaArtifact =
  | { notApplicable: string }
  | {
      /** Steps of the login (the first factor is step 1). */
      steps: number;
      afterFirstFactor: {
        ids: SessionIds;
        /** The oracle, asked with the half-logged-in session. */
        oracle: OracleObservation;
        /** The authenticated pages (target.ui.pages) other than the oracle's, tried with the same session. */
        pages: PageObservation[];
        exchanges: number[];
      };
      afterLastFactor: { ids: SessionIds; oracle: OracleObservation; exchanges: number[] };
      /** The session credentials held after the first factor, replayed once the login finished. */
      intermediateReplay: OracleObservation;
      /** The finished session, asked again after that replay. */
      afterReplayControl: OracleObservation;
    };

/** A login started again in the browser: did the identity provider ask for credentials, or did it remember the user? */
export interface LoginRestart {
  /** Where the browser ended up: origin and path. */
  landedOn: string;
  /** The page it ended on has a password input. */
  askedForCredentials: boolean;
  /** The app's oracle, asked right after. */
  app: OracleObservation;
  exchanges: number[];
}

/** Single sign-on: the login through the provider, and what logging out at either end does to the other. */
export type SsoArtifact =
  | { notApplicable: string }
  | {
      /** Origins besides the app's that the login went through (the identity provider's). */
      providerOrigins: string[];
      loginExchanges: number[];
      /** Log out at the provider (target.sso.logout), then replay the app session. */
      idpLogout:
        | NotConfigured
        | {
            /** The app session right before the provider logout. */
            before: OracleObservation;
            logout: FlowAttempt;
            /** Replays of the app session after it, on a rising schedule until logged out or the bound. */
            replays: Array<{ afterMs: number; observation: OracleObservation }>;
            boundMs: number;
            /** Another device, logged in through its own provider session: it must still be logged in. */
            control: OracleObservation;
          };
      /** Log out in the app (target.logout), then start a login again. */
      appLogout:
        | NotConfigured
        | {
            /** Before the logout: starting a login again goes through without credentials (the provider remembers the user). */
            remembered: LoginRestart;
            logout: FlowAttempt;
            after: LoginRestart;
          };
    };

/** A token a refresh handed out, masked, with its JWT header and claims when it is a JWS. */
export interface IssuedToken {
  value: Masked;
  jwt: { alg: string; claims: ClaimSummary } | null;
}

/**
 * One refresh request. `refused` is a 400/401/403 answer (OAuth's invalid_grant is a 400); `issued` a 2xx
 * carrying the tokens the profile names; anything else (5xx, 429, a 2xx without tokens, no answer) is
 * `unknown`, which can only lead to inconclusive.
 */
export interface RefreshAttempt {
  /** Which token was presented, by its place in the family: RT1 is the login's. */
  presented: string;
  status: number | null;
  outcome: 'issued' | 'refused' | 'unknown';
  detail: string;
  exchanges: number[];
  /** The refresh token the response handed out; null when it carried none. */
  refreshToken: IssuedToken | null;
  /** Whether that differs from the one presented. */
  rotated: boolean | null;
  accessToken: IssuedToken | null;
  /** Clock time of the answer, in ms after the family's login. */
  atMs: number;
  /** The token presented is a JWT whose exp had passed when it was sent (null: not a JWT with exp): a refusal then proves no revocation. */
  presentedExpired: boolean | null;
}

/**
 * A refresh token tried around an event (logout, a password change elsewhere): the holder logs in and
 * refreshes once (the control that refreshing works for it), the event happens, then the newest
 * refresh token it holds is presented.
 */
export interface RefreshTrial {
  /** The login handed out a refresh token (RT1); null when it did not. */
  issued: IssuedToken | null;
  control: RefreshAttempt | null;
  eventExchanges: number[];
  /** The event's own control: the device that logged out is logged out (null for events elsewhere). */
  afterEvent: OracleObservation | null;
  replay: RefreshAttempt | null;
}

/** A family refreshed well within each token's lifetime until past `maxLifetime` + grace after its login. */
export interface RefreshChain {
  maxLifetimeMs: number;
  graceMs: number;
  everyMs: number;
  /** Every refresh of the chain, the last sent at or after the deadline. */
  attempts: RefreshAttempt[];
  /** Another login's RT1, never used, presented once at the deadline. */
  unused: RefreshAttempt | null;
}

export type RefreshArtifact =
  | NotConfigured
  | {
      /** Where refresh tokens travel: 'JSON bodies' or 'cookie <name>'. */
      carrier: string;
      /** RT1 → RT2 → RT3, each time with the newest; `access` asks the oracle with the access token of the first refresh (the control that minted tokens work). */
      rotation: { issued: IssuedToken | null; attempts: RefreshAttempt[]; access: OracleObservation | null };
      /**
       * After the rotation: the used RT2 presented again, then the newest access token asked and the
       * newest refresh token used. Null when there was no used token to replay (no rotation).
       */
      reuse: { replay: RefreshAttempt; newestAccess: OracleObservation | null; newest: RefreshAttempt } | null;
      logout: RefreshTrial | NotConfigured;
    };

/** The family followed to its deadline, or why not: no target.refresh, no spec.refresh.maxLifetime, or a wait beyond the budget. */
export type RefreshLifetimeArtifact = NotConfigured | { notPlanned: string } | RefreshChain;

export interface Artifacts {
  session?: SessionArtifact;
  fixation?: FixationArtifact;
  timeout?: TimeoutArtifact;
  logout?: LogoutArtifact;
  tokenSample?: TokenSampleArtifact;
  tokenInput?: TokenInputArtifact;
  jwt?: JwtArtifact;
  transport?: TransportArtifact;
  browser?: BrowserArtifact;

  binding?: BindingArtifact;
  privilegeChange?: PrivilegeArtifact;
  rememberMe?: RememberMeArtifact;
  signOutEverywhere?: SignOutEverywhereArtifact;
  passwordChange?: PasswordChangeArtifact;
  concurrency?: ConcurrencyArtifact;
  mfa?: MfaArtifact;
  sso?: SsoArtifact;
  refresh?: RefreshArtifact;
  refreshLifetime?: RefreshLifetimeArtifact;
}

export type ProbeId = keyof Artifacts;
