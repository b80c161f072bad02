/**
 * How a file the user named appears in reports that travel (CI artifacts, pull requests): relative to
 * the working directory, or only its name when it lies outside, never an absolute path of the machine.
 */
import path from 'node:path';

export function displayPath(file: string, cwd: string = process.cwd()): string {
  const relative = path.relative(cwd, path.resolve(cwd, file));
  return relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? path.basename(file) : relative.split(path.sep).join('/');
}
