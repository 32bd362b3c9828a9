// What the multi-stage rules ask of a Dockerfile: the image a stage finally rests on, COPY --from steps into
// stages that end up in the image, and the facts of the stage a copy reads from.
import type { StageAnalysis } from "../analyze/dockerfile.js";
import { baseImageInfo, type BaseImageInfo } from "../knowledge/index.js";
import type { CopyInstruction } from "../model/instructions.js";
import type { Stage, Step } from "../model/stages.js";
import { imageStages } from "./helpers.js";
import type { RuleContext } from "./types.js";

export type RootBase = { kind: "scratch" } | { kind: "image"; ref: string; info: BaseImageInfo | undefined };

/** The external base a stage rests on, following FROM <stage>. */
export function rootBase(ctx: RuleContext, stage: Stage): RootBase {
  let s = stage;
  while (s.base.kind === "stage") s = ctx.model.stages[s.base.index] as Stage;
  if (s.base.kind === "scratch") return { kind: "scratch" };
  return { kind: "image", ref: s.base.ref, info: s.base.unresolved.length ? undefined : baseImageInfo(s.base.ref) };
}

/** The stage a stage's root base belongs to (the first of its FROM chain). */
export function rootStage(ctx: RuleContext, stage: Stage): Stage {
  let s = stage;
  while (s.base.kind === "stage") s = ctx.model.stages[s.base.index] as Stage;
  return s;
}

export interface StageCopy {
  /** The stage the copy lands in (one that ends up in the image). */
  into: Stage;
  step: Step;
  ins: CopyInstruction;
  /** The stage copied from. */
  from: Stage;
  fromAnalysis: StageAnalysis;
  /** Expanded sources. */
  sources: string[];
  dest: string;
}

/** COPY --from=<stage of this file> into stages that end up in the target image. */
export function copiesIntoImage(ctx: RuleContext): StageCopy[] {
  const shipped = imageStages(ctx);
  const out: StageCopy[] = [];
  const stages = ctx.model.stages;
  for (const into of stages) {
    if (!shipped.has(into.index)) continue;
    for (const step of into.steps) {
      const ins = step.instruction;
      if (ins.kind !== "COPY" || ins.from === undefined) continue;
      const name = ins.from.toLowerCase();
      const from = /^\d+$/.test(name) ? stages[Number(name)] : stages.find((s) => s.name === name);
      if (!from || from.index === into.index) continue;
      out.push({
        into,
        step,
        ins,
        from,
        fromAnalysis: ctx.analysis.stages[from.index] as StageAnalysis,
        sources: step.expanded.sources ?? ins.sources,
        dest: step.expanded.dest ?? ins.dest,
      });
    }
  }
  return out;
}

/** Normalised absolute path (no trailing slash, `/.` → `/`). */
export function normPath(p: string, cwd = "/"): string {
  const abs = p.startsWith("/") ? p : `${cwd.replace(/\/$/, "")}/${p}`;
  const parts: string[] = [];
  for (const seg of abs.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") parts.pop();
    else parts.push(seg);
  }
  return "/" + parts.join("/");
}

/**
 * Whether the target image says how it starts (CMD or ENTRYPOINT in the target stage or a stage it is built
 * FROM): application images do; tooling, test and "validate" stages of build scripts mostly do not.
 */
export function targetDefinesStart(ctx: RuleContext): boolean {
  for (let s: Stage | undefined = ctx.model.stages[ctx.graph.target]; s; s = s.base.kind === "stage" ? ctx.model.stages[s.base.index] : undefined) {
    if (s.steps.some((st) => st.instruction.kind === "CMD" || st.instruction.kind === "ENTRYPOINT")) return true;
  }
  return false;
}

/**
 * `apt-mark auto …` followed by `apt-get purge --auto-remove` (the docker-library idiom) removes packages the
 * analysis cannot name: after it, which packages a stage holds is unknown.
 */
export function packageStateUnknown(ctx: RuleContext, stage: Stage): boolean {
  for (let s: Stage | undefined = stage; s; s = s.base.kind === "stage" ? ctx.model.stages[s.base.index] : undefined) {
    const runs = ctx.analysis.stages[s.index]?.runs ?? [];
    if (runs.some((r) => r.scripts.some((sc) => sc.commands.some((c) => c.argv.some((a, i) => a.endsWith("apt-mark") && c.argv[i + 1] === "auto")))))
      return true;
  }
  return false;
}

/** Whether the target image receives a toolchain from another stage (`COPY --from=golang /usr/local/go …`). */
export function copiesToolchain(ctx: RuleContext): boolean {
  return copiesIntoImage(ctx).some((c) =>
    c.sources.some((s) => /^\/(usr\/local\/go|usr\/local\/cargo|usr\/local\/rustup|root\/\.cargo|usr\/lib\/jvm)(\/|$)/.test(normPath(s, c.from.workdir))),
  );
}

/**
 * Whether a `COPY --from` source names a build output: the same path, a directory holding it, or the same file
 * name; for directory outputs (cargo's target directory) also a file inside it.
 */
export function copyCoversOutput(source: string, output: string, isDir: boolean): boolean {
  if (isDir) return source === output || output.startsWith(source + "/") || source.startsWith(output + "/");
  return source === output || output.startsWith(source === "/" ? "/" : source + "/") || source.split("/").pop() === output.split("/").pop();
}
