// Dockerfile text → lossless tree, following BuildKit's parser line by line (frontend/dockerfile/parser):
// directives in the leading comment block, continuation lines, comments and empty lines inside continuations,
// heredoc bodies, and the per-instruction argument shapes. Every byte of the input lands in exactly one item.
import { DockerfileError, UsageError, type Position, type Range } from "../errors.js";
import { checkDockerfileText } from "./check.js";
import { leadingSpace, trimSpace } from "./chars.js";
import { heredocMarkers } from "./heredoc.js";
import { LineParseError, parseArgs, shapeOf } from "./line-parsers.js";
import { LineMap, SourceText } from "./source.js";
import { splitCommand } from "./split-command.js";
import type { DirectiveItem, DockerfileTree, EscapeToken, FlagNode, Heredoc, InstructionNode, Item, ParseWarning } from "./types.js";

export interface ParseOptions {
  /** File name used in error messages and kept on the tree. */
  file?: string;
  /** The most characters read (default 64 MiB, the CLI's default input cap); a longer text is a UsageError. */
  maxLength?: number;
}

/** BuildKit reads lines with a 64 KiB scanner buffer. */
const MAX_LINE_BYTES = 65535;

// Go's RE2 \s is [\t\n\f\r ] (no \v)
const directivePattern = /^([a-zA-Z][a-zA-Z0-9]*)[\t\n\f\r ]*=[\t\n\f\r ]*(.+?)[\t\n\f\r ]*$/;
const knownDirectives = new Set(["syntax", "escape", "check"]);

interface PhysicalLine {
  /** Offset of the first character. */
  start: number;
  /** Offset just past the content (before the line ending). */
  contentEnd: number;
  /** Offset just past the line ending. */
  end: number;
}

/** Where each instruction's logical line came from, kept off the tree so the tree stays plain data. */
const origins = new WeakMap<InstructionNode, { map: LineMap; src: SourceText; restStart: number; fallback: number }>();

/**
 * Source position of character `index` of an instruction's argument text (`node.args[0]` for shell forms, i.e.
 * the text after keyword and flags), following continuation lines back to where the character was written.
 */
export function positionInArgs(node: InstructionNode, index: number): Position {
  const o = origins.get(node);
  if (!o) return node.argsRange.start;
  return o.src.position(o.map.toSource(o.restStart + index, o.fallback));
}

/** Source position of character `index` of a heredoc body of an instruction. */
export function positionInHeredoc(node: InstructionNode, heredoc: number, index: number): Position {
  const o = origins.get(node);
  const h = node.heredocs[heredoc];
  if (!o || !h) return node.range.start;
  return o.src.position(h.bodyRange.start.offset + index);
}

export function parseDockerfile(text: string, opts: ParseOptions = {}): DockerfileTree {
  if (typeof opts !== "object" || opts === null) throw new UsageError("parseDockerfile: options must be an object");
  if (opts.file !== undefined && typeof opts.file !== "string") throw new UsageError("parseDockerfile: file must be a string");
  checkDockerfileText(text, "parseDockerfile", opts.maxLength);
  return new Parser(text, opts.file).parse();
}

class Parser {
  private readonly src: SourceText;
  private readonly bomLength: number;
  private pos: number;
  private lineNo = 0;
  private escape: EscapeToken = "\\";
  private continuation = continuationPattern("\\");
  private directivesDone = false;
  private readonly seenDirectives = new Set<string>();
  private readonly items: Item[] = [];
  private readonly directives: DirectiveItem[] = [];
  private readonly instructions: InstructionNode[] = [];
  private readonly warnings: ParseWarning[] = [];

  constructor(
    private readonly text: string,
    private readonly file: string | undefined,
  ) {
    this.bomLength = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    this.src = new SourceText(text, this.bomLength);
    this.pos = this.bomLength;
  }

  parse(): DockerfileTree {
    if (this.bomLength) this.items.push({ type: "bom", raw: this.text.slice(0, 1), range: this.src.range(0, 1) });
    let comments: string[] = [];
    for (let line = this.nextLine(); line; line = this.nextLine()) {
      const content = this.text.slice(line.start, line.contentEnd);
      // BuildKit trims the line ending ("\r\n" and any run of trailing "\r") before it trims leading space, so a
      // CRLF blank line is blank, not an instruction made of "\r"
      const trimmed = trimNewlineEnd(content);
      const lead = leadingSpace(trimmed);
      const isComment = trimmed.charCodeAt(lead) === 0x23; /* # */
      if (isComment) {
        // BuildKit takes the comment text from after the line's first character, so indented comments keep "#"
        const comment = trimSpace(this.text.slice(line.start + 1, line.end));
        // in place: a copy per line was quadratic in a long run of comment lines (20,000 took 4 s)
        if (comment === "") comments = [];
        else comments.push(comment);
      }
      const directive = this.possibleDirective(trimmed.slice(lead), line);
      if (directive) {
        if (isComment) comments.pop();
        this.directives.push(directive);
        this.items.push(directive);
        continue;
      }
      if (isComment) {
        this.items.push({ type: "comment", raw: this.raw(line), range: this.range(line), text: comments.at(-1) ?? "" });
        continue;
      }
      const firstStart = line.start + lead;
      const firstEnd = line.start + trimmed.length;
      if (firstEnd === firstStart) {
        this.items.push({ type: "blank", raw: this.raw(line), range: this.range(line) });
        continue;
      }
      this.instruction(line, firstStart, firstEnd, comments);
      comments = [];
    }
    if (this.instructions.length === 0) {
      const at = this.src.position(this.text.length);
      throw new DockerfileError("file with no instructions", { start: at, end: at }, { file: this.file });
    }
    return {
      file: this.file,
      items: this.items,
      escapeToken: this.escape,
      directives: this.directives,
      instructions: this.instructions,
      warnings: this.warnings,
    };
  }

  private instruction(first: PhysicalLine, firstStart: number, firstEnd: number, comments: string[]): void {
    const map = new LineMap();
    let logical = "";
    let last = first;
    let { text: part, continues } = this.trimContinuation(this.text.slice(firstStart, firstEnd));
    logical += part;
    map.add(firstStart, part.length);
    let emptyContinuation = false;
    while (continues) {
      const line = this.nextLine();
      if (!line) break;
      last = line;
      const content = trimNewlineEnd(this.text.slice(line.start, line.contentEnd));
      this.possibleDirective(content, line);
      const lead = leadingSpace(content);
      if (content.charCodeAt(lead) === 0x23) continue; // comment inside a continuation: skipped
      if (lead === content.length) {
        emptyContinuation = true;
        continue;
      }
      ({ text: part, continues } = this.trimContinuation(content));
      map.add(line.start, part.length);
      logical += part;
    }
    const endOfLogical = this.text.length > 0 ? last.start + trimNewlineEnd(this.text.slice(last.start, last.contentEnd)).length : 0;
    const lineRange = (): Range => this.src.range(first.start, last.contentEnd);
    if (emptyContinuation) {
      this.warnings.push({
        code: "empty-continuation-line",
        message: `Empty continuation line found in: ${logical}`,
        range: lineRange(),
      });
    }

    let node: InstructionNode;
    try {
      node = this.node(logical, 0, logical.length, map, firstStart, comments);
    } catch (e) {
      if (e instanceof LineParseError) {
        const at = e.at === undefined ? firstStart : map.toSource(e.at, firstStart);
        throw new DockerfileError(e.message, this.src.range(at, endOfLogical), { file: this.file });
      }
      throw e;
    }

    const target = node.name === "onbuild" && node.sub ? node.sub : node;
    if (heredocCapable(target) && logical.includes("<<")) {
      for (const marker of heredocMarkers(logical)) {
        const bodyStart = last.end;
        let terminated: PhysicalLine | undefined;
        for (let line = this.nextLine(); line; line = this.nextLine()) {
          last = line;
          let candidate = trimNewlineEnd(this.text.slice(line.start, line.end));
          if (marker.chomp) candidate = candidate.replace(/^\t+/, "");
          if (candidate === marker.name) {
            terminated = line;
            break;
          }
        }
        if (!terminated) {
          throw new DockerfileError(`unterminated heredoc: no line "${marker.name}" ends it`, this.src.range(firstStart, last.end), {
            file: this.file,
          });
        }
        const heredoc: Heredoc = {
          ...marker,
          content: this.text.slice(bodyStart, terminated.start),
          bodyRange: this.src.range(bodyStart, terminated.start),
          terminatorRange: this.src.range(terminated.start, terminated.contentEnd),
        };
        node.heredocs.push(heredoc);
      }
    }
    // one Range object shared by the node and its item (the tree is read-only data)
    const range = lineRange();
    node.range = range;
    this.instructions.push(node);
    this.items.push({ type: "instruction", raw: this.text.slice(first.start, last.end), range, node });
  }

  /** One instruction from logical[from, to): keyword, flags, argument shape (recursing for ONBUILD). */
  private node(logical: string, from: number, to: number, map: LineMap, fallback: number, comments: string[]): InstructionNode {
    const split = splitCommand(logical, this.escape, from, to);
    const range = (s: number, e: number): Range => this.src.range(map.toSource(s, fallback), map.toSourceEnd(e, fallback));
    const name = split.keyword.toLowerCase();
    const flags: FlagNode[] = split.flags.map((f) => {
      const eq = f.text.indexOf("=");
      const body = f.text.startsWith("--") ? f.text.slice(2) : f.text;
      return {
        text: f.text,
        name: eq === -1 ? body : f.text.slice(2, eq),
        value: eq === -1 ? undefined : f.text.slice(eq + 1),
        range: range(f.start, f.end),
      };
    });
    const shape = shapeOf(name);
    let args: string[] = [];
    let json = false;
    let sub: InstructionNode | undefined;
    if (shape === "subcommand") {
      if (split.rest !== "") sub = this.node(logical, split.restSpan.start, split.restSpan.end, map, fallback, []);
    } else {
      try {
        ({ args, json } = parseArgs(shape, split.rest, name, this.escape));
      } catch (e) {
        if (e instanceof LineParseError && e.at === undefined) throw new LineParseError(e.message, split.restSpan.start);
        throw e;
      }
    }
    const node: InstructionNode = {
      type: "instruction",
      keyword: split.keyword,
      name,
      keywordRange: range(split.keywordSpan.start, split.keywordSpan.end),
      flags,
      args,
      json,
      sub,
      heredocs: [],
      original: logical.slice(from, to),
      argsRange: range(split.restSpan.start, split.restSpan.end),
      range: range(split.keywordSpan.start, Math.max(split.restSpan.end, split.keywordSpan.end)),
      comments,
    };
    origins.set(node, { map, src: this.src, restStart: split.restSpan.start, fallback });
    return node;
  }

  private trimContinuation(line: string): { text: string; continues: boolean } {
    const m = this.continuation.exec(line);
    if (!m) return { text: line, continues: false };
    return { text: line.slice(0, m.index) + (m[1] ?? ""), continues: true };
  }

  /** A parser directive, when the directive block is still open; any other line closes it. */
  private possibleDirective(line: string, at: PhysicalLine): DirectiveItem | undefined {
    if (this.directivesDone) return undefined;
    if (!line.startsWith("#")) {
      this.directivesDone = true;
      return undefined;
    }
    const m = directivePattern.exec(line.slice(1 + leadingSpace(line, 1)));
    const key = m?.[1]?.toLowerCase();
    if (!m || !key || !knownDirectives.has(key)) {
      this.directivesDone = true;
      return undefined;
    }
    const range = this.range(at);
    if (this.seenDirectives.has(key)) {
      throw new DockerfileError(`only one ${key} parser directive can be used`, range, { file: this.file });
    }
    this.seenDirectives.add(key);
    const value = m[2] as string;
    if (key === "escape") {
      if (value !== "`" && value !== "\\") {
        throw new DockerfileError(`invalid escape token '${value}' does not match \` or \\`, range, { file: this.file });
      }
      this.escape = value;
      this.continuation = continuationPattern(value);
    }
    return { type: "directive", name: key as DirectiveItem["name"], value, raw: this.raw(at), range };
  }

  private nextLine(): PhysicalLine | undefined {
    const { text } = this;
    if (this.pos >= text.length) return undefined;
    const start = this.pos;
    const nl = text.indexOf("\n", start);
    const end = nl === -1 ? text.length : nl + 1;
    const contentEnd = nl === -1 ? text.length : nl;
    this.pos = end;
    this.lineNo++;
    if (contentEnd - start > MAX_LINE_BYTES / 3 && Buffer.byteLength(text.slice(start, contentEnd)) > MAX_LINE_BYTES) {
      const r = this.src.range(start, contentEnd);
      throw new DockerfileError(`dockerfile line greater than max allowed size of ${MAX_LINE_BYTES}`, r, { file: this.file });
    }
    return { start, contentEnd, end };
  }

  private raw(line: PhysicalLine): string {
    return this.text.slice(line.start, line.end);
  }

  /** A line's range, without its line ending (raw text keeps the ending). */
  private range(line: PhysicalLine): Range {
    return this.src.range(line.start, line.contentEnd);
  }
}

/** `X[ \t]*$` where X is the escape character not preceded by another escape, or alone on the line. */
function continuationPattern(escape: EscapeToken): RegExp {
  const e = escape === "\\" ? "\\\\" : "`";
  return new RegExp(`([^${e}])${e}[ \\t]*$|^${e}[ \\t]*$`);
}

/** Go's bytes.TrimRight(line, "\r\n"). */
function trimNewlineEnd(s: string): string {
  let j = s.length;
  while (j > 0 && (s.charCodeAt(j - 1) === 0x0d || s.charCodeAt(j - 1) === 0x0a)) j--;
  return j === s.length ? s : s.slice(0, j);
}

function heredocCapable(node: InstructionNode): boolean {
  return (node.name === "run" || node.name === "copy" || node.name === "add") && !node.json;
}
