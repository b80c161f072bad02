/**
 * How reports and artifacts name a URL of the target: its path and query, which is what a reader
 * recognizes (the origin is the run's base URL).
 */
export function pathOf(url: string): string {
  try {
    const u = new URL(url);
    return u.pathname + u.search;
  } catch {
    return url;
  }
}
