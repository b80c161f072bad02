/**
 * A package loaded when it is first used, not when the module naming it is imported. `validate` and
 * `list-checks` reach the HTTP driver and the form reader through the check catalogue's probes but never
 * send a request or read a page; undici and cheerio were 0.2 of their 0.7 CPU-seconds of start-up
 * (`npm run bench -- cli-start`). Through require(), so the call stays synchronous: undici is CommonJS
 * (one instance whichever way it is loaded), and cheerio's CommonJS build is the only one the tool loads.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export function loadOnFirstUse<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(name) as T);
}
