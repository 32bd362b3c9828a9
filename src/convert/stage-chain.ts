// A final stage built FROM another stage (`FROM python:3.11 AS base` … `FROM base AS final`) is, for the image it
// produces, one stage: the chain's instructions run in order on the image the chain ends on, and a FROM <stage>
// inherits the filesystem and the image config (ENV, WORKDIR, USER, SHELL, CMD …) of its parent. So the chain is
// merged into one stage on that image, and the usual single-stage conversion runs on it. Two things a FROM does
// that a merge would not are checked instead of assumed: ARGs are scoped per stage (a child does not see its
// parent's ARG unless it declares it again), and a stage of the chain may be used by name elsewhere (another
// stage's FROM, `COPY --from`, `RUN --mount=from=`), which a merge would remove.
//
// The merged text keeps the chain's lines where they were (the FROM lines that disappear become comments of the
// same number of lines). A stage that sits between the chain's stages and uses none of them moves, whole, to just
// before the chain; the line numbers in decisions and declines are mapped back to the input's either way.
import type { DockerfileModel, Stage } from "../model/stages.js";
import type { DockerfileTree } from "../syntax/types.js";
import { parseDockerfile } from "../syntax/index.js";
import type { ConvertResult, Decision, Decline } from "./types.js";

export type MergedChain =
  | { ok: true; tree: DockerfileTree; stages: Stage[]; root: Stage; /** merged line → input line (1-based), when stages moved */ lineMap?: number[] }
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
  const declines: Decline[] = [];
  if (root.base.kind !== "image") return undefined; // FROM scratch: the usual rules
  for (const s of chain.slice(1)) {
    if (s.from.node.flags.length) {
      const line = s.from.range.start.line;
      declines.push({
        id: "stage-chain-platform",
        lines: [line],
        reason: `line ${line}: FROM ${s.baseName} has flags (${s.from.node.flags.map((f) => f.text).join(" ")}) of its own, which a merged stage cannot keep`,
        hint: "put the flag on the first FROM of the chain, then convert",
      });
    }
  }
  // a stage of the chain (but the final one) used anywhere else disappears in the merge
  const inner = chain.slice(0, -1);
  const innerNames = new Set(inner.flatMap((s) => [String(s.index), ...(s.name ? [s.name] : [])]));
  for (const s of model.stages) {
    if (s.base.kind === "stage" && innerNames.has(String(s.base.index)) && !chain.includes(s))
      declines.push(usedElsewhere(s.from.range.start.line, s.baseName));
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
          lines: [line, s.from.range.start.line],
          reason: `line ${line}: $${name} is declared as an ARG in an earlier stage of the chain, and FROM ${s.baseName} (line ${s.from.range.start.line}) does not declare it again, so here it is empty; merged into one stage it would not be`,
          hint: `declare ARG ${name} in this stage too (or drop the use), then convert`,
        });
        break;
      }
    }
    for (const n of own) declared.add(n);
  }
  if (declines.length) return { ok: false, declines };
  const between = new Set(model.stages.filter((s) => s.index > root.index && s.index < final.index && !chain.includes(s)).map((s) => s.index));
  const merged = mergedText(tree, model, chain, between);
  return { ok: true, tree: parseDockerfile(merged.text, { file: tree.file }), stages: chain, root, ...(between.size ? { lineMap: merged.lineMap } : {}) };
}

/**
 * The file's text with the chain's FROM lines after the first turned into comments and the first FROM carrying the
 * final stage's name. Stages that sit between the chain's stages (and use none of them) move, whole, to just before
 * the chain's first stage; `lineMap` gives each line of the text the input line it came from.
 */
function mergedText(tree: DockerfileTree, model: DockerfileModel, chain: Stage[], between: ReadonlySet<number>): { text: string; lineMap: number[] } {
  const root = chain[0]!;
  const final = chain[chain.length - 1]!;
  const eol = /\r\n/.test(tree.items.map((i) => i.raw).join("")) ? "\r\n" : "\n";
  const inner = new Set(chain.slice(1).map((s) => s.from.node));
  const owners = itemStages(tree, model);
  const lineMap: number[] = [];
  let text = "";
  const emit = (raw: string, startLine: number) => {
    if (text !== "" && !text.endsWith("\n")) text += eol;
    text += raw;
    const lines = raw.replace(/\r?\n$/, "").split(/\r?\n/).length;
    for (let k = 0; k < lines; k++) lineMap.push(startLine + k);
    return lines;
  };
  const written = (index: number): string => {
    const item = tree.items[index]!;
    if (item.type !== "instruction") return item.raw;
    const lines = item.raw.replace(/\r?\n$/, "").split(/\r?\n/).length;
    const pad = (first: string) => first + eol + `#${eol}`.repeat(lines - 1);
    if (item.node === root.from.node) {
      const flags = root.from.node.flags.map((f) => f.text).join(" ");
      return pad(`FROM ${flags ? `${flags} ` : ""}${root.from.image}${final.from.stageNameRaw ? ` AS ${final.from.stageNameRaw}` : ""}`);
    }
    if (inner.has(item.node))
      return pad(
        `# slimstage: line ${item.node.range.start.line} was ${item.node.original.replace(/\s+/g, " ").trim()}; the stages of this chain are merged into one`,
      );
    return item.raw;
  };
  let movedOut = false;
  tree.items.forEach((item, index) => {
    const owner = owners[index]!;
    if (between.has(owner)) return;
    if (owner === root.index && !movedOut) {
      movedOut = true;
      let moved = 0;
      tree.items.forEach((other, o) => {
        if (between.has(owners[o]!)) moved += emit(other.raw, other.range.start.line);
      });
      // set the moved stages off from the chain by a blank line (it counts as the line that follows)
      if (moved && !/(\r?\n){2}$/.test(text) && item.type !== "blank") emit(eol, item.range.start.line);
    }
    emit(written(index), item.range.start.line);
  });
  return { text, lineMap };
}

/** The stage each item of the file belongs to: an instruction to its stage, comments and blank lines to the next instruction's (-1: before the first FROM). */
function itemStages(tree: DockerfileTree, model: DockerfileModel): number[] {
  const fromOf = new Map(model.stages.map((s) => [s.from.node, s.index]));
  const direct: Array<number | undefined> = [];
  let current = -1;
  for (const item of tree.items) {
    if (item.type === "instruction") {
      current = fromOf.get(item.node) ?? current;
      direct.push(current);
    } else direct.push(item.type === "bom" || item.type === "directive" ? -1 : undefined);
  }
  // trivia goes with the instruction after it; trailing trivia with the last stage
  const out: number[] = new Array<number>(direct.length);
  let next = current;
  for (let i = direct.length - 1; i >= 0; i--) {
    if (direct[i] !== undefined) next = direct[i]!;
    out[i] = next;
  }
  return out;
}

/** A line of the merged text as the input's line, in line numbers and in messages ("line 7", "lines 3, 9", "lines 4–6"). */
function remapLines(result: ConvertResult, lineMap: readonly number[] | undefined): ConvertResult {
  if (!lineMap) return result;
  const line = (n: number) => lineMap[n - 1] ?? n;
  const text = (s: string) =>
    s.replace(
      /\b(lines?) (\d+(?:(?:, | and | ?[–-] ?)\d+)*)/g,
      (_m, word: string, nums: string) => `${word} ${nums.replace(/\d+/g, (d) => String(line(Number(d))))}`,
    );
  const decisions = result.decisions.map((d) => ({ ...d, lines: d.lines.map(line), message: text(d.message) }));
  if (result.status === "declined")
    return { ...result, decisions, declines: result.declines.map((d) => ({ ...d, lines: d.lines.map(line), reason: text(d.reason), hint: text(d.hint) })) };
  if (result.status === "nothing-to-gain") return { ...result, decisions, reasons: result.reasons.map(text) };
  return { ...result, decisions };
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
    message: `line ${line}: the final stage builds on ${chain.stages
      .slice(0, -1)
      .map((s) => `stage ${stageLabel(s)} (line ${s.from.range.start.line})`)
      .join(", then ")}; the chain ends on ${chain.root.baseName} and is treated as one stage on it`,
  };
  const remapped = remapLines(result, chain.lineMap);
  if (remapped.status === "converted") {
    // the layout names stages and lines of the merged tree, which the caller does not have: not carried
    const { layout: _merged, ...plan } = remapped.plan;
    return { ...remapped, plan, decisions: [note, ...remapped.decisions] };
  }
  return { ...remapped, decisions: [note, ...remapped.decisions] };
}
