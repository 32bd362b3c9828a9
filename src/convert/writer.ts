// Builds the text of a converted Dockerfile. Instructions the user wrote are carried over verbatim with the comments
// above them; new ones are written in the file's own style (line endings, escape character), each explained by a
// `# slimstage:` comment so readers can tell what was added.
import type { DockerfileTree, InstructionItem, Item } from "../syntax/types.js";

/** An instruction of the original file with the comment and blank lines directly above it. */
export interface SourceBlock {
  item: InstructionItem;
  /** Comments and blank lines between the previous instruction and this one. */
  leading: Item[];
}

export interface FileStyle {
  eol: "\n" | "\r\n";
  escape: "\\" | "`";
}

/** Splits a tree into blocks (instruction + its leading trivia), plus what precedes the first and trails the last. */
export function sourceBlocks(tree: DockerfileTree): { header: Item[]; blocks: SourceBlock[]; trailer: Item[] } {
  const header: Item[] = [];
  const blocks: SourceBlock[] = [];
  let pending: Item[] = [];
  for (const item of tree.items) {
    if (item.type === "bom" || item.type === "directive") {
      header.push(item);
      continue;
    }
    if (item.type === "instruction") {
      blocks.push({ item, leading: pending });
      pending = [];
      continue;
    }
    pending.push(item);
  }
  return { header, blocks, trailer: pending };
}

export function styleOf(tree: DockerfileTree): FileStyle {
  const text = tree.items.map((i) => i.raw).join("");
  const crlf = (text.match(/\r\n/g)?.length ?? 0) > (text.match(/(?<!\r)\n/g)?.length ?? 0);
  return { eol: crlf ? "\r\n" : "\n", escape: tree.escapeToken };
}

export class DockerfileWriter {
  private readonly parts: string[] = [];

  constructor(private readonly style: FileStyle) {}

  /** Raw text from the original (BOM, directives, comments). */
  raw(text: string): this {
    // never two blank lines in a row
    if (text.trim() === "" && (this.parts.length === 0 || this.parts.at(-1) === this.style.eol)) return this;
    this.parts.push(ensureEol(text, this.style.eol));
    return this;
  }

  /** An original instruction with its leading comments, unchanged (without them: just the blank line before). */
  block(block: SourceBlock, opts: { leading?: boolean } = {}): this {
    if (opts.leading !== false) for (const t of block.leading) this.raw(t.raw);
    else if (block.leading.length) this.blank();
    this.parts.push(ensureEol(block.item.raw, this.style.eol));
    return this;
  }

  /** A comment line (the text without `#`), set off from the instruction before it by a blank line. */
  comment(text: string): this {
    const last = this.parts.at(-1);
    if (last !== undefined && last !== this.style.eol && !last.trimStart().startsWith("#")) this.parts.push(this.style.eol);
    for (const line of text.split("\n")) this.parts.push(`# ${line}${this.style.eol}`);
    return this;
  }

  blank(): this {
    const last = this.parts.at(-1);
    if (last !== undefined && last !== this.style.eol) this.parts.push(this.style.eol);
    return this;
  }

  /**
   * A new instruction. `lines` are the logical pieces of one instruction; pieces after the first go on
   * continuation lines, indented, like `RUN apt-get update \` / `    && apt-get install …`.
   */
  instruction(lines: string[]): this {
    const { eol, escape } = this.style;
    this.parts.push(lines.map((l, i) => (i === 0 ? l : `    ${l}`)).join(` ${escape}${eol}`) + eol);
    return this;
  }

  toString(): string {
    return this.parts.join("");
  }
}

function ensureEol(text: string, eol: string): string {
  return text.endsWith("\n") ? text : text + eol;
}
