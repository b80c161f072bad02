/**
 * The behaviours behind the accounts example targets: the same site, with its multi-device flows done
 * right, all wrong, or right with a rejecting concurrency limit and a throttled login.
 */
import { CONFORMANT, type Behaviour } from './server.js';

export const MODES = {
  conformant: CONFORMANT,
  vulnerable: {
    passwordChange: 'keep',
    rotateOnPasswordChange: false,
    requireCurrentPassword: false,
    minPasswordAgeMs: 0,
    rotateOnElevation: false,
    concurrency: null,
    signOutEverywhere: false,
    revokeRememberMe: false,
    bindUserAgent: false,
    loginRateLimit: null,
  },
  reject: {
    ...CONFORMANT,
    passwordChange: 'revoke-all',
    concurrency: { max: 5, onExceed: 'reject' },
    bindUserAgent: false,
    loginRateLimit: { max: 12, windowMs: 1000 },
  },
} satisfies Record<string, Behaviour>;
