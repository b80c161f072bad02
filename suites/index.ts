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
import webStorage from './token/web-storage.js';
import uiVisible from './logout/ui-visible.js';
import historyAfterLogout from './cache/history-after-logout.js';
import { browserProbe } from './browser/probe.js';

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
  // Tier 4, browser-only.
  webStorage,
  uiVisible,
  historyAfterLogout,
];

/**
 * In the order they run: the logouts last, because they end sessions on targets that revoke broadly
 * (that would also end the timeout probe's sessions and make a broken timeout look enforced).
 */
export const PROBES: readonly Probe[] = [fixationProbe, timeoutProbe, browserProbe, logoutProbe];
