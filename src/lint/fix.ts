// Applies fixes: text edits by offset, from the end of the file backwards, skipping an edit that overlaps one
// already taken (the next lint pass picks it up again).
import type { Finding, TextEdit } from "./types.js";

export interface AppliedFixes {
  text: string;
  /** Findings whose fixes were applied. */
  applied: Finding[];
}

export function applyFixes(text: string, findings: readonly Finding[]): AppliedFixes {
  const withFix = findings.filter((f) => f.fix && f.fix.edits.length > 0);
  // take whole fixes only: every edit of a fix must fit
  const taken: TextEdit[] = [];
  const applied: Finding[] = [];
  const overlaps = (a: TextEdit, b: TextEdit) =>
    (a.range.start.offset < b.range.end.offset && b.range.start.offset < a.range.end.offset) ||
    (a.range.start.offset === b.range.start.offset && a.range.end.offset === a.range.start.offset && b.range.end.offset === b.range.start.offset);
  for (const f of withFix) {
    const edits = f.fix?.edits ?? [];
    if (edits.some((e) => taken.some((t) => overlaps(e, t)))) continue;
    taken.push(...edits);
    applied.push(f);
  }
  let out = text;
  for (const e of [...taken].sort((a, b) => b.range.start.offset - a.range.start.offset)) {
    out = out.slice(0, e.range.start.offset) + e.text + out.slice(e.range.end.offset);
  }
  return { text: out, applied };
}
