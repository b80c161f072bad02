/**
 * Refreshing tokens the way the target's clients do (target.refresh): where a device's refresh token
 * comes from after login, presenting a refresh token, and reading what the answer handed out. Every
 * token is added to the redactor before its response is recorded anew, so no report holds one in clear.
 */
import type { RefreshProfile } from '../config/types.js';
import type { Credentials, HttpClient, HttpResponse } from '../drivers/http.js';
import { TransportError } from '../drivers/http.js';
import { mask } from '../evidence.js';
import { redactAgain } from '../drivers/record.js';
import type { IssuedToken, RefreshAttempt } from '../model/artifacts.js';
import { parseJws, summarizeClaims } from '../token/jws.js';
import { fillPlaceholders } from './placeholders.js';
import { jsonPath, type FlowResult } from './flows.js';
import type { TargetSession } from './session.js';

/** Answers that refuse a grant: OAuth's invalid_grant is a 400 (RFC 6749 §5.2), APIs often answer 401 or 403. */
const REFUSALS = new Set([400, 401, 403]);

/** A refresh token in hand: its value (never recorded) and its place in the family ("RT2"). */
export interface HeldToken {
  value: string;
  name: string;
}

/** The result of one refresh, with the raw tokens it handed out for the next step. */
export interface Refreshed {
  attempt: RefreshAttempt;
  next?: HeldToken;
  /** The minted access token as a replay presents it; undefined when none was handed out. */
  access?: Credentials;
}

export class RefreshClient {
  constructor(
    private readonly session: TargetSession,
    private readonly profile: RefreshProfile,
    /** Clock time of the family's login: attempts are timed from it. */
    private readonly origin: number,
    private readonly now: () => number,
  ) {}

  /** 'JSON bodies' or 'cookie <name>', for the report. */
  static carrier(profile: RefreshProfile): string {
    return profile.cookie ? `cookie ${profile.cookie}` : 'JSON bodies';
  }

  /** The refresh token the login handed the device (RT1): from the login response's JSON, or the cookie. */
  async fromLogin(client: HttpClient, login: FlowResult): Promise<HeldToken | undefined> {
    const value = this.profile.cookie ? await this.cookieOf(client) : this.fromBody(login.response, loginRefreshPath(this.session));
    if (value === undefined) return undefined;
    this.protect(value, login.exchanges);
    return { value, name: 'RT1' };
  }

  /** What the login handed out, for the artifact. */
  issued(token: HeldToken | undefined): IssuedToken | null {
    return token ? this.describe(token.value) : null;
  }

  /**
   * Presents `token` from a device of its own (a replay sends exactly it), the way the target's client
   * would: in the JSON or form body, or as the refresh cookie alone.
   */
  async refresh(token: HeldToken, label: string): Promise<Refreshed> {
    const { request } = this.profile;
    const { username, password, newPassword } = this.session.account;
    const values = { username, password, newPassword, refreshToken: token.value };
    const viaCookie = this.profile.cookie;
    let response: HttpResponse;
    try {
      response = await this.session.replayer.request({
        method: request.method,
        url: request.url,
        json: fillPlaceholders(request.json, values),
        form: fillPlaceholders(request.form, values),
        headers: request.headers && fillPlaceholders(request.headers, values),
        kind: 'fetch',
        credentials: { cookies: viaCookie ? [{ name: viaCookie, value: token.value }] : [] },
        step: `refresh: ${label} (${token.name})`,
      });
    } catch (error) {
      if (!(error instanceof TransportError)) throw error;
      return { attempt: this.attempt(token, null, 'unknown', `no answer: ${error.message}`, []) };
    }
    const nextValue = viaCookie ? response.setCookies.find((c) => c.name === viaCookie && c.value !== '')?.value : this.fromBody(response, this.profile.refreshToken);
    const accessValue = this.profile.accessToken ? this.fromBody(response, this.profile.accessToken) : undefined;
    for (const v of [nextValue, accessValue]) if (v !== undefined) this.protect(v, response.exchanges);
    const status = response.status;
    const attempt = this.attempt(token, status, 'unknown', '', response.exchanges);
    if (REFUSALS.has(status)) return { attempt: { ...attempt, outcome: 'refused', detail: `refused with ${status}` } };
    const wanted = this.profile.accessToken ? accessValue : nextValue;
    if (status < 200 || status > 299 || wanted === undefined) {
      const missing = status >= 200 && status <= 299 ? `; it carried no ${this.profile.accessToken ? `access token at ${this.profile.accessToken}` : 'refresh token'}` : '';
      return { attempt: { ...attempt, detail: `answered ${status}${missing}: neither tokens nor a refusal` } };
    }
    const next = nextValue === undefined ? undefined : { value: nextValue, name: `RT${Number(token.name.slice(2)) + 1}` };
    return {
      attempt: {
        ...attempt,
        outcome: 'issued',
        detail: next ? `issued ${next.value === token.value ? `the same refresh token again` : `a new refresh token (${next.name})`}` : 'issued tokens but no refresh token',
        refreshToken: next ? this.describe(next.value) : null,
        rotated: next ? next.value !== token.value : null,
        accessToken: accessValue === undefined ? null : this.describe(accessValue),
      },
      // A token handed out again unchanged keeps its name: it is the same token.
      next: next && next.value === token.value ? token : next,
      access: accessValue === undefined ? undefined : { cookies: [], authorization: this.presentAccess(accessValue) },
    };
  }

  private attempt(token: HeldToken, status: number | null, outcome: RefreshAttempt['outcome'], detail: string, exchanges: number[]): RefreshAttempt {
    const exp = parseJws(token.value)?.payload.exp;
    // The target's exp against this machine's wall clock: exact on one host, off by the skew elsewhere.
    const presentedExpired = typeof exp === 'number' ? exp * 1000 <= Date.now() : null;
    return { presented: token.name, status, outcome, detail, exchanges, refreshToken: null, rotated: null, accessToken: null, atMs: Math.round(this.now() - this.origin), presentedExpired };
  }

  /** As the login's token is sent (login.json.token), Bearer by default. */
  private presentAccess(token: string): string {
    const login = this.session.target.login;
    const scheme = login.kind === 'json' && login.token ? login.token.scheme : 'Bearer';
    return scheme ? `${scheme} ${token}` : token;
  }

  private describe(value: string): IssuedToken {
    const jws = parseJws(value);
    return { value: mask(value), jwt: jws ? { alg: String(jws.header.alg), claims: summarizeClaims(jws.payload, this.session.account.username) } : null };
  }

  private fromBody(response: HttpResponse, path: string | undefined): string | undefined {
    if (path === undefined) return undefined;
    const value = jsonPath(response.body, path);
    return typeof value === 'string' && value !== '' ? value : undefined;
  }

  private async cookieOf(client: HttpClient): Promise<string | undefined> {
    const name = this.profile.cookie!;
    const stored = await client.storedCookies();
    return stored.find((c) => c.name === name && c.value !== '')?.value;
  }

  /** A token is a credential: masked from here on, also in the responses already recorded. */
  private protect(value: string, exchanges: number[]): void {
    this.session.evidence.redactor.addToken(value);
    redactAgain(this.session.evidence, exchanges);
  }
}

function loginRefreshPath(session: TargetSession): string | undefined {
  const login = session.target.login;
  return login.kind === 'json' ? login.refreshToken : undefined;
}
