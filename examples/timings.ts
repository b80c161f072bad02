/**
 * The durations the examples are built around, which their descriptions (examples/index.ts) and the tests
 * quote. Apart from the servers, so that listing the examples loads none of them.
 */

/** multi-instance: how long an instance trusts a cached session without asking Redis. */
export const CACHE_SECONDS = 3;

/** refresh-api: how long a family lives (strict), and a single refresh token (leaky: from its own issue, so rotation slides it). */
export const REFRESH_API_LIFETIME_S = 6;

/** refresh-oidc: how long a refresh-token family lives, from its login. */
export const OIDC_REFRESH_LIFETIME_S = 6;
