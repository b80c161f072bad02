/**
 * The spec a run judges against: the named preset, with every field the config gives laid over it.
 * The overridden paths are kept so reports can say which numbers came from the user, not the standard.
 */
import { DEFAULT_PRESET, PRESETS, type PresetSpec, type SpecValues } from './presets.js';
import { SPEC_FIELDS } from './spec-fields.js';
import type { SeverityAdjustment, Spec } from './types.js';
import type { RawSpec, SpecField } from './raw-spec.js';

/** Expects a schema-valid `raw` (known preset, known keys, well-formed durations). */
export function buildSpec(raw: RawSpec = {}): Spec {
  const preset = raw.preset ?? DEFAULT_PRESET;
  const base = PRESETS[preset];
  if (!base) throw new Error(`unknown preset ${preset}`);
  // A deep copy: presets share arrays, and a run must never alter them.
  const spec = structuredClone(base.spec);
  const overrides: SpecField[] = [];
  for (const [field, value] of givenFields(raw)) {
    // The schema has checked the value's shape against this very field.
    (SPEC_FIELDS[field].set as (s: SpecValues, v: unknown) => void)(spec, value);
    overrides.push(field);
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


export const SPEC_FIELD_PATHS = Object.keys(SPEC_FIELDS) as SpecField[];

/** The settings a RawSpec gives, by path, in the file's order. */
function givenFields(raw: RawSpec): Array<[SpecField, unknown]> {
  return Object.entries(raw).flatMap(([section, fields]): Array<[SpecField, unknown]> => {
    if (section === 'preset') return [];
    if (section === 'store') return [['store', fields]];
    return Object.entries(fields as object).map(([key, value]) => [`${section}.${key}` as SpecField, value]);
  });
}

/** The value of one setting as the config file would write it (durations as `30m`, maxAge as `session` or `{ max }`). */
export function rawField(spec: SpecValues, field: SpecField): unknown {
  return SPEC_FIELDS[field].get(spec);
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
