// Heredoc markers on a RUN/COPY/ADD line. BuildKit splits the whole line into shell words (quotes and escapes
// kept, always with `\` as the escape) and every word of the form `[n]<<[-]WORD` opens a heredoc.
import { isGoSpace } from "./chars.js";

export interface HeredocMarker {
  name: string;
  fileDescriptor: number;
  expand: boolean;
  chomp: boolean;
}

const markerPattern = /^(\d*)<<(-?)[\t\n\f\r ]*([^<]*)$/;

/** Words of a line split on unquoted whitespace, quotes and escapes kept; null when a quote is left open. */
function rawShellWords(line: string): string[] | null {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  let quote = "";
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (quote === "'") {
      word += ch;
      if (ch === "'") quote = "";
      continue;
    }
    if (quote === '"') {
      if (ch === "\\" && i + 1 < line.length) {
        word += ch + line[++i];
        continue;
      }
      word += ch;
      if (ch === '"') quote = "";
      continue;
    }
    if (isGoSpace(ch.charCodeAt(0))) {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
      continue;
    }
    inWord = true;
    if (ch === "\\") {
      if (i + 1 < line.length) word += ch + line[++i];
      continue;
    }
    if (ch === "'" || ch === '"') quote = ch;
    word += ch;
  }
  if (quote) return null;
  if (inWord) words.push(word);
  return words;
}

/** Quote removal for a heredoc delimiter word (variables are not expanded there). */
function unquote(word: string): { value: string; quoted: boolean } {
  let value = "";
  let quoted = false;
  let quote = "";
  for (let i = 0; i < word.length; i++) {
    const ch = word[i] as string;
    if (quote === "'") {
      if (ch === "'") quote = "";
      else value += ch;
      continue;
    }
    if (quote === '"') {
      if (ch === '"') quote = "";
      else if (ch === "\\" && i + 1 < word.length && '"\\$'.includes(word[i + 1] as string)) value += word[++i];
      else value += ch;
      continue;
    }
    if (ch === "'" || ch === '"') {
      quote = ch;
      quoted = true;
      continue;
    }
    if (ch === "\\" && i + 1 < word.length) {
      value += word[++i];
      continue;
    }
    value += ch;
  }
  return { value, quoted };
}

/** The heredoc a single word opens, if any. */
export function parseHeredocMarker(word: string): HeredocMarker | undefined {
  const m = markerPattern.exec(word);
  if (!m) return undefined;
  const rest = m[3] as string;
  if (rest === "") return undefined;
  const { value, quoted } = unquote(rest);
  return { name: value, fileDescriptor: m[1] ? Number.parseInt(m[1], 10) : 0, expand: !quoted, chomp: m[2] === "-" };
}

/** Every heredoc the logical line opens, in order. */
export function heredocMarkers(line: string): HeredocMarker[] {
  const words = rawShellWords(line);
  if (!words) return [];
  const out: HeredocMarker[] = [];
  for (const w of words) {
    const h = parseHeredocMarker(w);
    if (h) out.push(h);
  }
  return out;
}

/** Leading tabs removed from every body line, as `<<-` asks. */
export function chompHeredocContent(content: string): string {
  return content.replace(/^\t+/gm, "");
}
