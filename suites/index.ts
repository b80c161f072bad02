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

export const CHECKS: readonly Check[] = [
  ...cookieChecks,
  rotateOnLogin,
  rejectUnknownId,
  serverRevocation,
  cookieCleared,
  clearSiteData,
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
  // Tier 4, browser-only.
  webStorage,
  uiVisible,
  historyAfterLogout,
];

/**
 * In the order they run: logout late, because it ends sessions on targets that revoke broadly; sampling
 * last, because hundreds of logins can evict the tool's other sessions on targets with a session limit.
 */
export const PROBES: readonly Probe[] = [fixationProbe, browserProbe, tokenInputProbe, transportProbe, jwtProbe, logoutProbe, tokenSampleProbe];
