// Wording shared by the converter's explanations.

/** `line 5` / `lines 5, 7`: each line once, in order (one RUN may hold several facts). */
export function linesText(lines: number[]): string {
  const each = [...new Set(lines)].sort((a, b) => a - b);
  return each.length === 1 ? `line ${each[0]}` : `lines ${each.join(", ")}`;
}
