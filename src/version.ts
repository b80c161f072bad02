/**
 * The tool's own version, from the package.json that ships beside the code (src/ and dist/src/ alike).
 */
import { readFileSync } from 'node:fs';

function findPackageVersion(): string {
  for (let dir = new URL('.', import.meta.url); ; dir = new URL('..', dir)) {
    try {
      const pkg = JSON.parse(readFileSync(new URL('package.json', dir), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'sessionprobe' && pkg.version) return pkg.version;
    } catch {
      // No package.json at this level: keep climbing.
    }
    if (dir.pathname === '/') return '0.0.0';
  }
}

export const VERSION = findPackageVersion();
