/**
 * The spec a run judges against: the named preset, with every field the config gives laid over it.
 * The overridden paths are kept so reports can say which numbers came from the user, not the standard.
 */
import { parseDuration } from './durations.js';
import { DEFAULT_PRESET, PRESETS, type SpecValues } from './presets.js';
import type { CookieMaxAgeRule, SameSite, Spec } from './types.js';

/** `spec` as written in the file, after schema validation. */
export interface RawSpec {
  preset?: string;
  cookie?: {
    httpOnly?: boolean;
    secure?: boolean;
    sameSite?: SameSite | SameSite[];
    path?: string | null;
    hostOnly?: boolean;
    domains?: string[];
    prefix?: '__Host-' | '__Secure-' | null;
    maxAge?: 'session' | { max: string } | null | false;
  };
  token?: { minEntropyBits?: number; samples?: number };
  timeouts?: { idle?: string | null; absolute?: string | null; sliding?: boolean | null; grace?: string };
  invalidation?: {
    logout?: boolean;
    rotateOnLogin?: boolean;
    passwordChange?: 'revoke-all' | 'revoke-others' | 'none' | null;
    privilegeChange?: 'rotate' | null;
    clearSiteData?: boolean;
  };
  cache?: { noStore?: boolean };
  concurrency?: { maxSessions?: number | null; onExceed?: 'reject' | 'evict-oldest' | null };
  binding?: { rejectUserAgentChange?: boolean; rejectCrossClientReplay?: boolean };
  rememberMe?: { maxAge?: string | null };
  jwt?: { algorithms?: string[]; maxLifetime?: string | null };
}

type Sections = Required<Omit<RawSpec, 'preset'>>;
/** One setter per field the file may give: the compiler insists every field has one. */
type Setters = {
  [S in keyof Sections]: { [K in keyof Required<Sections[S]>]-?: (spec: SpecValues, value: Exclude<Sections[S][K], undefined>) => void };
};

const durationOrNull = (text: string | null): number | null => (text === null ? null : parseDuration(text));

const maxAgeRule = (value: 'session' | { max: string } | null | false): CookieMaxAgeRule | null => {
  if (value === 'session') return { kind: 'session' };
  return value ? { kind: 'max', maxMs: parseDuration(value.max) } : null;
};

const SETTERS: Setters = {
  cookie: {
    httpOnly: (s, v) => { s.cookie.httpOnly = v; },
    secure: (s, v) => { s.cookie.secure = v; },
    sameSite: (s, v) => { s.cookie.sameSite = Array.isArray(v) ? v : [v]; },
    path: (s, v) => { s.cookie.path = v; },
    hostOnly: (s, v) => { s.cookie.hostOnly = v; },
    domains: (s, v) => { s.cookie.allowedDomains = v; },
    prefix: (s, v) => { s.cookie.prefix = v; },
    maxAge: (s, v) => { s.cookie.maxAge = maxAgeRule(v); },
  },
  token: {
    minEntropyBits: (s, v) => { s.token.minEntropyBits = v; },
    samples: (s, v) => { s.token.samples = v; },
  },
  timeouts: {
    idle: (s, v) => { s.timeouts.idleMs = durationOrNull(v); },
    absolute: (s, v) => { s.timeouts.absoluteMs = durationOrNull(v); },
    sliding: (s, v) => { s.timeouts.sliding = v; },
    grace: (s, v) => { s.timeouts.graceMs = parseDuration(v); },
  },
  invalidation: {
    logout: (s, v) => { s.invalidation.logout = v; },
    rotateOnLogin: (s, v) => { s.invalidation.rotateOnLogin = v; },
    passwordChange: (s, v) => { s.invalidation.passwordChange = v; },
    privilegeChange: (s, v) => { s.invalidation.privilegeChange = v; },
    clearSiteData: (s, v) => { s.invalidation.clearSiteData = v; },
  },
  cache: {
    noStore: (s, v) => { s.cache.noStore = v; },
  },
  concurrency: {
    maxSessions: (s, v) => { s.concurrency.maxSessions = v; },
    onExceed: (s, v) => { s.concurrency.onExceed = v; },
  },
  binding: {
    rejectUserAgentChange: (s, v) => { s.binding.rejectUserAgentChange = v; },
    rejectCrossClientReplay: (s, v) => { s.binding.rejectCrossClientReplay = v; },
  },
  rememberMe: {
    maxAge: (s, v) => { s.rememberMe.maxAgeMs = durationOrNull(v); },
  },
  jwt: {
    algorithms: (s, v) => { s.jwt.algorithms = v; },
    maxLifetime: (s, v) => { s.jwt.maxLifetimeMs = durationOrNull(v); },
  },
};

/** Expects a schema-valid `raw` (known preset, known keys, well-formed durations). */
export function buildSpec(raw: RawSpec = {}): Spec {
  const preset = raw.preset ?? DEFAULT_PRESET;
  const base = PRESETS[preset];
  if (!base) throw new Error(`unknown preset ${preset}`);
  // A deep copy: presets share arrays, and a run must never alter them.
  const spec = structuredClone(base.spec);
  const overrides: string[] = [];
  for (const [section, fields] of Object.entries(raw)) {
    if (section === 'preset') continue;
    const setters = SETTERS[section as keyof Setters] as Record<string, (s: SpecValues, v: unknown) => void>;
    for (const [key, value] of Object.entries(fields as object)) {
      setters[key]!(spec, value);
      overrides.push(`${section}.${key}`);
    }
  }
  if (overrides.includes('timeouts.absolute')) {
    const absoluteMs = spec.timeouts.absoluteMs;
    for (const follower of base.followsAbsolute.filter((f) => !overrides.includes(f))) {
      if (follower === 'cookie.maxAge') spec.cookie.maxAge = absoluteMs === null ? null : { kind: 'max', maxMs: absoluteMs };
      else spec.jwt.maxLifetimeMs = absoluteMs;
    }
  }
  return { preset, overrides, ...spec };
}
