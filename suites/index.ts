/**
 * The catalogue: every check and every probe. `list-checks` and the README table are generated from here.
 */
import type { Check } from '../src/check.js';
import type { Probe } from '../src/probe.js';
import { cookieChecks } from './cookie/index.js';
import rotateOnLogin from './fixation/rotate-on-login.js';
import rejectUnknownId from './fixation/reject-unknown-id.js';
import { fixationProbe } from './fixation/probe.js';
import serverRevocation from './logout/server-revocation.js';
import cookieCleared from './logout/cookie-cleared.js';
import clearSiteData from './logout/clear-site-data.js';
import { logoutProbe } from './logout/probe.js';
import idleTimeout from './timeout/idle.js';
import absoluteTimeout from './timeout/absolute.js';
import slidingTimeout from './timeout/sliding.js';
import serverEnforcedTimeout from './timeout/server-enforced.js';
import { timeoutProbe } from './timeout/probe.js';
import noStore from './cache/no-store.js';
import inUrl from './token/in-url.js';
import length from './token/length.js';

export const CHECKS: readonly Check[] = [
  ...cookieChecks,
  rotateOnLogin,
  rejectUnknownId,
  serverRevocation,
  cookieCleared,
  clearSiteData,
  idleTimeout,
  absoluteTimeout,
  slidingTimeout,
  serverEnforcedTimeout,
  noStore,
  inUrl,
  length,
];

/**
 * In the order they run: logout last, because it ends sessions on targets that revoke broadly (that
 * would end the timeout probe's sessions too and make a broken timeout look enforced).
 */
export const PROBES: readonly Probe[] = [fixationProbe, timeoutProbe, logoutProbe];
