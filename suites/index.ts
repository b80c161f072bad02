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
import renewalTimeout from './timeout/renewal.js';
import { timeoutProbe } from './timeout/probe.js';
import noStore from './cache/no-store.js';
import inUrl from './token/in-url.js';
import length from './token/length.js';
import entropy from './token/entropy.js';
import uniqueness from './token/uniqueness.js';
import opaque from './token/opaque.js';
import charset from './token/charset.js';
import urlAccepted from './token/url-accepted.js';
import notInBody from './token/not-in-body.js';
import { tokenSampleProbe } from './token/sample-probe.js';
import { tokenInputProbe } from './token/input-probe.js';
import signatureVerified from './jwt/signature-verified.js';
import jwtAlg from './jwt/alg.js';
import weakSecret from './jwt/weak-secret.js';
import jwtExp from './jwt/exp.js';
import jwtRevocation from './jwt/revocation.js';
import sensitiveClaims from './jwt/sensitive-claims.js';
import { jwtProbe } from './jwt/probe.js';
import noHttpFallback from './transport/no-http-fallback.js';
import hsts from './transport/hsts.js';
import { transportProbe } from './transport/probe.js';
import webStorage from './token/web-storage.js';
import uiVisible from './logout/ui-visible.js';
import historyAfterLogout from './cache/history-after-logout.js';
import { browserProbe } from './browser/probe.js';
import revokeOthers from './password-change/revoke-others.js';
import rotateCurrent from './password-change/rotate-current.js';
import requiresCurrent from './password-change/requires-current.js';
import { passwordChangeProbe } from './password-change/probe.js';
import privilegeRotate from './privilege-change/rotate.js';
import { privilegeChangeProbe } from './privilege-change/probe.js';
import concurrencyLimit from './concurrency/limit.js';
import signOutEverywhere from './concurrency/signout-everywhere.js';
import { concurrencyProbe } from './concurrency/probe.js';
import { signOutEverywhereProbe } from './concurrency/signout-probe.js';
import rememberMeRevocation from './remember-me/revocation.js';
import { rememberMeProbe } from './remember-me/probe.js';
import uaChange from './binding/ua-change.js';
import crossClientReplay from './binding/cross-client-replay.js';
import { bindingProbe } from './binding/probe.js';

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
  renewalTimeout,
  noStore,
  inUrl,
  length,
  entropy,
  uniqueness,
  opaque,
  charset,
  urlAccepted,
  notInBody,
  signatureVerified,
  jwtAlg,
  weakSecret,
  jwtExp,
  jwtRevocation,
  sensitiveClaims,
  noHttpFallback,
  hsts,
  revokeOthers,
  rotateCurrent,
  requiresCurrent,
  privilegeRotate,
  concurrencyLimit,
  signOutEverywhere,
  rememberMeRevocation,
  uaChange,
  crossClientReplay,
  // Tier 4, browser-only.
  webStorage,
  uiVisible,
  historyAfterLogout,
];

/**
 * In the order they run. The timeout probe comes before anything that ends sessions broadly (the logouts
 * would also end its sessions and make a broken timeout look enforced). Session-ID sampling comes after
 * the logout probe: hundreds of logins can evict the run's other sessions on targets with a session limit.
 * The multi-device probes come last and log out the run's earlier sessions first: they end sessions
 * broadly (sign out everywhere, password change), and the concurrency probe, last, evicts sessions or
 * uses up the account's slots (CHECKS.md edge case 20).
 */
export const PROBES: readonly Probe[] = [
  fixationProbe,
  timeoutProbe,
  browserProbe,
  tokenInputProbe,
  transportProbe,
  jwtProbe,
  logoutProbe,
  tokenSampleProbe,
  bindingProbe,
  privilegeChangeProbe,
  rememberMeProbe,
  signOutEverywhereProbe,
  passwordChangeProbe,
  concurrencyProbe,
];
