/**
 * Files a config points at that must exist before a run starts: a script flow or a CA file that is not
 * there is a mistake in the config (exit 2), not a target that failed to log in or could not be reached (exit 3).
 */
import { access, stat } from 'node:fs/promises';
import { constants } from 'node:fs';
import { readRegularFile } from './read-file.js';
import path from 'node:path';
import { jsonPath, type Issue } from './errors.js';

const FLOWS = ['login', 'logout', 'passwordChange', 'privilegeChange'] as const;
/** A bundle of every public CA is about 200 KB. */
const MAX_CA_BYTES = 1024 * 1024;

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
  const read = await readRegularFile(ca, MAX_CA_BYTES, 'a PEM file of CA certificates');
  if (!read.ok) return `cannot use the CA file ${ca}: it ${read.message.replace(/^file not found$/, 'does not exist').replace(/^permission denied$/, 'cannot be read (permission denied)')}`;
  const text = read.bytes.toString('utf8');
  return text.includes('-----BEGIN CERTIFICATE-----') ? undefined : `expected a PEM certificate (-----BEGIN CERTIFICATE-----) in ${ca}`;
}

/**
 * Why reports could not be written to `dir`, found before the run rather than after it: the folder (or,
 * when it does not exist yet, its nearest existing parent) must be a directory this process may write.
 */
export async function reportDirProblem(dir: string): Promise<string | undefined> {
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    const info = await stat(at).catch(() => undefined);
    if (info === undefined && path.dirname(at) !== at) continue;
    const what = at === path.resolve(dir) ? 'the report folder' : `${at}, where the report folder would be created,`;
    if (!info?.isDirectory()) return `${what} is not a directory`;
    const writable = await access(at, constants.W_OK | constants.X_OK).then(() => true, () => false);
    return writable ? undefined : `${what} is not writable`;
  }
}
