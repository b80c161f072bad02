/**
 * Which standard a spec setting answers to, as the design-review document and the Set-Cookie
 * annotations cite it: the preset's own clause when it names one (marked SHOULD or sessionprobe
 * default where it is), "your choice" for an override, else the standards that speak to the setting.
 */
import { PRESETS } from '../config/presets.js';
import { SPEC_FIELDS } from '../config/spec-fields.js';
import type { Spec } from '../config/types.js';
import type { SpecField } from '../config/raw-spec.js';

export function standardFor(spec: Spec, field: SpecField): string {
  if (spec.overrides.includes(field)) return `your choice (overrides ${spec.preset})`;
  const source = PRESETS[spec.preset]?.sources[field];
  if (source) return source.basis === 'should' ? `${source.ref} (SHOULD)` : source.basis === 'tool' ? `sessionprobe default: ${source.ref}` : source.ref;
  return SPEC_FIELDS[field].refs.join('; ') || '—';
}
