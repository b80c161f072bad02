/**
 * The one glob dialect of the config: `*` matches any run of characters, everything else is literal.
 * Check selections (`cookie.*`) and waivers (check ids, cookie names, URLs) use it alike.
 */
export function globMatcher(glob: string): (text: string) => boolean {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  const pattern = new RegExp(`^${escaped}$`, 's');
  return (text) => pattern.test(text);
}
