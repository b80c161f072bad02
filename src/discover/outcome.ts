/**
 * What discovery found, as data: the login found and what it led to, and the whole set of findings. Kept
 * apart from the search itself so the HTTP and the browser searches share it without importing each other.
 */
import type { Flow } from '../config/types.js';
import type { HttpResponse } from '../drivers/http.js';
import type { LoginFound } from './login.js';
import type { LogoutCandidate } from './controls.js';
import type { Finding } from './findings.js';

export interface Discovered {
  baseUrl: string;
  login: Flow;
  oracleUrl: string;
  /** Empty for a bearer-token session. */
  sessionCookies: string[];
  logout?: Flow;
  passwordChange?: Flow;
  /** Browser-only targets: the pages a person sees while logged in, and their logout control. */
  ui?: { pages: string[]; logoutControl?: string };
  findings: Finding[];
}

export interface LoginOutcome {
  found: LoginFound & { browserUi?: { logout: LogoutCandidate[]; ui?: Discovered['ui'] } };
  landing: HttpResponse | undefined;
}
