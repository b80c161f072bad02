/**
 * The spec as `init` builds it: a preset plus only the settings that differ from what the preset (and
 * the choices made so far) already give, so the written file's overrides are exactly the decisions
 * that depart from the standard — which is what every report lists.
 */
import { isDeepStrictEqual } from 'node:util';
import { buildSpec, rawField, rawSpecWith, rawSpecWithout } from '../config/spec.js';
import type { RawSpec, SpecField } from '../config/raw-spec.js';

export function withChoice(raw: RawSpec, values: Partial<Record<SpecField, unknown>>): RawSpec {
  let next = raw;
  for (const [field, value] of Object.entries(values) as Array<[SpecField, unknown]>) {
    const without = rawSpecWithout(next, field);
    const implied = rawField(buildSpec(without), field);
    next = isDeepStrictEqual(implied, value) ? without : rawSpecWith(without, field, value);
  }
  return next;
}
