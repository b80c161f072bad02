/**
 * What a browser sends with each kind of request, so the target answers the tool as it answers a
 * person. Applications pick their response by these headers: an `Accept` that ranks JSON with HTML
 * makes some of them serve API answers (no toolbar, no logout link) to what should be page loads.
 * Header sets follow Fetch Metadata (W3C) and what Chromium sends for each request.
 */

/**
 * `navigation`: a page opened by the user (typed URL, bookmark); `page-navigation`: a link followed or a
 * form submitted from one of the target's pages; `fetch`: a script's JSON request (fetch/XHR).
 */
export type RequestKind = 'navigation' | 'page-navigation' | 'fetch';

const DOCUMENT_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';
export const ACCEPT_LANGUAGE = 'en-US,en;q=0.9';

/** Lower-case header names to values, before the request's own headers are laid over them. */
export function browserHeaders(kind: RequestKind, method: string, url: string): Record<string, string> {
  const origin = new URL(url).origin;
  // Browsers send Origin on every request that is not a GET or HEAD, and on every fetch() (CORS mode).
  const withOrigin: Record<string, string> = kind === 'fetch' || (method !== 'GET' && method !== 'HEAD') ? { origin } : {};
  if (kind === 'fetch') {
    return {
      accept: 'application/json',
      'accept-language': ACCEPT_LANGUAGE,
      'sec-fetch-dest': 'empty',
      'sec-fetch-mode': 'cors',
      'sec-fetch-site': 'same-origin',
      ...withOrigin,
    };
  }
  return {
    accept: DOCUMENT_ACCEPT,
    'accept-language': ACCEPT_LANGUAGE,
    'sec-fetch-dest': 'document',
    'sec-fetch-mode': 'navigate',
    'sec-fetch-site': kind === 'navigation' ? 'none' : 'same-origin',
    'sec-fetch-user': '?1',
    'upgrade-insecure-requests': '1',
    ...withOrigin,
  };
}
