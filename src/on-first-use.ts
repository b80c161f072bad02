/**
 * Things made when first used, not when the module naming them is imported. `validate` and `list-checks`
 * reach the HTTP driver and the form reader through the check catalogue's probes but never send a request
 * or read a page (undici and cheerio were 0.2 of their 0.7 CPU-seconds of start-up, `npm run bench --
 * cli-start`); a `run` reads a report.json only for a baseline (compiling its two schemas: ~0.1 s).
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** `make()`'s value, made by the first call and handed back by every later one. */
export function onFirstUse<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}

/**
 * A package loaded with its first use. Through require(), so the call stays synchronous: undici is
 * CommonJS (one instance whichever way it is loaded), and cheerio's CommonJS build is the only one the
 * tool loads. The build's bundle leaves these packages outside (scripts/bundle.mjs).
 */
export function loadOnFirstUse<T>(name: string): () => T {
  return onFirstUse(() => require(name) as T);
}
