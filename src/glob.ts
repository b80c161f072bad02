/**
 * The one glob dialect of the config: `*` matches any run of characters, everything else is literal.
 * Check selections (`cookie.*`) and waivers (check ids, cookie names, URLs) use it alike.
 *
 * Matched without regular expressions or backtracking: the literal pieces between the stars are found
 * left to right, each at its first place after the previous one (the leftmost place leaves the most
 * room for the rest, so it is never wrong to take it). A glob of thirty stars costs no more than one.
 */
export function globMatcher(glob: string): (text: string) => boolean {
  const pieces = glob.split('*');
  if (pieces.length === 1) return (text) => text === glob;
  const head = pieces[0]!;
  const tail = pieces.at(-1)!;
  const middle = pieces.slice(1, -1).filter((p) => p !== '');
  return (text) => {
    if (text.length < head.length + tail.length || !text.startsWith(head) || !text.endsWith(tail)) return false;
    const end = text.length - tail.length;
    let from = head.length;
    for (const piece of middle) {
      const at = text.indexOf(piece, from);
      if (at === -1 || at + piece.length > end) return false;
      from = at + piece.length;
    }
    return true;
  };
}
