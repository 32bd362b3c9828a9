// Maps offsets in the source text to 1-based line/column positions.
import type { Position, Range } from "../errors.js";

export class SourceText {
  /** Offset where each physical line starts (line 1 = index 0, after a BOM). */
  readonly lineStarts: number[];

  constructor(
    readonly text: string,
    bomLength = 0,
  ) {
    const starts = [bomLength];
    let i = text.indexOf("\n");
    while (i !== -1) {
      starts.push(i + 1);
      i = text.indexOf("\n", i + 1);
    }
    this.lineStarts = starts;
  }

  position(offset: number): Position {
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    const lineStart = starts[lo] as number;
    return { line: lo + 1, column: Math.max(offset - lineStart, 0) + 1, offset };
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }
}

/**
 * The logical line of an instruction is made of slices of the source (the first line left-trimmed, continuation
 * characters and skipped lines left out). A LineMap turns an index in the logical line back into a source offset.
 */
export class LineMap {
  private readonly logicalStarts: number[] = [];
  private readonly sourceStarts: number[] = [];
  private length = 0;

  add(sourceStart: number, length: number): void {
    if (length === 0) return;
    this.logicalStarts.push(this.length);
    this.sourceStarts.push(sourceStart);
    this.length += length;
  }

  /** Source offset of logical index `i` (the end of the line maps just past the last mapped character). */
  toSource(i: number, fallback: number): number {
    const n = this.logicalStarts.length;
    if (n === 0) return fallback;
    let k = n - 1;
    while (k > 0 && (this.logicalStarts[k] as number) > i) k--;
    const base = this.logicalStarts[k] as number;
    const next = k + 1 < n ? (this.logicalStarts[k + 1] as number) : this.length;
    if (i >= next && k === n - 1) return (this.sourceStarts[k] as number) + (next - base);
    return (this.sourceStarts[k] as number) + (i - base);
  }

  /** Source offset for an end index (exclusive): stays at the end of the previous slice, not the next one's start. */
  toSourceEnd(i: number, fallback: number): number {
    if (i <= 0) return this.toSource(0, fallback);
    return this.toSource(i - 1, fallback) + 1;
  }
}
