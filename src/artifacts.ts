/**
 * The artifacts probes hand to checks: serializable, secrets already masked. One entry per probe id.
 */
import type { Masked } from './evidence.js';
import type { TokenShape } from './token/shape.js';
import type { TokenAnalysis } from './token/analysis/index.js';
import type { ContentFinding } from './token/content.js';
import type { ClaimSummary } from './token/jws.js';

export type OracleAnswer = 'yes' | 'no' | 'unknown';

/** One question to the authentication oracle and its answer. */
export interface OracleObservation {
  answer: OracleAnswer;
  /** The exchange the answer is based on (the first hop of the oracle request). */
  exchange: number;
  reason: string;
}

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

export type LogoutArtifact =
  | { notConfigured: string }
  | {
      /** Positive control: the session was alive right before logout. */
      beforeLogout: OracleObservation;
      logoutExchanges: number[];
      /** Status of the logout flow's last response. */
      logoutStatus: number;
      /** Control: the logging-out client itself is logged out afterwards (else logout did not run). */
      currentAfterLogout: OracleObservation;
      /** The saved auth artifacts replayed from a fresh client: each cookie alone, then all together. */
      replays: Array<{ cookies: string[]; observation: OracleObservation }>;
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
      header: { alg: string; typ?: string; kid?: string; otherKeys: string[] };
      claims: ClaimSummary;
      /** Positive control: the untouched token was logged in right before the forgeries. */
      control: OracleObservation;
      forgeries: JwtForgery[];
      /** Why the algorithm-confusion forgery was not tried (no JWKS URL, no usable key). */
      confusion: string | null;
      weakSecret: { tested: boolean; dictionarySize: number; found: boolean; note: string };
      expired: JwtExpiry;
    };

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
      storage: { origin: string; keys: number; indexedDb: 'read' | string; findings: StorageFinding[] } | { error: string };
      /** `document.cookie` on an authenticated page: names only. */
      documentCookie: { names: string[]; sessionCookies: string[] } | { error: string };
      logoutControl: { selector: string; pages: LogoutControlObservation[] } | { notConfigured: string };
      history: HistoryObservation;
    };

export interface Artifacts {
  session?: SessionArtifact;
  fixation?: FixationArtifact;
  logout?: LogoutArtifact;
  tokenSample?: TokenSampleArtifact;
  tokenInput?: TokenInputArtifact;
  jwt?: JwtArtifact;
  transport?: TransportArtifact;
  browser?: BrowserArtifact;
}

export type ProbeId = keyof Artifacts;
