/**
 * Named starting points for `spec`, with the numbers each standard states (CHECKS.md "Presets").
 * Where a standard states no requirement the value is null/false/[] so the matching check is skipped
 * rather than judged against a guess. Each preset also says where its notable values come from:
 * `tool` where the standard only asks for a documented value and sessionprobe picks the number (reports
 * label these), `should` where the standard only recommends (the runner lowers those checks' severity
 * for presets that ask it to).
 */
import type { SameSite, Spec } from './types.js';
import type { SpecField } from './raw-spec.js';

export type SpecValues = Omit<Spec, 'preset' | 'overrides' | 'toolDefaults' | 'severityAdjustments'>;

/** Settings a preset defines as "the absolute timeout": they follow a `timeouts.absolute` override. */
export type FollowsAbsolute = 'cookie.maxAge' | 'jwt.maxLifetime';

export interface Source {
  /** shall: required at this level; should: recommended only; tool: the standard asks for documentation, sessionprobe picks the number. */
  basis: 'shall' | 'should' | 'tool';
  /** The clause, in the notation of check refs. */
  ref: string;
}

export interface PresetSpec {
  /** One line for `init` and reports: what the preset is based on. */
  description: string;
  spec: SpecValues;
  followsAbsolute: FollowsAbsolute[];
  /** Where the preset's values come from; fields not listed follow the standard's general requirement or state none. */
  sources: Partial<Record<SpecField, Source>>;
  /** NIST: a check whose field is only a SHOULD is reported one severity step lower. */
  lowerShouldSeverity: boolean;
  /** Checks this preset's standard weighs more than the catalogue does, with the clause that says so. */
  raisedSeverity: Array<{ check: string; ref: string }>;
}

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const STRICT_OR_LAX: SameSite[] = ['Strict', 'Lax'];
/** Every registered JWS algorithm except `none` (CHECKS.md jwt.alg: RS256, ES256, PS256, EdDSA, HS256+). */
const SIGNED_JWS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'HS256', 'HS384', 'HS512'];
const GRACE = 5 * SECOND;
const SAMPLES = 500;
const YEAR = 365 * DAY;
/** JWT validators commonly allow a minute of clock skew; a natural expiry is awaited for at most two minutes. */
const JWT_TIMING = { leewayMs: 60 * SECOND, expiryWaitMs: 2 * MINUTE, sensitiveClaims: [] as string[] };
/**
 * Standards disagree on sessionStorage (ASVS 4.0.3 3.2.3 allows "HTML 5 session storage", ASVS 5.0.0
 * 14.3.3 exempts session tokens, the cheat sheet advises against it): reported everywhere, failed
 * only when a spec says so. localStorage is never allowed.
 */
const SESSION_STORAGE = 'allowed' as const;
const NO_BINDING = { signals: [], rejectOnChange: [] };
/** No standard names the logout behaviour across an identity provider, only that it is documented (ASVS v5.0.0-7.6.1): the user states it. */
const NO_SSO_REQUIREMENT = { idpLogoutEndsAppSession: false, appLogoutEndsIdpSession: false };
/** Standards without a refresh-token clause (ASVS 4.0.3, NIST SP 800-63B-4): no requirement. */
const NO_REFRESH_REQUIREMENT = { rotation: false, reuse: null, maxLifetimeMs: null, accessMaxLifetimeMs: null };
/**
 * ASVS 5.0.0 10.4.5 (L1): rotation, and a reused token revokes its whole authorization; 10.4.8 (L2): an
 * absolute expiry, whose number is sessionprobe's (a working day plus a night); access tokens as jwt.maxLifetime.
 */
const asvs5Refresh = (l2: boolean) => ({ rotation: true, reuse: 'revoke-family' as const, maxLifetimeMs: l2 ? DAY : null, accessMaxLifetimeMs: l2 ? 15 * MINUTE : null });

const shall = (ref: string): Source => ({ basis: 'shall', ref });
const should = (ref: string): Source => ({ basis: 'should', ref });
const tool = (ref: string): Source => ({ basis: 'tool', ref });

const recommended: PresetSpec = {
  description: 'sessionprobe baseline: idle 30m, absolute 8h, strict host-only cookies, 128-bit IDs, revocation on logout and password change',
  spec: {
    store: null,
    cookie: {
      httpOnly: true,
      secure: true,
      sameSite: STRICT_OR_LAX,
      path: '/',
      hostOnly: true,
      allowedDomains: [],
      prefix: null,
      maxAge: { kind: 'max', maxMs: 8 * HOUR },
    },
    token: { minEntropyBits: 128, samples: SAMPLES, sessionStorage: SESSION_STORAGE },
    timeouts: { idleMs: 30 * MINUTE, absoluteMs: 8 * HOUR, sliding: true, renewal: null, graceMs: GRACE },
    invalidation: {
      logout: true,
      rotateOnLogin: true,
      passwordChange: 'revoke-others',
      privilegeChange: 'rotate',
      clearSiteData: true,
      signOutEverywhere: false,
      maxDelayMs: 0, // revocation takes effect at once, on every instance
      passwordChangeCurrent: null,
    },
    cache: { noStore: true },
    transport: { hstsMaxAgeMs: YEAR, hstsIncludeSubDomains: false },
    concurrency: { maxSessions: 5, onExceed: 'evict-oldest' },
    rememberMe: { maxAgeMs: null },
    jwt: { algorithms: ['RS256', 'ES256'], maxLifetimeMs: 15 * MINUTE, ...JWT_TIMING },
    binding: NO_BINDING,
    sso: NO_SSO_REQUIREMENT,
    refresh: { rotation: true, reuse: 'revoke-family', maxLifetimeMs: DAY, accessMaxLifetimeMs: 15 * MINUTE },
  },
  followsAbsolute: ['cookie.maxAge'],
  sources: {
    'timeouts.idle': tool('OWASP CS Idle Timeout: 15–30 min for low-risk applications'),
    'timeouts.absolute': tool('OWASP CS Absolute Timeout: 4–8 h for a full office day'),
    'token.minEntropyBits': shall('ASVS v5.0.0-7.2.3 (L1)'),
    'refresh.maxLifetime': tool('ASVS v5.0.0-10.4.8 (L2) requires an absolute expiry; the number is sessionprobe\'s'),
  },
  lowerShouldSeverity: false,
  raisedSeverity: [],
};

/** ASVS 5.0.0: the "doc" timeouts (7.3.1, 7.3.2) get the tool defaults 30m/12h at L2 and 15m/12h at L3. */
function asvs5(level: 1 | 2 | 3): PresetSpec {
  const l2 = level >= 2;
  const absoluteMs = l2 ? 12 * HOUR : null;
  const doc = (clause: string) => tool(`ASVS v5.0.0-${clause} (L2) asks for a documented value; sessionprobe's default`);
  return {
    description: `OWASP ASVS 5.0.0 level ${level}${l2 ? ' (timeouts are sessionprobe defaults: ASVS 5.0 asks only that they are documented)' : ''}`,
    spec: {
      store: null,
      cookie: {
        httpOnly: l2, // 3.3.4 (L2)
        secure: true, // 3.3.1 (L1)
        sameSite: l2 ? STRICT_OR_LAX : [], // 3.3.2 (L2)
        // 3.3.3 (L2) asks for __Host-, which implies Path=/ and no Domain; L1 (3.3.1) accepts __Secure-.
        path: l2 ? '/' : null,
        hostOnly: l2,
        allowedDomains: [],
        prefix: l2 ? '__Host-' : '__Secure-',
        maxAge: null,
      },
      token: { minEntropyBits: 128, samples: SAMPLES, sessionStorage: SESSION_STORAGE }, // 7.2.3
      timeouts: { idleMs: level === 3 ? 15 * MINUTE : l2 ? 30 * MINUTE : null, absoluteMs, sliding: null, renewal: null, graceMs: GRACE },
      invalidation: {
        logout: true, // 7.4.1
        rotateOnLogin: true, // 7.2.4
        passwordChange: l2 ? 'revoke-others' : null, // 7.4.3 (L2)
        privilegeChange: 'rotate', // 7.2.4 covers re-authentication
        clearSiteData: false,
        signOutEverywhere: l2, // 7.5.2 (L2)
        maxDelayMs: 0, // revocation takes effect at once, on every instance
        passwordChangeCurrent: null,
      },
      cache: { noStore: l2 }, // 14.3.2 (L2)
      transport: { hstsMaxAgeMs: YEAR, hstsIncludeSubDomains: l2 }, // 3.4.1: ≥ 1 year (L1), includeSubDomains (L2)
      concurrency: { maxSessions: null, onExceed: null }, // 7.1.2 asks for documentation only
      rememberMe: { maxAgeMs: null },
      jwt: { algorithms: SIGNED_JWS, maxLifetimeMs: absoluteMs, ...JWT_TIMING }, // 9.1.1, 9.1.2, 9.2.1 (L1)
      binding: NO_BINDING,
    sso: NO_SSO_REQUIREMENT,
      refresh: asvs5Refresh(l2), // 10.4.5 (L1), 10.4.8 (L2)
    },
    followsAbsolute: ['jwt.maxLifetime'],
    sources: {
      'cookie.secure': shall('ASVS v5.0.0-3.3.1 (L1)'),
      'cookie.prefix': shall(l2 ? 'ASVS v5.0.0-3.3.3 (L2)' : 'ASVS v5.0.0-3.3.1 (L1): __Secure- or __Host-'),
      'token.minEntropyBits': shall('ASVS v5.0.0-7.2.3 (L1)'),
      'invalidation.logout': shall('ASVS v5.0.0-7.4.1 (L1)'),
      'invalidation.rotateOnLogin': shall('ASVS v5.0.0-7.2.4 (L1)'),
      'refresh.rotation': shall('ASVS v5.0.0-10.4.5 (L1)'),
      'refresh.reuse': shall('ASVS v5.0.0-10.4.5 (L1)'),
      ...(l2 && {
        'refresh.maxLifetime': tool('ASVS v5.0.0-10.4.8 (L2) requires an absolute expiry; the number is sessionprobe\'s'),
        'refresh.accessMaxLifetime': tool('ASVS v5.0.0-9.2.1 requires exp; the number is sessionprobe\'s'),
        'cookie.httpOnly': shall('ASVS v5.0.0-3.3.4 (L2)'),
        'cookie.sameSite': tool('ASVS v5.0.0-3.3.2 (L2) asks for a SameSite value per purpose; sessionprobe accepts Strict or Lax'),
        'timeouts.idle': doc('7.3.1'),
        'timeouts.absolute': doc('7.3.2'),
        'jwt.maxLifetime': tool('follows the absolute timeout (ASVS v5.0.0-9.2.1 requires exp; the number is sessionprobe\'s)'),
        'invalidation.passwordChange': shall('ASVS v5.0.0-7.4.3 (L2)'),
        'invalidation.signOutEverywhere': shall('ASVS v5.0.0-7.5.2 (L2)'),
        'cache.noStore': shall('ASVS v5.0.0-14.3.2 (L2)'),
      }),
    },
    lowerShouldSeverity: false,
    raisedSeverity: [],
  };
}

/** ASVS 4.0.3, exact numbers: 3.3.2 timeouts, 3.2.2 64-bit IDs, 3.4.x cookies at L1. */
function asvs4(level: 1 | 2 | 3): PresetSpec {
  const l2 = level >= 2;
  const absoluteMs = l2 ? 12 * HOUR : 30 * DAY;
  return {
    description: `OWASP ASVS 4.0.3 level ${level}`,
    spec: {
      store: null,
      cookie: {
        httpOnly: true, // 3.4.2
        secure: true, // 3.4.1
        sameSite: STRICT_OR_LAX, // 3.4.3 says "utilize"; tool: Strict or Lax
        path: '/', // 3.4.4 __Host- implies Path=/ and no Domain
        hostOnly: true,
        allowedDomains: [],
        prefix: '__Host-',
        maxAge: null,
      },
      token: { minEntropyBits: 64, samples: SAMPLES, sessionStorage: SESSION_STORAGE },
      timeouts: { idleMs: level === 3 ? 15 * MINUTE : l2 ? 30 * MINUTE : null, absoluteMs, sliding: null, renewal: null, graceMs: GRACE },
      invalidation: {
        logout: true, // 3.3.1
        rotateOnLogin: true, // 3.2.1
        passwordChange: l2 ? 'revoke-others' : null, // 3.3.3 (L2)
        privilegeChange: 'rotate',
        clearSiteData: false,
        signOutEverywhere: l2, // 3.3.4 (L2)
        maxDelayMs: 0, // revocation takes effect at once, on every instance
        passwordChangeCurrent: null,
      },
      cache: { noStore: true }, // 8.2.1
      transport: { hstsMaxAgeMs: 15_724_800 * SECOND, hstsIncludeSubDomains: true }, // 14.4.5: max-age=15724800; includeSubdomains
      concurrency: { maxSessions: null, onExceed: null },
      rememberMe: { maxAgeMs: null },
      jwt: { ...JWT_TIMING, ...(l2 ? { algorithms: SIGNED_JWS, maxLifetimeMs: absoluteMs } : { algorithms: [], maxLifetimeMs: null }) }, // 3.5.3 (L2)
      binding: NO_BINDING,
    sso: NO_SSO_REQUIREMENT,
      refresh: NO_REFRESH_REQUIREMENT,
    },
    followsAbsolute: l2 ? ['jwt.maxLifetime'] : [],
    sources: {
      'cookie.secure': shall('ASVS v4.0.3-3.4.1 (L1)'),
      'cookie.httpOnly': shall('ASVS v4.0.3-3.4.2 (L1)'),
      'cookie.sameSite': tool('ASVS v4.0.3-3.4.3 (L1) asks to "utilize" SameSite; sessionprobe accepts Strict or Lax'),
      'cookie.prefix': shall('ASVS v4.0.3-3.4.4 (L1)'),
      'token.minEntropyBits': shall('ASVS v4.0.3-3.2.2 (L1)'),
      'timeouts.idle': shall('ASVS v4.0.3-3.3.2'),
      'timeouts.absolute': shall('ASVS v4.0.3-3.3.2'),
      'invalidation.logout': shall('ASVS v4.0.3-3.3.1 (L1)'),
      'invalidation.rotateOnLogin': shall('ASVS v4.0.3-3.2.1 (L1)'),
      'cache.noStore': shall('ASVS v4.0.3-8.2.1 (L1)'),
      ...(l2 && {
        'invalidation.passwordChange': shall('ASVS v4.0.3-3.3.3 (L2)'),
        'invalidation.signOutEverywhere': shall('ASVS v4.0.3-3.3.4 (L2)'),
        'jwt.maxLifetime': tool('follows the absolute timeout (ASVS v4.0.3-3.5.3 asks for signed, validated tokens)'),
      }),
    },
    lowerShouldSeverity: false,
    raisedSeverity: [],
  };
}

/** NIST SP 800-63B-4 with SHOULD values as the numbers (§2.x.3 timeouts, §5.1 cookies, §5.2 sessions). */
function nist(aal: 1 | 2 | 3): PresetSpec {
  const idleMs = aal === 1 ? null : aal === 2 ? HOUR : 15 * MINUTE;
  const section = `§2.${aal}.3`;
  return {
    description: `NIST SP 800-63B-4 AAL${aal} (SHOULD values as defaults, their checks one severity step lower)`,
    spec: {
      store: null,
      cookie: {
        httpOnly: true,
        secure: true,
        sameSite: STRICT_OR_LAX,
        path: '/',
        hostOnly: true,
        allowedDomains: [],
        prefix: '__Host-',
        maxAge: { kind: 'session' }, // §5.1: SHOULD NOT persist
      },
      token: { minEntropyBits: 64, samples: SAMPLES, sessionStorage: SESSION_STORAGE },
      timeouts: {
        idleMs,
        absoluteMs: aal === 1 ? 30 * DAY : aal === 2 ? 24 * HOUR : 12 * HOUR,
        sliding: idleMs === null ? null : true, // §5.2: activity SHALL reset the inactivity timeout
        renewal: null,
        graceMs: GRACE,
      },
      invalidation: { logout: true, rotateOnLogin: true, passwordChange: null, privilegeChange: 'rotate', clearSiteData: false, signOutEverywhere: false, maxDelayMs: 0, passwordChangeCurrent: null },
      cache: { noStore: false },
      transport: { hstsMaxAgeMs: null, hstsIncludeSubDomains: false }, // §5.1 forbids http fallback but names no HSTS value
      concurrency: { maxSessions: null, onExceed: null },
      rememberMe: { maxAgeMs: null },
      jwt: { algorithms: [], maxLifetimeMs: null, ...JWT_TIMING },
      binding: NO_BINDING,
    sso: NO_SSO_REQUIREMENT,
      refresh: NO_REFRESH_REQUIREMENT,
    },
    followsAbsolute: [],
    sources: {
      'cookie.secure': shall('NIST SP 800-63B-4 §5.1.1(1)'),
      'cookie.hostOnly': shall('NIST SP 800-63B-4 §5.1.1(2)'),
      'cookie.path': shall('NIST SP 800-63B-4 §5.1.1(2)'),
      'cookie.httpOnly': should('NIST SP 800-63B-4 §5.1.1(3)'),
      'cookie.prefix': should('NIST SP 800-63B-4 §5.1.1(5)'),
      'cookie.sameSite': should('NIST SP 800-63B-4 §5.1.1(6)'),
      'cookie.maxAge': should('NIST SP 800-63B-4 §5.1'),
      'token.minEntropyBits': shall('NIST SP 800-63B-4 §5.1(2)'),
      ...(idleMs !== null && {
        'timeouts.idle': should(`NIST SP 800-63B-4 ${section}`),
        'timeouts.sliding': shall('NIST SP 800-63B-4 §5.2'),
      }),
      'timeouts.absolute': aal === 3 ? shall('NIST SP 800-63B-4 §2.3.3') : should(`NIST SP 800-63B-4 ${section}`),
      'invalidation.logout': shall('NIST SP 800-63B-4 §5.1(3), §5.2'),
      'invalidation.rotateOnLogin': shall('NIST SP 800-63B-4 §5.1'),
    },
    lowerShouldSeverity: true,
    // CHECKS.md: medium under NIST, whose session guidance speaks against tokens in HTML5 Local Storage.
    raisedSeverity: [{ check: 'token.web-storage', ref: 'NIST SP 800-63B §7.1 / SP 800-63B-4 §5.1 advise against HTML5 Local Storage for session secrets' }],
  };
}

export const DEFAULT_PRESET = 'recommended';

export const PRESETS: Record<string, PresetSpec> = {
  recommended,
  'owasp-asvs-l1': asvs5(1),
  'owasp-asvs-l2': asvs5(2),
  'owasp-asvs-l3': asvs5(3),
  'owasp-asvs4-l1': asvs4(1),
  'owasp-asvs4-l2': asvs4(2),
  'owasp-asvs4-l3': asvs4(3),
  'nist-aal1': nist(1),
  'nist-aal2': nist(2),
  'nist-aal3': nist(3),
};
