// Builds the text of a converted Dockerfile. Instructions the user wrote are carried over verbatim with the comments
// above them; new ones are written in the file's own style (line endings, escape character), each explained by a
// `# slimstage:` comment so readers can tell what was added.
import type { FromInstruction } from "../model/instructions.js";
import { imageWorkdir } from "../knowledge/index.js";
import type { Stage, Step } from "../model/stages.js";
import type { DockerfileTree, InstructionItem, Item } from "../syntax/types.js";
import type { ConvertPlan, PlannedLine } from "./types.js";

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

/**
 * The converted file, from the plan alone: the original up to the split stage, the builder (the original FROM
 * renamed, then the planned lines), the final stage, and what trails the last instruction.
 */
export function renderPlan(tree: DockerfileTree, stage: { from: FromInstruction; steps: readonly Step[] }, plan: ConvertPlan): string {
  const layout = plan.layout;
  if (!layout) throw new Error("renderPlan: the plan has no layout");
  const { header, blocks, trailer } = sourceBlocks(tree);
  const byNode = new Map<InstructionItem["node"], SourceBlock>(blocks.map((b) => [b.item.node, b]));
  const blockOf = (step: number) => byNode.get(stage.steps[step]!.instruction.node) as SourceBlock;
  const w = new DockerfileWriter(styleOf(tree));
  for (const h of header) w.raw(h.raw);
  // everything before this stage (global ARGs, earlier stages) stays as it is
  for (const b of blocks) {
    if (b.item.node === stage.from.node) break;
    w.block(b);
  }
  const fromBlock = byNode.get(stage.from.node) as SourceBlock;
  for (const t of fromBlock.leading) w.raw(t.raw);
  w.raw(renameStage(fromBlock.item.raw, plan.builderName, stage.from.stageNameRaw, stage.from));
  const put = (l: PlannedLine) => {
    if (l.kind === "original") {
      w.block(blockOf(l.step), { leading: l.leading });
      return;
    }
    if (l.blankBefore) w.blank();
    if (l.leadingOf !== undefined) for (const t of blockOf(l.leadingOf).leading) w.raw(t.raw);
    w.comment(l.comment);
    for (const ins of l.instructions) w.instruction(ins);
    if (l.blankAfter) w.blank();
  };
  layout.builder.forEach(put);
  layout.final.forEach(put);
  for (const t of trailer) w.raw(t.raw);
  return w.toString();
}

/** The FROM line with the builder's stage name (replacing the original name, which moves to the final stage). */
function renameStage(raw: string, builder: string, original: string | undefined, from: FromInstruction): string {
  const eol = /\r?\n$/.exec(raw)?.[0] ?? "\n";
  if (original) {
    const renamed = raw.replace(new RegExp(`(\\s)(as)((?:\\s|\\\\\\r?\\n|\`\\r?\\n)+)${escapeRe(original)}(\\s*)$`, "i"), `$1$2$3${builder}$4`);
    if (renamed !== raw) return renamed;
    // the name is somewhere the pattern does not reach: write the line anew from its parts
    const flags = from.node.flags.map((f) => f.text).join(" ");
    return `FROM ${flags ? `${flags} ` : ""}${from.image} AS ${builder}${eol}`;
  }
  const m = /^([\s\S]*?)([ \t]*)(\r?\n)?$/.exec(raw) as RegExpExecArray;
  return `${m[1]} AS ${builder}${m[3] ?? eol}`;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * The file with one stage's FROM replaced by what `replace` writes (comments before the FROM are kept, every
 * other line as written): the re-based final stage of an already multi-stage file (rebase.ts, multi-stage.ts).
 */
export function replaceFrom(tree: DockerfileTree, fromNode: Stage["from"]["node"], replace: (w: DockerfileWriter) => void): string {
  const w = new DockerfileWriter(styleOf(tree));
  const { header, blocks, trailer } = sourceBlocks(tree);
  for (const h of header) w.raw(h.raw);
  for (const b of blocks) {
    if (b.item.node !== fromNode) {
      w.block(b);
      continue;
    }
    for (const t of b.leading) w.raw(t.raw);
    replace(w);
  }
  for (const t of trailer) w.raw(t.raw);
  return w.toString();
}

/**
 * `FROM [--platform=P] BASE [AS name]` for a stage moved to `finalBase`, then the WORKDIR its old image set when the
 * new one sets another; whether that WORKDIR was written.
 */
export function movedFrom(w: DockerfileWriter, stage: Stage, finalBase: string): boolean {
  const platform = stage.from.node.flags.find((f) => f.name === "platform");
  w.instruction([`FROM ${platform ? `--platform=${platform.value} ` : ""}${finalBase}${stage.from.stageNameRaw ? ` AS ${stage.from.stageNameRaw}` : ""}`]);
  const workdir = stage.base.kind === "image" ? imageWorkdir(stage.base.ref) : undefined;
  if (!workdir || workdir === imageWorkdir(finalBase)) return false;
  w.comment(`slimstage: ${stage.baseName} works in ${workdir}; so does the final stage`);
  w.instruction([`WORKDIR ${workdir}`]);
  return true;
}
