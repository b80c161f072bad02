/**
 * Files a config points at that must exist before a run starts: a script flow or a CA file that is not
 * there is a mistake in the config (exit 2), not a target that failed to log in or could not be reached (exit 3).
 */
import { readFile, stat } from 'node:fs/promises';
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
  const ca = (target.tls as { ca?: string } | undefined)?.ca;
  if (ca !== undefined) {
    const problem = await caFileProblem(path.resolve(configDir, ca));
    if (problem) issues.push({ path: '$.target.tls.ca', message: problem });
  }
  return issues;
}

/** The CA file must exist and hold a PEM certificate; TLS would otherwise fail later, far from the cause. */
async function caFileProblem(ca: string): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(ca, 'utf8');
  } catch (error) {
    return `cannot read the CA file ${ca}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`;
  }
  return text.includes('-----BEGIN CERTIFICATE-----') ? undefined : `expected a PEM certificate (-----BEGIN CERTIFICATE-----) in ${ca}`;
}
