// Edits of a converted Dockerfile on its lossless syntax tree: the items partition the text, so an edit replaces,
// removes or surrounds whole items and every other byte (comments, blank lines, continuations) stays as written.
import { toInstruction, type Instruction } from "../../model/instructions.js";
import { parseDockerfile } from "../../syntax/index.js";
import type { Item } from "../../syntax/types.js";

interface Located {
  /** Index of the item in `items`. */
  index: number;
  ins: Instruction;
}

export interface OutputStage {
  from: Located & { ins: Extract<Instruction, { kind: "FROM" }> };
  /** The stage's instructions after FROM. */
  body: Located[];
}

export interface ParsedOutput {
  items: Item[];
  stages: OutputStage[];
}

/** Parses a Dockerfile the converter wrote (its stages and typed instructions); throws on text that does not parse. */
export function readOutput(text: string): ParsedOutput {
  const tree = parseDockerfile(text, { file: "converted", maxLength: Math.max(text.length, 1) });
  const stages: OutputStage[] = [];
  tree.items.forEach((item, index) => {
    if (item.type !== "instruction") return;
    const ins = toInstruction(item.node, "converted");
    if (ins.kind === "FROM") stages.push({ from: { index, ins }, body: [] });
    else stages.at(-1)?.body.push({ index, ins });
  });
  return { items: tree.items, stages };
}

export const finalStage = (out: ParsedOutput): OutputStage | undefined => out.stages.at(-1);

/** The stage named `name` (the converter's builder). */
export const stageNamed = (out: ParsedOutput, name: string): OutputStage | undefined => out.stages.find((s) => s.from.ins.stageName === name.toLowerCase());

export interface Edit {
  before?: string;
  replace?: string;
  after?: string;
  remove?: boolean;
}

/** Edits by item index, applied in one pass. */
export type Edits = Map<number, Edit>;

export function edit(edits: Edits, index: number, e: Edit): Edits {
  const prev = edits.get(index) ?? {};
  edits.set(index, {
    ...prev,
    ...e,
    before: (prev.before ?? "") + (e.before ?? "") || undefined,
    after: (prev.after ?? "") + (e.after ?? "") || undefined,
  });
  return edits;
}

/** Removes an instruction with the comments right above it (they describe it) and one blank line before them. */
export function removeInstruction(out: ParsedOutput, edits: Edits, index: number): Edits {
  edit(edits, index, { remove: true });
  let i = index - 1;
  while (i >= 0 && out.items[i]?.type === "comment") edit(edits, i--, { remove: true });
  if (out.items[i]?.type === "blank") edit(edits, i, { remove: true });
  return edits;
}

/** `FROM image` with the image replaced, keeping the stage name and flags as written. */
export function replaceFromImage(out: ParsedOutput, stage: OutputStage, image: string, edits: Edits): Edits {
  const item = out.items[stage.from.index]!;
  const written = stage.from.ins.image;
  const at = item.raw.indexOf(written, item.raw.search(/\s/));
  const raw = at < 0 ? item.raw : item.raw.slice(0, at) + image + item.raw.slice(at + written.length);
  return edit(edits, stage.from.index, { replace: raw });
}

export function printEdited(out: ParsedOutput, edits: Edits): string {
  let text = "";
  out.items.forEach((item, i) => {
    const e = edits.get(i);
    text += (e?.before ?? "") + (e?.remove ? "" : (e?.replace ?? item.raw)) + (e?.after ?? "");
  });
  return text;
}

/** An instruction block to insert: a `# slimstage search:` comment saying why, the lines, and a blank line after. */
export function block(why: string, lines: readonly string[]): string {
  return `# slimstage search: ${why}\n${lines.join("\n")}\n\n`;
}

/** ENTRYPOINT, CMD and HEALTHCHECK of a stage, last ones win. */
export function startCommands(stage: OutputStage): { words: string[]; shell: boolean } {
  const last = <K extends Instruction["kind"]>(k: K) => stage.body.filter((l) => l.ins.kind === k).at(-1)?.ins as Extract<Instruction, { kind: K }> | undefined;
  const ep = last("ENTRYPOINT");
  const cmd = last("CMD");
  const hc = last("HEALTHCHECK");
  const words: string[] = [];
  let shell = false;
  for (const c of [ep, cmd]) {
    if (!c) continue;
    words.push(...c.cmdLine);
    shell ||= c.shell;
  }
  if (hc && hc.test.type === "CMD") {
    words.push(...hc.test.cmdLine);
    shell ||= hc.test.shell;
  }
  return { words, shell };
}
