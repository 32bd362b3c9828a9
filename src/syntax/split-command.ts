// Splits a logical line into keyword, builder flags and the rest, the way BuildKit does before dispatching on the
// keyword. Indices are kept so every part can be located in the source.
import { isGoSpace, isSeparatorSpace, trimSpaceBounds } from "./chars.js";
import type { EscapeToken } from "./types.js";

interface Span {
  start: number;
  end: number;
}

interface FlagWord extends Span {
  text: string;
}

export interface SplitLine {
  keyword: string;
  keywordSpan: Span;
  flags: FlagWord[];
  /** The arguments after the flags, trimmed. */
  rest: string;
  restSpan: Span;
}

export function splitCommand(line: string, escape: EscapeToken, from = 0, to = line.length): SplitLine {
  const [start, end] = trimSpaceBounds(line, from, to);
  let kwEnd = start;
  while (kwEnd < end && !isSeparatorSpace(line.charCodeAt(kwEnd))) kwEnd++;
  const keyword = line.slice(start, kwEnd);
  if (kwEnd === end) {
    return { keyword, keywordSpan: { start, end: kwEnd }, flags: [], rest: "", restSpan: { start: end, end } };
  }
  let argsStart = kwEnd;
  while (argsStart < end && isSeparatorSpace(line.charCodeAt(argsStart))) argsStart++;
  const { flags, restStart } = extractBuilderFlags(line, argsStart, end, escape);
  const [rs, re] = trimSpaceBounds(line, restStart, end);
  return { keyword, keywordSpan: { start, end: kwEnd }, flags, rest: line.slice(rs, re), restSpan: { start: rs, end: re } };
}

/**
 * Takes the leading `--words` off the arguments. Quotes inside a flag word are removed and the escape character
 * takes the next character literally; a bare `--` ends the flags and is dropped.
 */
function extractBuilderFlags(line: string, from: number, to: number, escape: EscapeToken): { flags: FlagWord[]; restStart: number } {
  const flags: FlagWord[] = [];
  let pos = from;
  for (;;) {
    while (pos < to && isGoSpace(line.charCodeAt(pos))) pos++;
    if (pos >= to) return { flags, restStart: to };
    if (line[pos] !== "-" || pos + 1 >= to || line[pos + 1] !== "-") return { flags, restStart: pos };
    const wordStart = pos;
    let text = "";
    let quote = "";
    let quoted = false;
    for (; pos < to; pos++) {
      const ch = line[pos] as string;
      if (quote) {
        if (ch === quote) {
          quote = "";
          continue;
        }
        if (ch === escape) {
          if (pos + 1 === to) {
            quote = "";
            continue;
          }
          pos++;
          text += line[pos];
          continue;
        }
        text += ch;
        continue;
      }
      if (isGoSpace(ch.charCodeAt(0))) break;
      if (ch === "'" || ch === '"') {
        quote = ch;
        quoted = true;
        continue;
      }
      if (ch === escape) {
        if (pos + 1 === to) continue;
        pos++;
        text += line[pos];
        continue;
      }
      text += ch;
    }
    if (text === "--") {
      // `--` ends the flags; what follows (after spaces) is the rest
      return { flags, restStart: pos };
    }
    if (quoted || text.length > 0) flags.push({ text, start: wordStart, end: pos });
    if (pos >= to) return { flags, restStart: to };
  }
}
