// A final stage built FROM another stage (`FROM python:3.11 AS base` … `FROM base AS final`) is, for the image it
// produces, one stage: the chain's instructions run in order on the image the chain ends on, and a FROM <stage>
// inherits the filesystem and the image config (ENV, WORKDIR, USER, SHELL, CMD …) of its parent. So the chain is
// merged into one stage on that image, and the usual single-stage conversion runs on it. Two things a FROM does
// that a merge would not are checked instead of assumed: ARGs are scoped per stage (a child does not see its
// parent's ARG unless it declares it again), and a stage of the chain may be used by name elsewhere (another
// stage's FROM, `COPY --from`, `RUN --mount=from=`), which a merge would remove.
//
// The merged text keeps every line where it was (the FROM lines that disappear become comments of the same
// number of lines), so the line numbers in decisions and declines are those of the original file.
import type { DockerfileModel, Stage } from "../model/stages.js";
import type { DockerfileTree } from "../syntax/types.js";
import { parseDockerfile } from "../syntax/index.js";
import type { ConvertResult, Decision, Decline } from "./types.js";

export type MergedChain =
  | { ok: true; tree: DockerfileTree; stages: Stage[]; root: Stage }
  | { ok: false; declines: Decline[] };

/** The stages from the image the final stage ends on to the final stage, first to last; undefined if it is not built FROM a stage. */
export function stageChain(model: DockerfileModel, finalIndex: number): Stage[] | undefined {
  const chain: Stage[] = [];
  let at: Stage | undefined = model.stages[finalIndex];
  while (at) {
    chain.unshift(at);
    at = at.base.kind === "stage" ? model.stages[at.base.index] : undefined;
  }
  return chain.length > 1 ? chain : undefined;
}

/** The final stage's chain merged into one stage, or why it cannot be; undefined when the final stage is not built FROM a stage. */
export function mergeStageChain(tree: DockerfileTree, model: DockerfileModel, finalIndex: number): MergedChain | undefined {
  const chain = stageChain(model, finalIndex);
  if (!chain) return undefined;
  const root = chain[0]!;
  const final = chain[chain.length - 1]!;
  const fromLine = final.from.range.start.line;
  const declines: Decline[] = [];
  if (root.base.kind !== "image") return undefined; // FROM scratch: the usual rules
  // the stages must follow each other in the file: a stage in between could not be moved past the merged one
  const contiguous = chain.every((s, i) => i === 0 || s.index === chain[i - 1]!.index + 1);
  if (!contiguous) {
    const between = model.stages.find((s) => s.index > root.index && s.index < final.index && !chain.includes(s))!;
    declines.push({
      id: "stage-chain-interleaved",
      lines: [fromLine, between.from.range.start.line],
      reason: `line ${fromLine}: the final stage builds on a chain of stages (${chain.map(stageLabel).join(" → ")}) with another stage (line ${between.from.range.start.line}) between them, so they cannot be merged into one stage in place`,
      hint: "put the chain's stages next to each other in the file, then convert",
    });
  }
  for (const s of chain.slice(1)) {
    if (s.from.node.flags.length) {
      const line = s.from.range.start.line;
      declines.push({ id: "stage-chain-platform", lines: [line], reason: `line ${line}: FROM ${s.baseName} has flags (${s.from.node.flags.map((f) => f.text).join(" ")}) of its own, which a merged stage cannot keep`, hint: "put the flag on the first FROM of the chain, then convert" });
    }
  }
  // a stage of the chain (but the final one) used anywhere else disappears in the merge
  const inner = chain.slice(0, -1);
  const innerNames = new Set(inner.flatMap((s) => [String(s.index), ...(s.name ? [s.name] : [])]));
  for (const s of model.stages) {
    if (s.base.kind === "stage" && innerNames.has(String(s.base.index)) && !chain.includes(s)) declines.push(usedElsewhere(s.from.range.start.line, s.baseName));
    for (const st of s.steps) {
      const ins = st.instruction;
      const refs: string[] = [];
      if ((ins.kind === "COPY" || ins.kind === "ADD") && "from" in ins && ins.from) refs.push(ins.from);
      if (ins.kind === "RUN") for (const m of ins.mounts) for (const [, v] of m.matchAll(/(?:^|,)from=([^,]+)/g)) refs.push(v!);
      const hit = refs.find((r) => innerNames.has(r.toLowerCase()));
      if (hit) declines.push(usedElsewhere(ins.range.start.line, hit));
    }
  }
  // ARGs are per stage: a later stage of the chain using a variable an earlier one declared sees it only if it declares it too
  const declared = new Set<string>();
  for (const s of chain) {
    const own = new Set(s.steps.flatMap((st) => (st.instruction.kind === "ARG" ? st.instruction.args.map((a) => a.key) : [])));
    for (const name of declared) {
      if (own.has(name) || s.index === root.index) continue;
      const use = s.steps.find((st) => st.instruction.kind !== "ARG" && new RegExp(`\\$(\\{${name}\\b|${name}\\b)`).test(st.instruction.node.original));
      if (use) {
        const line = use.instruction.range.start.line;
        declines.push({
          id: "stage-chain-arg-scope",
          lines: [line],
          reason: `line ${line}: $${name} is declared as an ARG in an earlier stage of the chain, and FROM ${s.baseName} (line ${s.from.range.start.line}) does not declare it again, so here it is empty; merged into one stage it would not be`,
          hint: `declare ARG ${name} in this stage too (or drop the use), then convert`,
        });
        break;
      }
    }
    for (const n of own) declared.add(n);
  }
  if (declines.length) return { ok: false, declines };
  return { ok: true, tree: parseDockerfile(mergedText(tree, chain), { file: tree.file }), stages: chain, root };
}

/** The file's text with the chain's FROM lines after the first turned into comments and the first FROM carrying the final stage's name. */
function mergedText(tree: DockerfileTree, chain: Stage[]): string {
  const root = chain[0]!;
  const final = chain[chain.length - 1]!;
  const eol = /\r\n/.test(tree.items.map((i) => i.raw).join("")) ? "\r\n" : "\n";
  const inner = new Set(chain.slice(1).map((s) => s.from.node));
  let out = "";
  for (const item of tree.items) {
    if (item.type !== "instruction") {
      out += item.raw;
      continue;
    }
    const lines = item.raw.replace(/\r?\n$/, "").split(/\r?\n/).length;
    const pad = (first: string) => first + eol + `#${eol}`.repeat(lines - 1);
    if (item.node === root.from.node) {
      const flags = root.from.node.flags.map((f) => f.text).join(" ");
      out += pad(`FROM ${flags ? `${flags} ` : ""}${root.from.image}${final.from.stageNameRaw ? ` AS ${final.from.stageNameRaw}` : ""}`);
    } else if (inner.has(item.node)) {
      out += pad(`# slimstage: line ${item.node.range.start.line} was ${item.node.original.replace(/\s+/g, " ").trim()}; the stages of this chain are merged into one`);
    } else out += item.raw;
  }
  return out;
}

function usedElsewhere(line: number, name: string): Decline {
  return {
    id: "stage-chain-used-elsewhere",
    lines: [line],
    reason: `line ${line}: stage ${name} is part of the final stage's chain and is also used here, so the chain cannot be merged into one stage`,
    hint: "convert the single-stage parts by hand, or give the other user a stage of its own",
  };
}

function stageLabel(s: Stage): string {
  return s.name ?? `#${s.index}`;
}

/** The conversion of the merged chain, saying that the chain was merged. */
export function chainMerged(result: ConvertResult, chain: Extract<MergedChain, { ok: true }>): ConvertResult {
  const final = chain.stages[chain.stages.length - 1]!;
  const line = final.from.range.start.line;
  const note: Decision = {
    kind: "note",
    lines: chain.stages.map((s) => s.from.range.start.line),
    message: `line ${line}: the final stage builds on ${chain.stages.slice(0, -1).map((s) => `stage ${stageLabel(s)} (line ${s.from.range.start.line})`).join(", then ")}; the chain ends on ${chain.root.baseName} and is treated as one stage on it`,
  };
  return { ...result, decisions: [note, ...result.decisions] };
}
