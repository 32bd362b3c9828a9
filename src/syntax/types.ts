// The lossless syntax tree. Every byte of the input belongs to exactly one item, in order, so printing the items'
// raw text gives the input back; instructions also carry BuildKit's view of them (keyword, flags, arguments).
import type { Range } from "../errors.js";

export type EscapeToken = "\\" | "`";

interface ItemBase {
  /** Exact source text of the item, line endings included. */
  raw: string;
  range: Range;
}

/** A UTF-8 byte order mark at the start of the file. */
export interface BomItem extends ItemBase {
  type: "bom";
}

/** A parser directive (`# syntax=…`, `# escape=…`, `# check=…`) from the leading comment block. */
export interface DirectiveItem extends ItemBase {
  type: "directive";
  /** Lower-case directive name. */
  name: "syntax" | "escape" | "check";
  value: string;
}

/** A comment line outside any instruction. */
export interface CommentItem extends ItemBase {
  type: "comment";
  /** The text after `#`, trimmed. */
  text: string;
}

/** An empty or whitespace-only line outside any instruction. */
export interface BlankItem extends ItemBase {
  type: "blank";
}

/** A `--name=value` word from the front of an instruction, as BuildKit extracts it (quotes and escapes removed). */
export interface FlagNode {
  /** The processed flag word, e.g. `--mount=type=cache,target=/root/.cache`. */
  text: string;
  /** Name without the leading dashes. */
  name: string;
  /** The value after the first `=`, if any. */
  value: string | undefined;
  range: Range;
}

/** A heredoc body attached to RUN/COPY/ADD (or ONBUILD of those). */
export interface Heredoc {
  /** Delimiter word with quotes removed. */
  name: string;
  /** Leading file descriptor digits (`3<<EOF`), 0 when absent. */
  fileDescriptor: number;
  /** False when any part of the delimiter was quoted: the body is not expanded. */
  expand: boolean;
  /** `<<-`: leading tabs are stripped from the body when it is used. */
  chomp: boolean;
  /** Raw body lines, each with its own line ending, terminator excluded. */
  content: string;
  /** Range of the body lines (empty when the body is empty). */
  bodyRange: Range;
  /** Range of the terminator line. */
  terminatorRange: Range;
}

export interface InstructionNode {
  type: "instruction";
  /** Keyword as written (`from`, `FROM`, `Run`…); for unknown instructions the first word. */
  keyword: string;
  /** Lower-case keyword, the way BuildKit dispatches on it. */
  name: string;
  keywordRange: Range;
  flags: FlagNode[];
  /**
   * BuildKit's argument list (the `Next` chain): one string per argument for JSON/whitespace-split forms, the whole
   * rest for shell forms, `key value sep` triples for ENV/LABEL, `TYPE cmd…` for HEALTHCHECK. Empty for ONBUILD.
   */
  args: string[];
  /** Exec (JSON array) form. */
  json: boolean;
  /** The nested instruction of ONBUILD. */
  sub: InstructionNode | undefined;
  heredocs: Heredoc[];
  /** The logical line: continuations joined, continuation characters, comments and empty lines removed. */
  original: string;
  /** Range of the text after the keyword and flags (the arguments), within the logical line. */
  argsRange: Range;
  /** The whole instruction: continuation lines and heredoc bodies included (for ONBUILD's nested one, its text). */
  range: Range;
  /** Comments directly above the instruction (BuildKit's PrevComment). */
  comments: string[];
}

export interface InstructionItem extends ItemBase {
  type: "instruction";
  node: InstructionNode;
}

export type Item = BomItem | DirectiveItem | CommentItem | BlankItem | InstructionItem;

export interface ParseWarning {
  code: "empty-continuation-line";
  message: string;
  range: Range;
}

/** The result of parsing a Dockerfile: the whole file as items, plus what BuildKit's Result carries. */
export interface DockerfileTree {
  file: string | undefined;
  items: Item[];
  escapeToken: EscapeToken;
  directives: DirectiveItem[];
  instructions: InstructionNode[];
  warnings: ParseWarning[];
}
