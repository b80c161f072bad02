import { Ajv } from 'ajv';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import schema from '../../schema/config.schema.json' with { type: 'json' };
import { SPEC_FIELDS } from '../../src/config/spec-fields.js';
import { buildSpec, rawField, rawSpecWith, SPEC_FIELD_PATHS } from '../../src/config/spec.js';
import { PRESETS, type SpecValues } from '../../src/config/presets.js';
import type { Spec } from '../../src/config/types.js';
import type { RawSpec, SpecField } from '../../src/config/raw-spec.js';
import { CHOICES } from '../../src/init/choices.js';
import { CHECKS } from '../../suites/index.js';

interface Node {
  properties?: Record<string, Node>;
  description?: string;
  'x-expected'?: string;
}

const specSchema = (schema as unknown as { definitions: Record<string, Node> }).definitions.spec!;
const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });
ajv.addKeyword('x-expected');
const validSpec = ajv.compile({ definitions: schema.definitions, $ref: '#/definitions/spec' });

/** Every setting the schema lets the file give, by path, as SPEC_FIELDS names them. */
function schemaFields(): string[] {
  return Object.entries(specSchema.properties!).flatMap(([name, node]) =>
    name === 'preset' ? [] : node.properties ? Object.keys(node.properties).map((key) => `${name}.${key}`) : [name],
  );
}

const presets = Object.entries(PRESETS);

/** The resolved settings, without what records their provenance (overriding a field changes that, rightly). */
function values(spec: Spec): SpecValues {
  const { preset: _p, overrides: _o, toolDefaults: _t, severityAdjustments: _s, ...rest } = spec;
  return rest;
}

describe('SPEC_FIELDS, the one table of spec settings', () => {
  it('names exactly the settings of the schema’s spec half, in the same order', () => {
    expect(SPEC_FIELD_PATHS).toEqual(schemaFields());
  });

  it('names only checks of the catalogue', () => {
    const ids = new Set(CHECKS.map((c) => c.meta.id));
    expect(SPEC_FIELD_PATHS.flatMap((f) => SPEC_FIELDS[f].checks.filter((c) => !ids.has(c)).map((c) => `${f}: ${c}`))).toEqual([]);
  });

  it.each(presets)('round-trips every setting of %s through get, the schema and set', (name) => {
    const base = buildSpec({ preset: name });
    for (const field of SPEC_FIELD_PATHS) {
      const raw = rawSpecWith({ preset: name }, field, rawField(base, field));
      expect(validSpec(raw), `${name} ${field}: ${ajv.errorsText(validSpec.errors)}`).toBe(true);
      const rebuilt = buildSpec(raw);
      expect(rawField(rebuilt, field), `${name} ${field}`).toEqual(rawField(base, field));
      expect(values(rebuilt), `${name} ${field}`).toEqual(values(base));
    }
  });

  it('is where every preset’s provenance points', () => {
    for (const [name, preset] of presets) {
      const fields = [...Object.keys(preset.sources), ...preset.followsAbsolute];
      expect(fields.filter((f) => !(f in SPEC_FIELDS)), name).toEqual([]);
      // A SHOULD lowers the severity of the field's checks: a field without checks would lower nothing.
      const shouldWithoutChecks = Object.entries(preset.sources).filter(([f, s]) => s.basis === 'should' && SPEC_FIELDS[f as SpecField].checks.length === 0);
      expect(shouldWithoutChecks.map(([f]) => f), name).toEqual([]);
    }
  });

  it.each(presets)('agrees with init’s questions: each answer, as init shows it for %s, is schema-valid and sets the same value', (name) => {
    const base = buildSpec({ preset: name });
    for (const choice of CHOICES) {
      const answer = choice.read(choice.show(base));
      let raw: RawSpec = { preset: name };
      for (const [field, value] of Object.entries(answer)) raw = rawSpecWith(raw, field as SpecField, value);
      expect(validSpec(raw), `${choice.flag}: ${ajv.errorsText(validSpec.errors)}`).toBe(true);
      const rebuilt = buildSpec(raw);
      const differing = Object.keys(answer).filter((f) => !isDeepStrictEqual(rawField(rebuilt, f as SpecField), rawField(base, f as SpecField)));
      expect(differing, choice.flag).toEqual([]);
    }
  });
});
