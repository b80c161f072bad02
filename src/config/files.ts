/**
 * Files a config points at that must exist before a run starts: a script flow that is not there is a
 * mistake in the config (exit 2), not a target that failed to log in (exit 3).
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { jsonPath, type Issue } from './errors.js';

const FLOWS = ['login', 'logout', 'passwordChange', 'privilegeChange'] as const;

/** `target` is schema-valid: a flow's `script` is a non-empty string. */
export async function missingFileIssues(target: Record<string, unknown>, configDir: string): Promise<Issue[]> {
  const issues: Issue[] = [];
  for (const name of FLOWS) {
    const script = (target[name] as { script?: string } | undefined)?.script;
    if (script === undefined) continue;
    const file = path.resolve(configDir, script);
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) {
      issues.push({ path: jsonPath(['target', name, 'script']), message: `no script file at ${file} (the path is relative to the config file's folder)` });
    }
  }
  return issues;
}
