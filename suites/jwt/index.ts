/**
 * jwt.* — JWT sessions: signatures verified, algorithms pinned, expiry and revocation honoured.
 */
import type { Check } from '../../src/model/check.js';
import type { Probe } from '../../src/probe.js';
import signatureVerified from './signature-verified.js';
import jwtAlg from './alg.js';
import weakSecret from './weak-secret.js';
import jwtExp from './exp.js';
import jwtRevocation from './revocation.js';
import sensitiveClaims from './sensitive-claims.js';
import { jwtProbe } from './probe.js';

export const checks: readonly Check[] = [signatureVerified, jwtAlg, weakSecret, jwtExp, jwtRevocation, sensitiveClaims];
export const probes: readonly Probe[] = [jwtProbe];
