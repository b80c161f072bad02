/**
 * Measured values as a reader wants them: a label in words and the value with its unit. Known keys have
 * their own label; any other key is read from its camelCase name, its unit from the suffix (`…Seconds`,
 * `…Ms`, `…Bits`, `…Octets`). Plain text: each reporter escapes it for its own format.
 */
import { formatDuration } from '../src/config/durations.js';

type Value = string | number | boolean | null;

export interface MeasuredLine {
  key: string;
  label: string;
  value: string;
}

const LABELS: Record<string, string> = {
  specSeconds: 'spec value',
  graceSeconds: 'grace allowed',
  aliveAtLeastSeconds: 'still logged in at least',
  deadByAtMostSeconds: 'logged out at the latest after',
  capacityBits: 'ID capacity',
  effectiveBits: 'estimated entropy',
  thresholdBits: 'required entropy',
  samples: 'IDs sampled',
  distinct: 'distinct IDs',
  repeats: 'repeated IDs',
  idsPerSecond: 'sampling rate',
  samplingMs: 'sampling took',
  analysisMs: 'analysis took',
  limit: 'session limit',
  opened: 'sessions opened',
  alive: 'sessions still logged in',
  lifetimeSeconds: 'cookie lifetime',
  maxSeconds: 'longest lifetime allowed',
  maxAgeSeconds: 'HSTS max-age',
  maxLifetimeSeconds: 'token lifetime',
  largestNameValueOctets: 'largest cookie (name + value)',
  largestAttributeValueOctets: 'largest attribute value',
  accepted: 'accepted by the target',
  timeFields: 'timestamps found in the cookie value',
};

const UNITS: ReadonlyArray<{ suffix: string; format: (n: number) => string }> = [
  { suffix: 'Seconds', format: (n) => formatDuration(n * 1000) },
  { suffix: 'Ms', format: (n) => formatDuration(n) },
  { suffix: 'Bits', format: (n) => `${n} bits` },
  { suffix: 'Octets', format: (n) => `${n} bytes` },
  { suffix: 'PerSecond', format: (n) => `${n} per second` },
];

export function describeMeasured(measured: Readonly<Record<string, Value>> | undefined): MeasuredLine[] {
  return Object.entries(measured ?? {}).map(([key, value]) => ({ key, label: labelOf(key), value: valueOf(key, value) }));
}

function labelOf(key: string): string {
  if (LABELS[key]) return LABELS[key];
  const unit = UNITS.find((u) => key.endsWith(u.suffix));
  const words = (unit ? key.slice(0, -unit.suffix.length) : key).replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.replace(/\bid\b/g, 'ID');
}

function valueOf(key: string, value: Value): string {
  if (value === null) return 'not measured';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string') return value === 'yes' ? 'logged in' : value === 'no' ? 'logged out' : value;
  const unit = UNITS.find((u) => key.endsWith(u.suffix));
  return unit ? unit.format(value) : String(value);
}
