/**
 * What discovery found, as data: the login found and what it led to, and the whole set of findings. Kept
 * apart from the search itself so the HTTP and the browser searches share it without importing each other.
 */
import type { Flow, OracleExpectation } from '../config/types.js';
import type { HttpResponse } from '../drivers/http.js';
import type { LoginFound } from './login.js';
import type { LogoutCandidate } from './controls.js';
import type { Finding } from './findings.js';
import type { RememberMeFound } from './remember-me.js';

export interface Discovered {
  baseUrl: string;
  login: Flow;
  oracleUrl: string;
  /** Set when the calibrated oracle could not judge a refused token (see bearer-oracle.ts). */
  oracleExpect?: OracleExpectation;
  /** Empty for a bearer-token session. */
  sessionCookies: string[];
  logout?: Flow;
  passwordChange?: Flow;
  /** The login form's "remember me" box, with the cookie it earns when that was verified. */
  rememberMe?: RememberMeFound;
  /** Browser-only targets: the pages a person sees while logged in, and their logout control. */
  ui?: { pages: string[]; logoutControl?: string };
  findings: Finding[];
  /** What discover looked for and did not find (or does not look for), and so left out of the config. */
  notFound: NotFound[];
}

/** A part of the target half discover leaves out, and why: printed, and written as a comment where it would go. */
export interface NotFound {
  /** The target field, as the config names it. */
  field: string;
  reason: string;
}

export interface LoginOutcome {
  found: LoginFound & { browserUi?: { logout: LogoutCandidate[]; ui?: Discovered['ui'] } };
  landing: HttpResponse | undefined;
  /** The exchanges of the login over HTTP, whose cookies a login with "remember me" ticked is compared with. */
  exchanges?: number[];
}
