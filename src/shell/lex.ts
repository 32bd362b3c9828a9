// BuildKit's Dockerfile word expander: quotes, the escape token, `$VAR` / `${VAR…}` substitution and word
// splitting, as applied to FROM, COPY, ADD, ENV, ARG, LABEL, WORKDIR, USER, EXPOSE, VOLUME, STOPSIGNAL, ONBUILD….
//
// Behaviour follows moby/buildkit frontend/dockerfile/shell/lex.go (read, not copied), including its quirks;
// each one is marked "BuildKit quirk" so nobody "fixes" it. Glob patterns are matched by a small Pike VM with
// RE2's leftmost-first preference instead of JS regular expressions: that keeps Go's results for `*`/`?` and
// cannot backtrack exponentially on hostile patterns.
//
// Offsets are 0-based UTF-16 indexes into the input word; scanning is by code point, like Go's runes.

import { SlimstageError } from "../errors.js";

type EscapeToken = "\\" | "`";
/** Variable lookup: a Map, a plain record, or a function. Unset = undefined. */
export type EnvLookup = ReadonlyMap<string, string> | Readonly<Record<string, string>> | ((name: string) => string | undefined);

export interface ExpandOptions {
  /** default "\\" */
  escapeToken?: EscapeToken;
  /** BuildKit's "skip unset env": leave `$VAR` of unset variables as written instead of expanding to "" */
  skipUnsetEnv?: boolean;
  /**
   * BuildKit's "skip process quotes": quotes are ordinary characters (kept, and they do not group words), only
   * variables are substituted. As in BuildKit the escape token still escapes (`\$A` → `$A`); add `rawEscapes`
   * to keep it too. BuildKit uses this to expand the contents of COPY/ADD heredocs.
   */
  skipProcessQuotes?: boolean;
  /** BuildKit's RawQuotes: quotes are honoured but kept in the output (used for heredoc-word detection). */
  rawQuotes?: boolean;
  /** BuildKit's RawEscapes: escape tokens are honoured but kept in the output (used for heredoc detection). */
  rawEscapes?: boolean;
  /**
   * Longest expanded word, in UTF-16 code units (default `MAX_EXPANDED_LENGTH`, 1 MiB). BuildKit has no such
   * limit; without one `ENV A=$A$A` repeated 27 times needs gigabytes. Longer results fail with a
   * ShellExpansionError instead.
   */
  maxLength?: number;
}

/** Default `maxLength`: 16 times BuildKit's longest physical line, far above any real word. */
export const MAX_EXPANDED_LENGTH = 1 << 20;
/**
 * Most steps one `${X#pattern}` / `${X/pattern/y}` may take (value length × pattern size): the glob matcher runs
 * in O(value × pattern), so two long words would otherwise take hours.
 */
const MAX_GLOB_WORK = 1 << 26;

export interface WordResult {
  value: string;
  matched: Set<string>;
  unmatched: Set<string>;
}

export interface WordsResult {
  words: string[];
  matched: Set<string>;
  unmatched: Set<string>;
}

/** Bad input to the expander: unterminated quotes or `${`, bad substitutions, `${VAR?msg}` failures. */
export class ShellExpansionError extends SlimstageError {
  override name = "ShellExpansionError";
  /** The message without location, worded like BuildKit's. */
  readonly reason: string;
  /** 0-based offset in the input word where the problem is (UTF-16 code units). */
  readonly offset: number;
  /** The input word. */
  readonly word: string;

  constructor(reason: string, offset: number, word: string) {
    super(reason);
    this.reason = reason;
    this.offset = offset;
    this.word = word;
  }
}

/** Expand one word (quotes removed, variables substituted), like BuildKit's ProcessWord. */
export function processWord(word: string, env: EnvLookup, opts: ExpandOptions = {}): WordResult {
  const r = expand(word, env, opts);
  return { value: r.value, matched: r.matched, unmatched: r.unmatched };
}

/** Expand and split into words on unquoted whitespace, like BuildKit's ProcessWords. */
export function processWords(word: string, env: EnvLookup, opts: ExpandOptions = {}): WordsResult {
  const r = expand(word, env, opts);
  return { words: r.words, matched: r.matched, unmatched: r.unmatched };
}

interface Expansion {
  value: string;
  words: string[];
  matched: Set<string>;
  unmatched: Set<string>;
}

function expand(word: string, env: EnvLookup, opts: ExpandOptions): Expansion {
  const ex = new Expander(word, toLookup(env), opts);
  const { text, words } = ex.run();
  return { value: text, words, matched: ex.matched, unmatched: ex.unmatched };
}

function toLookup(env: EnvLookup): (name: string) => string | undefined {
  if (typeof env === "function") return env;
  if (isMapLike(env)) return (name) => env.get(name);
  return (name) => (Object.prototype.hasOwnProperty.call(env, name) ? env[name] : undefined);
}

function isMapLike(env: EnvLookup): env is ReadonlyMap<string, string> {
  // A record's values are strings, so a callable `get` can only belong to a Map.
  return typeof (env as { get?: unknown }).get === "function";
}

const BOM = "\uFEFF";
/** Go prints an invalid rune (its EOF marker) as U+FFFD; some messages show it. */
const BAD_RUNE = "\uFFFD";
/** Nested `${…}` levels allowed; real Dockerfiles use a handful, and this keeps the JS stack safe. */
const MAX_NESTING = 500;

const LETTER = /^\p{L}$/u;
const DIGIT = /^\p{Nd}$/u;
const SPACE = /^\p{White_Space}$/u;
const isLetter = (ch: string): boolean => LETTER.test(ch);
const isDigit = (ch: string): boolean => DIGIT.test(ch);
// ASCII first: the Unicode property test costs more than the rest of the scan
const isSpace = (ch: string): boolean => {
  const c = ch.charCodeAt(0);
  return c < 0x80 ? c === 0x20 || (c >= 0x09 && c <= 0x0d) : SPACE.test(ch);
};
const SPACE_RUN = /\p{White_Space}+/gu;

/** POSIX special parameters; `0` never gets here because digits are read first. */
const SPECIAL_PARAMS = new Set(["@", "*", "#", "?", "-", "$", "!", "0"]);

/**
 * Collects expanded text into words. BuildKit quirk: every collector of one expansion shares a single buffer and
 * each starts by clearing it, so the unfinished word before a nested `${NAME<op>…}` is dropped from the word list
 * (`ab${X:-c}` splits to ["c"]), though the single-word value keeps it.
 */
class WordCollector {
  readonly words: string[] = [];
  private inWord = false;

  constructor(private readonly buf: { text: string }) {
    buf.text = "";
  }

  /** Expanded text: unquoted whitespace separates words. */
  addSplit(s: string): void {
    // runs at a time: a variable's value can be a megabyte
    let from = 0;
    SPACE_RUN.lastIndex = 0;
    for (let m = SPACE_RUN.exec(s); m; m = SPACE_RUN.exec(s)) {
      if (m.index > from) this.addRaw(s.slice(from, m.index));
      this.endWord();
      from = m.index + m[0].length;
    }
    if (from < s.length) this.addRaw(s.slice(from));
  }

  addChar(ch: string): void {
    if (isSpace(ch)) this.endWord();
    else this.addRaw(ch);
  }

  /** Unquoted whitespace. */
  private endWord(): void {
    if (this.inWord && this.buf.text.length !== 0) {
      this.words.push(this.buf.text);
      this.buf.text = "";
      this.inWord = false;
    }
  }

  /** Quoted or escaped text: never splits, and even "" starts a word (that stays empty and is dropped). */
  addRaw(s: string): void {
    this.buf.text += s;
    this.inWord = true;
  }

  finish(): string[] {
    if (this.buf.text.length > 0) {
      this.words.push(this.buf.text);
      this.buf.text = "";
      this.inWord = false;
    }
    return this.words;
  }
}

class Expander {
  readonly matched = new Set<string>();
  readonly unmatched = new Set<string>();
  private readonly chars: string[];
  /** UTF-16 offset of each code point, plus one past the end. */
  private readonly offsets: number[];
  private readonly escape: string;
  private readonly wordBuf = { text: "" };
  private pos = 0;
  private rawEscapes: boolean;
  private depth = 0;
  private readonly maxLength: number;

  constructor(
    private readonly input: string,
    private readonly lookup: (name: string) => string | undefined,
    private readonly opts: ExpandOptions,
  ) {
    this.chars = Array.from(input);
    this.offsets = new Array<number>(this.chars.length + 1);
    let off = 0;
    for (let i = 0; i < this.chars.length; i++) {
      this.offsets[i] = off;
      off += this.chars[i]!.length;
    }
    this.offsets[this.chars.length] = off;
    this.escape = opts.escapeToken ?? "\\";
    this.rawEscapes = opts.rawEscapes ?? false;
    this.maxLength = opts.maxLength ?? MAX_EXPANDED_LENGTH;
    // BuildKit quirk: Go's text/scanner silently drops a byte-order mark at the start of the input.
    if (this.chars[0] === BOM) this.pos = 1;
  }

  run(): { text: string; words: string[] } {
    return this.readUntil(undefined, this.opts.rawEscapes ?? false);
  }

  private peek(): string | undefined {
    return this.chars[this.pos];
  }

  private next(): string | undefined {
    const ch = this.chars[this.pos];
    if (ch !== undefined) this.pos++;
    return ch;
  }

  private offsetAt(pos: number): number {
    return this.offsets[Math.min(pos, this.chars.length)]!;
  }

  private fail(reason: string, offset: number): ShellExpansionError {
    return new ShellExpansionError(reason, offset, this.input);
  }

  /** Fails once a growing result passes `maxLength`, before it can grow any further. */
  private checkLength(length: number, offset: number): void {
    if (length > this.maxLength) throw this.fail(`expanded word longer than ${this.maxLength} characters (slimstage's limit)`, offset);
  }

  /** Expands up to (and consuming) `stop`, or to the end of input when `stop` is undefined. */
  private readUntil(stop: string | undefined, rawEscapes: boolean): { text: string; words: string[] } {
    if (this.depth >= MAX_NESTING) {
      throw this.fail(`expansion nested more than ${MAX_NESTING} levels deep`, this.offsetAt(this.pos));
    }
    const savedRaw = this.rawEscapes;
    this.rawEscapes = rawEscapes;
    this.depth++;
    try {
      return this.scan(stop);
    } finally {
      this.depth--;
      this.rawEscapes = savedRaw;
    }
  }

  private scan(stop: string | undefined): { text: string; words: string[] } {
    const words = new WordCollector(this.wordBuf);
    const quotes = !this.opts.skipProcessQuotes;
    let text = "";
    for (let ch = this.peek(); ch !== undefined; ch = this.peek()) {
      if (ch === stop) {
        this.pos++;
        return { text, words: words.finish() };
      }
      if (ch === "$") {
        const at = this.offsetAt(this.pos);
        const value = this.dollar();
        this.checkLength(text.length + value.length, at);
        text += value;
        words.addSplit(value);
        continue;
      }
      let unsplit: string | undefined;
      if (ch === "<") unsplit = this.heredocMarker();
      else if (quotes && ch === "'") unsplit = this.singleQuoted();
      else if (quotes && ch === '"') unsplit = this.doubleQuoted();
      if (unsplit !== undefined) {
        text += unsplit;
        words.addRaw(unsplit);
        continue;
      }
      this.pos++;
      if (ch === this.escape) {
        if (this.rawEscapes) {
          words.addRaw(ch);
          text += ch;
        }
        const escaped = this.next();
        if (escaped === undefined) break; // a trailing escape token is dropped
        words.addRaw(escaped);
        text += escaped;
        continue;
      }
      words.addChar(ch);
      text += ch;
    }
    this.checkLength(text.length, this.offsetAt(this.pos));
    if (stop !== undefined) {
      // Callers replace this with their own "missing" message; it only escapes from there when nested oddly.
      throw this.fail(`unexpected end of statement while looking for matching ${stop}`, this.offsetAt(this.pos));
    }
    return { text, words: words.finish() };
  }

  private singleQuoted(): string {
    const at = this.offsetAt(this.pos);
    const raw = this.opts.rawQuotes ?? false;
    this.pos++;
    let out = raw ? "'" : "";
    for (;;) {
      const ch = this.next();
      if (ch === undefined) throw this.fail("unexpected end of statement while looking for matching single-quote", at);
      if (ch === "'") return raw ? out + ch : out;
      out += ch;
    }
  }

  private doubleQuoted(): string {
    const at = this.offsetAt(this.pos);
    const raw = this.opts.rawQuotes ?? false;
    this.pos++;
    let out = raw ? '"' : "";
    for (;;) {
      const ch = this.peek();
      if (ch === undefined) throw this.fail("unexpected end of statement while looking for matching double-quote", at);
      if (ch === '"') {
        this.pos++;
        return raw ? out + ch : out;
      }
      if (ch === "$") {
        const dollarAt = this.offsetAt(this.pos);
        const value = this.dollar();
        this.checkLength(out.length + value.length, dollarAt);
        out += value;
        continue;
      }
      this.pos++;
      if (ch === this.escape) {
        // BuildKit quirk: with raw escapes the token is written here *and* again below when it escapes
        // nothing special, so "\t" comes out as `\\t`.
        if (this.rawEscapes) out += ch;
        const next = this.peek();
        if (next === undefined) continue; // reported as an unterminated quote on the next turn
        if (next === '"' || next === "$" || next === this.escape) {
          this.pos++;
          out += next;
          continue;
        }
      }
      out += ch;
    }
  }

  /** `<<` plus following blanks stay together in one word, so heredoc markers survive word splitting. */
  private heredocMarker(): string {
    this.pos++;
    if (this.peek() !== "<") return "<";
    this.pos++;
    let out = "<<";
    for (let ch = this.peek(); ch === " " || ch === "\t" || ch === "\r"; ch = this.peek()) {
      out += ch;
      this.pos++;
    }
    return out;
  }

  private getEnv(name: string): string | undefined {
    const value = this.lookup(name);
    if (value === undefined) this.unmatched.add(name);
    else this.matched.add(name);
    return value;
  }

  private readName(): string {
    let name = "";
    for (let ch = this.peek(); ch !== undefined; ch = this.peek()) {
      if (name === "" && isDigit(ch)) {
        // Positional parameters take every following digit: `$10x` is parameter "10".
        for (let d = this.peek(); d !== undefined && isDigit(d); d = this.peek()) name += this.next();
        return name;
      }
      if (name === "" && SPECIAL_PARAMS.has(ch)) {
        this.pos++;
        return ch;
      }
      if (!isLetter(ch) && !isDigit(ch) && ch !== "_") break;
      name += ch;
      this.pos++;
    }
    return name;
  }

  private dollar(): string {
    const at = this.offsetAt(this.pos);
    this.pos++;
    if (this.peek() !== "{") {
      const name = this.readName();
      if (name === "") return "$";
      const value = this.getEnv(name);
      if (value === undefined && this.opts.skipUnsetEnv) return "$" + name;
      return value ?? "";
    }
    this.pos++;
    const first = this.peek();
    if (first === undefined) throw this.fail("syntax error: missing '}'", at);
    if (first === "{" || first === "}" || first === ":") throw this.fail("syntax error: bad substitution", at);
    const name = this.readName();
    const modAt = this.offsetAt(this.pos);
    const ch = this.next();
    switch (ch) {
      case undefined:
        // BuildKit says "unsupported modifier (\uFFFD) in substitution" here; this is the same error, readable.
        throw this.fail("syntax error: missing '}'", at);
      case "}": {
        const value = this.getEnv(name);
        if (value === undefined && this.opts.skipUnsetEnv) return "${" + name + "}";
        return value ?? "";
      }
      case ":":
      case "+":
      case "-":
      case "?":
      case "#":
      case "%":
        return this.modifier(name, ch, at, modAt);
      case "/":
        return this.substitute(name, at);
      default:
        throw this.fail(`unsupported modifier (${ch}) in substitution`, modAt);
    }
  }

  /** Reads a nested word up to `stop`; running out of input becomes the caller's "missing" error. */
  private nested(stop: string, rawEscapes: boolean, missing: string, at: number): string {
    try {
      return this.readUntil(stop, rawEscapes).text;
    } catch (err) {
      if (err instanceof ShellExpansionError && this.peek() === undefined) throw this.fail(missing, at);
      throw err;
    }
  }

  private modifier(name: string, first: string, at: number, modAt: number): string {
    let op: string | undefined = first;
    let chs = first;
    const nullIsUnset = first === ":";
    if (nullIsUnset) {
      // BuildKit quirk: whatever follows the colon is taken as the operator and the word is read before it
      // is rejected, so with skipUnsetEnv an unset `${X:=y}` survives as written instead of failing.
      op = this.next();
      chs += op ?? BAD_RUNE;
    }
    const isPattern = op === "#" || op === "%";
    if (nullIsUnset && isPattern) throw this.fail(`unsupported modifier (${chs}) in substitution`, modAt);
    // Pattern words keep their escapes: they are still glob syntax.
    const word = this.nested("}", isPattern, "syntax error: missing '}'", at);
    const value = this.getEnv(name);
    if (value === undefined && this.opts.skipUnsetEnv) return "${" + name + chs + word + "}";
    const unsetOrNull = value === undefined || (nullIsUnset && value === "");
    switch (op) {
      case "-":
        return unsetOrNull ? word : (value ?? "");
      case "+":
        return unsetOrNull ? "" : word;
      case "?":
        if (value === undefined) throw this.fail(`${name}: ${word || "is not allowed to be unset"}`, at);
        if (nullIsUnset && value === "") throw this.fail(`${name}: ${word || "is not allowed to be empty"}`, at);
        return value;
      case "#":
      case "%": {
        // `##` / `%%`: the doubled operator arrives as the word's first character (even from a variable).
        const greedy = word.startsWith(op);
        const pattern = greedy ? word.slice(1) : word;
        this.checkGlobWork(value ?? "", pattern, at);
        try {
          return op === "%" ? trimSuffix(pattern, value ?? "", greedy) : trimPrefix(pattern, value ?? "", greedy);
        } catch (err) {
          if (err instanceof GlobError) throw this.fail(err.message, at);
          throw err;
        }
      }
      default:
        throw this.fail(`unsupported modifier (${chs}) in substitution`, modAt);
    }
  }

  /** `${NAME/pattern/replacement}` and `${NAME//pattern/replacement}`. */
  private substitute(name: string, at: number): string {
    const all = this.peek() === "/";
    if (all) this.pos++;
    const pattern = this.nested("/", true, "syntax error: missing '/' in ${}", at);
    const replacement = this.nested("}", true, "syntax error: missing '}'", at);
    const value = this.getEnv(name);
    // BuildKit quirk: `//` is written back as a single `/`.
    if (value === undefined && this.opts.skipUnsetEnv) return "${" + name + "/" + pattern + "/" + replacement + "}";
    this.checkGlobWork(value ?? "", pattern, at);
    let glob: Program;
    try {
      glob = compileGlob(pattern, true);
    } catch (err) {
      if (err instanceof GlobError) throw this.fail(err.message, at);
      throw err;
    }
    const result = all ? replaceAll(glob, value ?? "", replacement, this.maxLength) : replaceFirst(glob, value ?? "", replacement);
    if (result === undefined) this.checkLength(Infinity, at);
    return result as string;
  }

  private checkGlobWork(value: string, pattern: string, at: number): void {
    if (value.length * (pattern.length + 1) > MAX_GLOB_WORK) {
      throw this.fail(`pattern of ${pattern.length} characters on a value of ${value.length} is too much work (slimstage's limit)`, at);
    }
  }
}

// ---- Glob patterns (`*`, `?`, `\` escapes; no brackets), matched with RE2's leftmost-first preference ----

class GlobError extends Error {}

type Inst = { op: "char"; ch: string } | { op: "any" } | { op: "split"; first: number; second: number } | { op: "jmp"; to: number } | { op: "match" };
type Program = Inst[];

/**
 * Compiles a glob pattern. `*` is greedy or lazy per `greedy`; `*` and `?` never match a newline (they stand for
 * Go's `.`). `\` escapes `*`, `?`, `\`; before `}` or `/` it is dropped; before anything else it is an error.
 */
function compileGlob(pattern: string, greedy: boolean): Program {
  const cps = Array.from(pattern);
  const prog: Program = [];
  // BuildKit quirk: the pattern is read with text/scanner too, which drops a leading byte-order mark.
  let i = cps[0] === BOM ? 1 : 0;
  while (i < cps.length) {
    let tok = cps[i++]!;
    if (tok === "*") {
      const k = prog.length;
      prog.push(greedy ? { op: "split", first: k + 1, second: k + 3 } : { op: "split", first: k + 3, second: k + 1 }, { op: "any" }, { op: "jmp", to: k });
      continue;
    }
    if (tok === "?") {
      prog.push({ op: "any" });
      continue;
    }
    if (tok === "\\") {
      const next = cps[i];
      if (next === "}" || next === "/") continue;
      i++;
      if (next !== "*" && next !== "?" && next !== "\\") {
        throw new GlobError(`invalid pattern (${pattern}) in substitution: invalid escape '\\${next ?? BAD_RUNE}'`);
      }
      tok = next;
    }
    prog.push({ op: "char", ch: tok });
  }
  prog.push({ op: "match" });
  return prog;
}

interface Thread {
  pc: number;
  start: number;
}

/** Adds the thread at `pc` and everything reachable without input, in priority order (iteratively: `****…`). */
function addThread(prog: Program, list: Thread[], seen: Int32Array, gen: number, pc: number, start: number): void {
  const stack = [pc];
  while (stack.length > 0) {
    const at = stack.pop()!;
    if (seen[at] === gen) continue;
    seen[at] = gen;
    const inst = prog[at]!;
    if (inst.op === "jmp") stack.push(inst.to);
    else if (inst.op === "split") stack.push(inst.second, inst.first);
    else list.push({ pc: at, start });
  }
}

/**
 * Finds the match Go's regexp would report (leftmost, then first by preference) in code points `text` from
 * `from`; `anchored` only tries `from` itself. Runs in O(text × pattern).
 */
function search(prog: Program, text: readonly string[], from: number, anchored: boolean): [number, number] | undefined {
  const seen = new Int32Array(prog.length);
  let gen = 1;
  let clist: Thread[] = [];
  let found: [number, number] | undefined;
  for (let pos = from; ; pos++) {
    if (found === undefined && (!anchored || pos === from)) addThread(prog, clist, seen, gen, 0, pos);
    if (clist.length === 0) break;
    const ch = text[pos];
    const nlist: Thread[] = [];
    const ngen = gen + 1;
    for (const t of clist) {
      const inst = prog[t.pc]!;
      if (inst.op === "match") {
        found = [t.start, pos];
        break; // lower-priority threads lose to this match
      }
      if (ch === undefined) continue;
      if ((inst.op === "char" && inst.ch === ch) || (inst.op === "any" && ch !== "\n")) {
        addThread(prog, nlist, seen, ngen, t.pc + 1, t.start);
      }
    }
    if (pos >= text.length) break;
    clist = nlist;
    gen = ngen;
  }
  return found;
}

function trimPrefix(pattern: string, value: string, greedy: boolean): string {
  const prog = compileGlob(pattern, greedy);
  const text = Array.from(value);
  const m = search(prog, text, 0, true);
  return m ? text.slice(m[1]).join("") : value;
}

/** Shortest/longest suffix removal, done as a prefix removal on the reversed pattern and value. */
function trimSuffix(pattern: string, value: string, greedy: boolean): string {
  const reversed = trimPrefix(reversePattern(pattern), reverseString(value), greedy);
  return reverseString(reversed);
}

function reverseString(s: string): string {
  return Array.from(s).reverse().join("");
}

/** Reverses a pattern but keeps each `\x` pair in order (`a\*c` → `c\*a`). */
function reversePattern(pattern: string): string {
  const cps = Array.from(pattern);
  const last = cps.length - 1;
  const out = new Array<string>(cps.length);
  for (let i = 0; i <= last;) {
    const tok = cps[i]!;
    const to = last - i;
    if (tok === "\\" && i !== last) {
      out[to - 1] = tok;
      out[to] = cps[i + 1]!;
      i += 2;
    } else {
      out[to] = tok;
      i++;
    }
  }
  return out.join("");
}

function replaceFirst(prog: Program, value: string, replacement: string): string {
  const text = Array.from(value);
  const m = search(prog, text, 0, false);
  if (!m) return value;
  return text.slice(0, m[0]).join("") + replacement + text.slice(m[1]).join("");
}

/**
 * Go's Regexp.ReplaceAllString: an empty match right after a match is not replaced, the search always moves on
 * by at least one character, and the replacement is a template (`$0` / `${0}` is the match, `$$` a dollar).
 */
function replaceAll(prog: Program, value: string, template: string, maxLength: number): string | undefined {
  const text = Array.from(value);
  let out = "";
  let lastEnd = 0;
  let searchPos = 0;
  while (searchPos <= text.length) {
    const m = search(prog, text, searchPos, false);
    if (!m) break;
    out += text.slice(lastEnd, m[0]).join("");
    if (m[1] > lastEnd || m[0] === 0) out += expandTemplate(template, text.slice(m[0], m[1]).join(""));
    if (out.length > maxLength) return undefined; // each match may add a whole replacement: stop early
    lastEnd = m[1];
    searchPos = m[1] > searchPos ? m[1] : searchPos + 1;
  }
  return out + text.slice(lastEnd).join("");
}

/** Go's Regexp.Expand for a pattern without groups: only group 0 (the whole match) has text. */
function expandTemplate(template: string, whole: string): string {
  let out = "";
  let rest = template;
  for (let i = rest.indexOf("$"); i >= 0; i = rest.indexOf("$")) {
    out += rest.slice(0, i);
    rest = rest.slice(i + 1);
    if (rest.startsWith("$")) {
      out += "$";
      rest = rest.slice(1);
      continue;
    }
    const ref = templateRef(rest);
    if (ref === undefined) {
      out += "$"; // malformed reference: the dollar is literal
      continue;
    }
    rest = ref.rest;
    if (ref.name === "0") out += whole;
  }
  return out + rest;
}

/** Parses `name` or `{name}` after a `$` in a replacement template; names are letters, digits and `_`. */
function templateRef(s: string): { name: string; rest: string } | undefined {
  const brace = s.startsWith("{");
  const begin = brace ? 1 : 0;
  let end = begin;
  for (const ch of s.slice(begin)) {
    if (!isLetter(ch) && !isDigit(ch) && ch !== "_") break;
    end += ch.length;
  }
  if (end === begin) return undefined;
  const name = s.slice(begin, end);
  if (brace) {
    if (s[end] !== "}") return undefined;
    end++;
  }
  return { name, rest: s.slice(end) };
}
