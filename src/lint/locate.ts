// Positions and ranges inside the source text: offsets ↔ line/column, words inside an instruction, and shell
// command/word ranges of a RUN mapped back into the Dockerfile.
import type { RunAnalysis } from "../analyze/dockerfile.js";
import type { Position, Range } from "../errors.js";
import type { ShellScript } from "../shell/script.js";
import { positionInArgs, positionInHeredoc } from "../syntax/parser.js";
import type { InstructionNode } from "../syntax/types.js";

export class SourceIndex {
  private readonly lineStarts: number[] = [0];
  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }
  position(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.lineStarts[mid] as number) <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: o - (this.lineStarts[lo] as number) + 1, offset: o };
  }
  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }
  /** The text of line `line` (1-based) without its line ending. */
  line(line: number): string {
    const s = this.lineStarts[line - 1];
    if (s === undefined) return "";
    const e = this.lineStarts[line] ?? this.text.length + 1;
    return this.text.slice(s, e - 1).replace(/\r$/, "");
  }
  get lineCount(): number {
    return this.lineStarts.length;
  }
  /** The range of the whole line `line` including its line ending (for deleting lines). */
  lineRange(first: number, last = first): Range {
    const s = this.lineStarts[first - 1] ?? this.text.length;
    const e = this.lineStarts[last] ?? this.text.length;
    return this.range(s, e);
  }
}

/**
 * The range of `needle` inside the instruction's source text (first occurrence at or after `from`, an offset
 * into the instruction). Falls back to the keyword when the word is not written literally (e.g. split by a
 * line continuation).
 */
export function wordRange(src: SourceIndex, node: InstructionNode, needle: string, from = 0): Range {
  const start = node.range.start.offset;
  const raw = src.text.slice(start, node.range.end.offset);
  const i = needle === "" ? -1 : raw.indexOf(needle, from);
  if (i < 0) return node.keywordRange;
  return src.range(start + i, start + i + needle.length);
}

/** Like wordRange, but the needle must be a whole word (bounded by whitespace, quotes, `=` or the ends). */
export function tokenRange(src: SourceIndex, node: InstructionNode, needle: string): Range {
  const start = node.range.start.offset;
  const raw = src.text.slice(start, node.range.end.offset);
  const re = new RegExp(`(^|[\\s"'=,\\[])(${needle.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")})(?=$|[\\s"',\\]])`);
  const m = re.exec(raw);
  if (!m) return wordRange(src, node, needle);
  const i = m.index + (m[1] as string).length;
  return src.range(start + i, start + i + needle.length);
}

/** The first line of an instruction, from the keyword to the end of the line (a short range for whole-instruction findings). */
export function headRange(src: SourceIndex, node: InstructionNode): Range {
  const line = src.line(node.range.start.line);
  const endCol = Math.min(line.length + 1, node.range.end.line === node.range.start.line ? node.range.end.column : line.length + 1);
  const start = node.range.start;
  const end = src.position(start.offset + Math.max(0, endCol - start.column));
  return { start, end: end.offset > start.offset ? end : node.range.end };
}

/** Maps a range inside one of a RUN's scripts back into the Dockerfile. */
export function scriptRange(run: RunAnalysis, script: ShellScript, node: InstructionNode, r: Range): Range {
  const si = run.scripts.indexOf(script);
  if (node.json) return node.argsRange;
  const heredocMode =
    run.scripts.length === node.heredocs.length && node.heredocs.length > 0 && node.heredocs.every((h, i) => run.scripts[i]?.text === h.content);
  const at = (o: number): Position => (heredocMode ? positionInHeredoc(node, si, o) : positionInArgs(node, o));
  const start = at(r.start.offset);
  let end = at(r.end.offset);
  if (end.offset < start.offset) end = start;
  return { start, end };
}
