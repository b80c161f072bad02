/**
 * The spec a run judges against: the named preset, with every field the config gives laid over it.
 * The overridden paths are kept so reports can say which numbers came from the user, not the standard.
 */
import { formatDuration, parseDuration } from './durations.js';
import { DEFAULT_PRESET, PRESETS, type PresetSpec, type SpecValues } from './presets.js';
import { SPEC_FIELDS } from './spec-fields.js';
import type { CookieMaxAgeRule, SessionStore, SeverityAdjustment, Spec } from './types.js';
import type { RawSpec, Sections, SpecField, TopLevel } from './raw-spec.js';

/** One setter per field the file may give: the compiler insists every field has one. */
type Setters = {
  [S in keyof Sections]: { [K in keyof Required<Sections[S]>]-?: (spec: SpecValues, value: Exclude<Sections[S][K], undefined>) => void };
} & { [T in TopLevel]: (spec: SpecValues, value: Exclude<RawSpec[T], undefined>) => void };

const durationOrNull = (text: string | null): number | null => (text === null ? null : parseDuration(text));

const maxAgeRule = (value: 'session' | { max: string } | null | false): CookieMaxAgeRule | null => {
  if (value === 'session') return { kind: 'session' };
  return value ? { kind: 'max', maxMs: parseDuration(value.max) } : null;
};

const SETTERS: Setters = {
  store: (s, v) => { s.store = v; },
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
    sessionStorage: (s, v) => { s.token.sessionStorage = v; },
  },
  timeouts: {
    idle: (s, v) => { s.timeouts.idleMs = durationOrNull(v); },
    absolute: (s, v) => { s.timeouts.absoluteMs = durationOrNull(v); },
    sliding: (s, v) => { s.timeouts.sliding = v; },
    renewal: (s, v) => { s.timeouts.renewal = v === null ? null : { everyMs: parseDuration(v.every), overlapMs: v.overlap === undefined ? 0 : parseDuration(v.overlap) }; },
    grace: (s, v) => { s.timeouts.graceMs = parseDuration(v); },
  },
  invalidation: {
    logout: (s, v) => { s.invalidation.logout = v; },
    rotateOnLogin: (s, v) => { s.invalidation.rotateOnLogin = v; },
    passwordChange: (s, v) => { s.invalidation.passwordChange = v; },
    privilegeChange: (s, v) => { s.invalidation.privilegeChange = v; },
    clearSiteData: (s, v) => { s.invalidation.clearSiteData = v; },
    signOutEverywhere: (s, v) => { s.invalidation.signOutEverywhere = v; },
  },
  cache: {
    noStore: (s, v) => { s.cache.noStore = v; },
  },
  transport: {
    hstsMaxAge: (s, v) => { s.transport.hstsMaxAgeMs = durationOrNull(v); },
    hstsIncludeSubDomains: (s, v) => { s.transport.hstsIncludeSubDomains = v; },
  },
  concurrency: {
    maxSessions: (s, v) => { s.concurrency.maxSessions = v; },
    onExceed: (s, v) => { s.concurrency.onExceed = v; },
  },
  rememberMe: {
    maxAge: (s, v) => { s.rememberMe.maxAgeMs = durationOrNull(v); },
  },
  jwt: {
    algorithms: (s, v) => { s.jwt.algorithms = v; },
    maxLifetime: (s, v) => { s.jwt.maxLifetimeMs = durationOrNull(v); },
    leeway: (s, v) => { s.jwt.leewayMs = parseDuration(v); },
    expiryWait: (s, v) => { s.jwt.expiryWaitMs = parseDuration(v); },
    sensitiveClaims: (s, v) => { s.jwt.sensitiveClaims = v; },
  },
  binding: {
    signals: (s, v) => { s.binding.signals = v; },
    rejectOnChange: (s, v) => { s.binding.rejectOnChange = v; },
  },
};

/** Expects a schema-valid `raw` (known preset, known keys, well-formed durations). */
export function buildSpec(raw: RawSpec = {}): Spec {
  const preset = raw.preset ?? DEFAULT_PRESET;
  const base = PRESETS[preset];
  if (!base) throw new Error(`unknown preset ${preset}`);
  // A deep copy: presets share arrays, and a run must never alter them.
  const spec = structuredClone(base.spec);
  const overrides: SpecField[] = [];
  for (const [section, fields] of Object.entries(raw)) {
    if (section === 'preset') continue;
    if (section === 'store') {
      SETTERS.store(spec, fields as SessionStore | null);
      overrides.push('store');
      continue;
    }
    const setters = SETTERS[section as keyof Sections] as Record<string, (s: SpecValues, v: unknown) => void>;
    for (const [key, value] of Object.entries(fields as object)) {
      setters[key]!(spec, value);
      overrides.push(`${section}.${key}` as SpecField);
    }
  }
  if (overrides.includes('timeouts.absolute')) {
    const absoluteMs = spec.timeouts.absoluteMs;
    for (const follower of base.followsAbsolute.filter((f) => !overrides.includes(f))) {
      if (follower === 'cookie.maxAge') spec.cookie.maxAge = absoluteMs === null ? null : { kind: 'max', maxMs: absoluteMs };
      else spec.jwt.maxLifetimeMs = absoluteMs;
    }
  }
  // The preset's onExceed describes the preset's limit: removing the limit removes its policy too.
  if (spec.concurrency.maxSessions === null && !overrides.includes('concurrency.onExceed')) spec.concurrency.onExceed = null;
  // What the user states is theirs: an overridden value is neither a tool default nor a mere SHOULD.
  const kept = (Object.entries(base.sources) as Array<[SpecField, NonNullable<PresetSpec['sources'][SpecField]>]>).filter(
    ([field]) => !overrides.includes(field),
  );
  const toolDefaults = kept.filter(([, source]) => source.basis === 'tool').map(([field]) => field);
  const lowered: SeverityAdjustment[] = base.lowerShouldSeverity
    ? kept
        .filter(([, source]) => source.basis === 'should')
        .flatMap(([field, source]) =>
          SPEC_FIELDS[field].checks.map((check) => ({ check, direction: 'lower' as const, reason: `${source.ref} is a SHOULD (${field})` })),
        )
    : [];
  const raised = base.raisedSeverity.map(({ check, ref }): SeverityAdjustment => ({ check, direction: 'raise', reason: ref }));
  const severityAdjustments = [...lowered, ...raised];
  return { preset, overrides, toolDefaults, severityAdjustments, ...spec };
}

const durationText = (ms: number | null): string | null => (ms === null ? null : formatDuration(ms));

/** The inverse of SETTERS: a spec value as the config file writes it. */
const GETTERS: Record<SpecField, (spec: SpecValues) => unknown> = {
  store: (s) => s.store,
  'cookie.httpOnly': (s) => s.cookie.httpOnly,
  'cookie.secure': (s) => s.cookie.secure,
  'cookie.sameSite': (s) => s.cookie.sameSite,
  'cookie.path': (s) => s.cookie.path,
  'cookie.hostOnly': (s) => s.cookie.hostOnly,
  'cookie.domains': (s) => s.cookie.allowedDomains,
  'cookie.prefix': (s) => s.cookie.prefix,
  'cookie.maxAge': ({ cookie: { maxAge } }) => (maxAge === null ? null : maxAge.kind === 'session' ? 'session' : { max: formatDuration(maxAge.maxMs) }),
  'token.minEntropyBits': (s) => s.token.minEntropyBits,
  'token.samples': (s) => s.token.samples,
  'token.sessionStorage': (s) => s.token.sessionStorage,
  'timeouts.idle': (s) => durationText(s.timeouts.idleMs),
  'timeouts.absolute': (s) => durationText(s.timeouts.absoluteMs),
  'timeouts.sliding': (s) => s.timeouts.sliding,
  'timeouts.renewal': ({ timeouts: { renewal } }) => (renewal === null ? null : { every: formatDuration(renewal.everyMs), overlap: formatDuration(renewal.overlapMs) }),
  'timeouts.grace': (s) => formatDuration(s.timeouts.graceMs),
  'invalidation.logout': (s) => s.invalidation.logout,
  'invalidation.rotateOnLogin': (s) => s.invalidation.rotateOnLogin,
  'invalidation.passwordChange': (s) => s.invalidation.passwordChange,
  'invalidation.privilegeChange': (s) => s.invalidation.privilegeChange,
  'invalidation.clearSiteData': (s) => s.invalidation.clearSiteData,
  'invalidation.signOutEverywhere': (s) => s.invalidation.signOutEverywhere,
  'cache.noStore': (s) => s.cache.noStore,
  'transport.hstsMaxAge': (s) => durationText(s.transport.hstsMaxAgeMs),
  'transport.hstsIncludeSubDomains': (s) => s.transport.hstsIncludeSubDomains,
  'concurrency.maxSessions': (s) => s.concurrency.maxSessions,
  'concurrency.onExceed': (s) => s.concurrency.onExceed,
  'rememberMe.maxAge': (s) => durationText(s.rememberMe.maxAgeMs),
  'jwt.algorithms': (s) => s.jwt.algorithms,
  'jwt.maxLifetime': (s) => durationText(s.jwt.maxLifetimeMs),
  'jwt.leeway': (s) => formatDuration(s.jwt.leewayMs),
  'jwt.expiryWait': (s) => formatDuration(s.jwt.expiryWaitMs),
  'jwt.sensitiveClaims': (s) => s.jwt.sensitiveClaims,
  'binding.signals': (s) => s.binding.signals,
  'binding.rejectOnChange': (s) => s.binding.rejectOnChange,
};

export const SPEC_FIELD_PATHS = Object.keys(GETTERS) as SpecField[];

/** The value of one setting as the config file would write it (durations as `30m`, maxAge as `session` or `{ max }`). */
export function rawField(spec: SpecValues, field: SpecField): unknown {
  return GETTERS[field](spec);
}

/** A RawSpec holding `value` at `field` (`timeouts.idle` → `{ timeouts: { idle } }`). */
export function rawSpecWith(raw: RawSpec, field: SpecField, value: unknown): RawSpec {
  const [section, key] = field.split('.') as [string, string | undefined];
  if (key === undefined) return { ...raw, [section]: value };
  const current = (raw as Record<string, Record<string, unknown> | undefined>)[section];
  return { ...raw, [section]: { ...current, [key]: value } };
}

/** `raw` without the setting at `field` (and without its section once empty). */
export function rawSpecWithout(raw: RawSpec, field: SpecField): RawSpec {
  const [section, key] = field.split('.') as [string, string | undefined];
  const copy: Record<string, unknown> = { ...raw };
  if (key === undefined) {
    delete copy[section];
    return copy as RawSpec;
  }
  const rest = { ...(copy[section] as Record<string, unknown> | undefined) };
  delete rest[key];
  if (Object.keys(rest).length === 0) delete copy[section];
  else copy[section] = rest;
  return copy as RawSpec;
}
