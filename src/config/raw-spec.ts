/**
 * The spec as the config file writes it, and the path of each of its settings.
 */
import type { BindingSignal, PasswordChangeCurrent, RefreshReuse, SameSite, SessionStore } from './types.js';

/** `spec` as written in the file, after schema validation. */
export interface RawSpec {
  preset?: string;
  store?: SessionStore | null;
  cookie?: {
    httpOnly?: boolean;
    secure?: boolean;
    sameSite?: SameSite | SameSite[];
    path?: string | null;
    hostOnly?: boolean;
    domains?: string[];
    prefix?: '__Host-' | '__Secure-' | null;
    maxAge?: 'session' | { max: string } | null | false;
  };
  token?: { minEntropyBits?: number; samples?: number; sessionStorage?: 'allowed' | 'forbidden' };
  timeouts?: { idle?: string | null; absolute?: string | null; sliding?: boolean | null; renewal?: { every: string; overlap?: string } | null; grace?: string };
  invalidation?: {
    logout?: boolean;
    rotateOnLogin?: boolean;
    passwordChange?: 'revoke-all' | 'revoke-others' | 'none' | null;
    privilegeChange?: 'rotate' | null;
    clearSiteData?: boolean;
    signOutEverywhere?: boolean;
    maxDelay?: string;
    passwordChangeCurrent?: PasswordChangeCurrent | null;
  };
  cache?: { noStore?: boolean };
  transport?: { hstsMaxAge?: string | null; hstsIncludeSubDomains?: boolean };
  concurrency?: { maxSessions?: number | null; onExceed?: 'reject' | 'evict-oldest' | null };
  rememberMe?: { maxAge?: string | null };
  jwt?: { algorithms?: string[]; maxLifetime?: string | null; leeway?: string; expiryWait?: string; sensitiveClaims?: string[] };
  binding?: { signals?: BindingSignal[]; rejectOnChange?: BindingSignal[] };
  sso?: { idpLogoutEndsAppSession?: boolean; appLogoutEndsIdpSession?: boolean };
  refresh?: { rotation?: boolean; reuse?: RefreshReuse | null; maxLifetime?: string | null; accessMaxLifetime?: string | null };
}

/** Spec settings that stand alone rather than in a section. */
export type TopLevel = 'store';
export type Sections = Required<Omit<RawSpec, 'preset' | TopLevel>>;
/** A spec setting by the path the config file uses for it: `cookie.sameSite`, `timeouts.idle`, `store`. */
export type SpecField = TopLevel | { [S in keyof Sections]: `${S}.${Extract<keyof Required<Sections[S]>, string>}` }[keyof Sections];
