/**
 * The catalogue: every suite module, composed. `list-checks` and the README table are generated from here.
 * A suite is a folder with an index.ts exporting `{ checks, probes }`; probe code several suites share
 * lives in suites/shared/, and no suite imports a sibling.
 */
import type { Check } from '../src/model/check.js';
import type { Probe } from '../src/probe.js';
import type { ProbeId } from '../src/model/artifacts.js';
import * as cookie from './cookie/index.js';
import * as fixation from './fixation/index.js';
import * as logout from './logout/index.js';
import * as timeout from './timeout/index.js';
import * as cache from './cache/index.js';
import * as token from './token/index.js';
import * as jwt from './jwt/index.js';
import * as transport from './transport/index.js';
import * as passwordChange from './password-change/index.js';
import * as privilegeChange from './privilege-change/index.js';
import * as concurrency from './concurrency/index.js';
import * as rememberMe from './remember-me/index.js';
import * as binding from './binding/index.js';
import * as revocation from './revocation/index.js';
import * as mfa from './mfa/index.js';
import * as sso from './sso/index.js';
import * as refresh from './refresh/index.js';

export interface Suite {
  checks: readonly Check[];
  probes: readonly Probe[];
}

/** In the catalogue's order (CHECKS.md). */
export const SUITES: readonly Suite[] = [cookie, fixation, logout, timeout, cache, token, jwt, transport, passwordChange, privilegeChange, concurrency, rememberMe, binding, revocation, mfa, sso, refresh];

export const CHECKS: readonly Check[] = SUITES.flatMap((s) => s.checks);

/**
 * The order probes run in. The timeout probe comes before anything that ends sessions broadly (the logouts
 * would also end its sessions and make a broken timeout look enforced). Session-ID sampling comes after
 * the logout probe: hundreds of logins can evict the run's other sessions on targets with a session limit.
 * The multi-device probes come last and log out the run's earlier sessions first: they end sessions
 * broadly (sign out everywhere, password change), and the concurrency probe, last, evicts sessions or
 * uses up the account's slots (CHECKS.md edge case 20).
 */
export const PROBE_ORDER: readonly ProbeId[] = [
  'fixation',
  'mfa',
  'timeout',
  'refreshLifetime',
  'browser',
  'tokenInput',
  'transport',
  'jwt',
  'logout',
  'sso',
  'refresh',
  'tokenSample',
  'binding',
  'privilegeChange',
  'rememberMe',
  'signOutEverywhere',
  'passwordChange',
  'concurrency',
];

/** Every suite's probes, once each (suites share the browser probe), in PROBE_ORDER. */
export const PROBES: readonly Probe[] = PROBE_ORDER.map((id) => {
  const probe = SUITES.flatMap((s) => s.probes).find((p) => p.id === id);
  if (!probe) throw new Error(`PROBE_ORDER names ${id}, which no suite provides`);
  return probe;
});
