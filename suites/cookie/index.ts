/**
 * cookie.* — static analysis of the raw Set-Cookie headers recorded during the run, read the way a
 * browser would (src/cookies/evaluate.ts).
 */
import type { Check } from '../../src/model/check.js';
import type { Probe } from '../../src/probe.js';
import secure from './secure.js';
import httpOnly from './httponly.js';
import sameSite from './samesite.js';
import prefixHost from './prefix-host.js';
import prefixSecure from './prefix-secure.js';
import prefixValid from './prefix-valid.js';
import hostOnly from './host-only.js';
import path from './path.js';
import maxAge from './max-age.js';
import size from './size.js';
import wellFormed from './well-formed.js';
import nameFingerprint from './name-fingerprint.js';

/** In the catalogue's order (CHECKS.md §1). */
export const checks: readonly Check[] = [
  secure,
  httpOnly,
  sameSite,
  prefixHost,
  prefixSecure,
  prefixValid,
  hostOnly,
  path,
  maxAge,
  size,
  wellFormed,
  nameFingerprint,
];

/** The cookie checks read the Set-Cookie headers every other probe records: no probe of their own. */
export const probes: readonly Probe[] = [];
