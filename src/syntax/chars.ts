// Character classes exactly as Go's standard library defines them, since BuildKit's parser is written in Go:
// unicode.IsSpace differs from JavaScript's \s (Go counts U+0085, JS counts U+FEFF).

export function isGoSpace(code: number): boolean {
  if (code <= 0xff) {
    return code === 0x20 || (code >= 0x09 && code <= 0x0d) || code === 0x85 || code === 0xa0;
  }
  return code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000;
}

/** Number of leading Go-whitespace code units in `s` from `from`. */
export function leadingSpace(s: string, from = 0, to = s.length): number {
  let i = from;
  while (i < to && isGoSpace(s.charCodeAt(i))) i++;
  return i - from;
}

/** Index just past the last non-space character of s[from, to). */
function trimEndIndex(s: string, from = 0, to = s.length): number {
  let j = to;
  while (j > from && isGoSpace(s.charCodeAt(j - 1))) j--;
  return j;
}

/** Go's strings.TrimSpace as start/end indices. */
export function trimSpaceBounds(s: string, from = 0, to = s.length): [number, number] {
  const start = from + leadingSpace(s, from, to);
  return [start, trimEndIndex(s, start, to)];
}

export function trimSpace(s: string): string {
  const [a, b] = trimSpaceBounds(s);
  return s.slice(a, b);
}

/** BuildKit's `[\t\v\f\r ]+` separator (ASCII only, no newline). */
export function isSeparatorSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0b || code === 0x0c || code === 0x0d;
}

/** Go's strconv.Quote: how BuildKit's AST dump prints every value. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    switch (ch) {
      case '"':
        out += '\\"';
        continue;
      case "\\":
        out += "\\\\";
        continue;
      case "\x07":
        out += "\\a";
        continue;
      case "\b":
        out += "\\b";
        continue;
      case "\f":
        out += "\\f";
        continue;
      case "\n":
        out += "\\n";
        continue;
      case "\r":
        out += "\\r";
        continue;
      case "\t":
        out += "\\t";
        continue;
      case "\v":
        out += "\\v";
        continue;
    }
    if (cp >= 0xd800 && cp <= 0xdfff) {
      // a lone surrogate cannot be UTF-8; Go would see the replacement character
      out += "\\ufffd";
    } else if (isGoPrint(ch, cp)) {
      out += ch;
    } else if (cp < 0x80) {
      out += "\\x" + cp.toString(16).padStart(2, "0");
    } else if (cp < 0x10000) {
      out += "\\u" + cp.toString(16).padStart(4, "0");
    } else {
      out += "\\U" + cp.toString(16).padStart(8, "0");
    }
  }
  return out + '"';
}

const printable = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

function isGoPrint(ch: string, cp: number): boolean {
  if (cp < 0x80) return cp >= 0x20 && cp < 0x7f;
  return printable.test(ch);
}
