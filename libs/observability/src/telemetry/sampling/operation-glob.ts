/**
 * A matcher for an operation pattern in which `*` stands for any run of characters (`orders.*`,
 * `*.created`, `reports-*-daily`) and every other character for itself, matched against the whole
 * name, case-sensitively.
 *
 * Matched without regular expressions: the literal pieces between the stars are found left to
 * right, each at its first place after the previous one, which is correct for `*`-only patterns
 * and takes time linear in the name for each piece (no backtracking, whatever the pattern).
 *
 * @internal
 */
export function compileOperationGlob(pattern: string): (name: string) => boolean {
  if (!pattern.includes('*')) return (name) => name === pattern;
  const pieces = pattern.split('*');
  const first = pieces[0] ?? '';
  const last = pieces[pieces.length - 1] ?? '';
  const middle = pieces.slice(1, -1).filter((piece) => piece !== '');
  const shortest = first.length + last.length + middle.reduce((n, piece) => n + piece.length, 0);
  return (name) => {
    if (name.length < shortest || !name.startsWith(first) || !name.endsWith(last)) return false;
    let at = first.length;
    const end = name.length - last.length;
    for (const piece of middle) {
      const found = name.indexOf(piece, at);
      if (found < 0 || found + piece.length > end) return false;
      at = found + piece.length;
    }
    return true;
  };
}
