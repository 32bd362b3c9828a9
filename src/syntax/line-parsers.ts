// Per-instruction argument shapes, as BuildKit's line parsers produce them (see docs/parser.md). These only shape
// the arguments; meaning (flags allowed, argument counts) is checked by the model layer.
import { isGoSpace, isSeparatorSpace, leadingSpace } from "./chars.js";
import type { EscapeToken } from "./types.js";

export class LineParseError extends Error {
  /** Index in the parsed text where the problem is, when known. */
  constructor(
    message: string,
    readonly at?: number,
  ) {
    super(message);
  }
}

const errNotStringArray = "when using JSON array syntax, arrays must be comprised of strings only";

export interface ParsedArgs {
  args: string[];
  json: boolean;
}

export type ArgShape = "maybe-json" | "maybe-json-list" | "whitespace" | "string" | "name-val" | "name-or-name-val" | "healthcheck" | "subcommand" | "ignore";

/** Which shape each instruction's arguments take (BuildKit's dispatch table). */
const argShapes: Readonly<Record<string, ArgShape>> = {
  add: "maybe-json-list",
  arg: "name-or-name-val",
  cmd: "maybe-json",
  copy: "maybe-json-list",
  entrypoint: "maybe-json",
  env: "name-val",
  expose: "whitespace",
  from: "whitespace",
  healthcheck: "healthcheck",
  label: "name-val",
  maintainer: "string",
  onbuild: "subcommand",
  run: "maybe-json",
  shell: "maybe-json",
  stopsignal: "string",
  user: "string",
  volume: "maybe-json-list",
  workdir: "string",
};

export function shapeOf(name: string): ArgShape {
  return Object.hasOwn(argShapes, name) ? (argShapes[name] as ArgShape) : "ignore";
}

/** Arguments for every shape except "subcommand", which the parser handles by recursion. */
export function parseArgs(shape: ArgShape, rest: string, keyword: string, escape: EscapeToken): ParsedArgs {
  switch (shape) {
    case "maybe-json":
      return parseMaybeJSON(rest);
    case "maybe-json-list":
      return parseJSON(rest) ?? { args: splitWhitespace(rest), json: false };
    case "whitespace":
      return { args: splitWhitespace(rest), json: false };
    case "string":
      return { args: rest === "" ? [] : [rest], json: false };
    case "name-val":
      return { args: parseNameVal(rest, keyword === "label" ? "LABEL" : "ENV", escape), json: false };
    case "name-or-name-val":
      return { args: parseWords(rest, escape), json: false };
    case "healthcheck":
      return parseHealthConfig(rest);
    case "ignore":
    case "subcommand":
      return { args: [""], json: false };
  }
}

/** Splits on runs of `[\t\v\f\r ]` (no quote handling). */
function splitWhitespace(rest: string): string[] {
  if (rest === "") return [];
  const out: string[] = [];
  let start = 0;
  let i = 0;
  while (i <= rest.length) {
    if (i === rest.length || isSeparatorSpace(rest.charCodeAt(i))) {
      out.push(rest.slice(start, i));
      while (i < rest.length && isSeparatorSpace(rest.charCodeAt(i))) i++;
      start = i;
      if (i === rest.length) break;
      continue;
    }
    i++;
  }
  return out;
}

/** A JSON array of strings, or null when the text is not a JSON array (then BuildKit falls back to shell form). */
function parseJSON(rest: string): ParsedArgs | null {
  const text = rest.slice(leadingSpace(rest));
  if (!text.startsWith("[")) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!Array.isArray(value)) return null;
  for (const v of value) if (typeof v !== "string") throw new LineParseError(errNotStringArray);
  return { args: value as string[], json: true };
}

function parseMaybeJSON(rest: string): ParsedArgs {
  if (rest === "") return { args: [], json: false };
  return parseJSON(rest) ?? { args: [rest], json: false };
}

/** HEALTHCHECK: the first word (CMD, NONE…) as written, then the rest like CMD. */
function parseHealthConfig(rest: string): ParsedArgs {
  let sep = 0;
  while (sep < rest.length && !isGoSpace(rest.charCodeAt(sep))) sep++;
  if (sep === 0) return { args: [], json: false };
  let next = sep;
  while (next < rest.length && isGoSpace(rest.charCodeAt(next))) next++;
  const cmd = parseMaybeJSON(rest.slice(next));
  return { args: [rest.slice(0, sep), ...cmd.args], json: cmd.json };
}

/**
 * Words separated by unquoted whitespace, quotes and escapes kept (they are removed later, at expansion).
 * An escape outside quotes keeps itself and the next character; inside single quotes it is literal.
 */
function parseWords(rest: string, escape: EscapeToken): string[] {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  let quote = "";
  let blankOK = false;
  const n = rest.length;
  for (let pos = 0; pos < n; pos++) {
    let ch = rest[pos] as string;
    if (!inWord && !quote) {
      if (isGoSpace(ch.charCodeAt(0))) continue;
      inWord = true;
    }
    if (!quote) {
      if (isGoSpace(ch.charCodeAt(0))) {
        if (blankOK || word.length > 0) words.push(word);
        word = "";
        blankOK = false;
        inWord = false;
        continue;
      }
      if (ch === "'" || ch === '"') {
        quote = ch;
        blankOK = true;
      }
      if (ch === escape) {
        if (pos + 1 === n) continue;
        word += ch;
        pos++;
        ch = rest[pos] as string;
      }
      word += ch;
      continue;
    }
    // inside quotes; a closing quote falls through and is kept
    let closes = ch === quote;
    if (ch === escape && quote !== "'") {
      if (pos + 1 === n) {
        quote = "";
        continue;
      }
      word += ch;
      pos++;
      ch = rest[pos] as string;
      closes = false;
    }
    if (closes) quote = "";
    word += ch;
  }
  if ((inWord || quote) && (blankOK || word.length > 0)) words.push(word);
  return words;
}

/**
 * ENV/LABEL: `key value sep` triples. `KEY value` (legacy, sep "") when the first word has no `=`,
 * otherwise every word must be `key=value` (sep "=").
 */
function parseNameVal(rest: string, instruction: "ENV" | "LABEL", escape: EscapeToken): string[] {
  const words = parseWords(rest, escape);
  if (words.length === 0) return [];
  if (!(words[0] as string).includes("=")) {
    let i = 0;
    while (i < rest.length && !isSeparatorSpace(rest.charCodeAt(i))) i++;
    if (i === rest.length) throw new LineParseError(`${instruction} must have two arguments`);
    let j = i;
    while (j < rest.length && isSeparatorSpace(rest.charCodeAt(j))) j++;
    return [rest.slice(0, i), rest.slice(j), ""];
  }
  const out: string[] = [];
  for (const word of words) {
    const eq = word.indexOf("=");
    if (eq === -1) {
      throw new LineParseError(`Syntax error - can't find = in ${JSON.stringify(word)}. Must be of the form: name=value`);
    }
    out.push(word.slice(0, eq), word.slice(eq + 1), "=");
  }
  return out;
}
