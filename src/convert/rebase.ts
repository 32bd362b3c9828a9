// A file that is already multi-stage, whose final stage runs a Go program built in an earlier stage but still sits
// on the Go toolchain image (`FROM golang:1.19` + `COPY --from=build /out/app …`): there is nothing to split, only
// the final stage's base to change. The final stage keeps every instruction; its FROM moves to the runtime
// counterpart (static binary → distroless static; cgo → glibc; a shell needed → Debian slim of the same release).
import type { DockerfileAnalysis, StageAnalysis } from "../analyze/dockerfile.js";
import type { Fact } from "../analyze/facts.js";
import type { Step } from "../model/stages.js";
import type { DockerfileTree } from "../syntax/types.js";
import type { StepPlan } from "./steps.js";
import type { Decision } from "./types.js";
import { movedFrom, replaceFrom } from "./writer.js";

export interface RebaseInput {
  tree: DockerfileTree;
  analysis: DockerfileAnalysis;
  stage: StageAnalysis;
  steps: Step[];
  plans: StepPlan[];
  /** The final base for a plan (convert.ts's choice of runtime image). */
  chooseBase: (cgo: boolean, needsShell: boolean) => string | undefined;
}

export interface Rebased {
  dockerfile: string;
  finalBase: string;
  /** The earlier stage the program comes from. */
  source: string;
  decisions: Decision[];
}

/** The re-based file, when the final stage only runs Go binaries copied from earlier stages; else undefined. */
export function rebaseToolchainStage(input: RebaseInput): Rebased | undefined {
  const { analysis, stage, steps, plans } = input;
  const model = analysis.model;
  const from = model.stages[stage.index]!;
  if (model.stages.length < 2 || from.base.kind !== "image" || stage.baseInfo?.role !== "build" || stage.baseInfo.language !== "go") return undefined;
  // nothing runs in the final stage itself: no RUN at all, so nothing there needs the toolchain
  if (plans.some((p) => p.step.instruction.kind === "RUN" || p.step.instruction.kind === "ONBUILD")) return undefined;
  const entry = [...steps].reverse().find((s) => s.instruction.kind === "ENTRYPOINT" || s.instruction.kind === "CMD");
  if (!entry || (entry.instruction.kind !== "ENTRYPOINT" && entry.instruction.kind !== "CMD")) return undefined;
  // every COPY --from an earlier stage must bring a binary a Go build there made
  const names = new Map(model.stages.map((st) => [st.name ?? String(st.index), st.index]));
  const binaries: Array<{ path: string; cgo: boolean; line: number; source: string }> = [];
  for (const s of steps) {
    const ins = s.instruction;
    if (ins.kind !== "COPY" || ins.from === undefined) continue;
    const src = names.get(ins.from.toLowerCase()) ?? (/^\d+$/.test(ins.from) ? Number(ins.from) : undefined);
    if (src === undefined || src >= stage.index) return undefined;
    const builds = goBuilds(analysis.stages[src]!);
    for (const path of s.expanded.sources ?? []) {
      // the binary itself, or a directory the build wrote it into (`COPY --from=build /out/ /app/`)
      const dir = path.replace(/\/+$/, "");
      const b = builds.find((x) => x.outputs.some((o) => o === dir || (dir !== "" && o.startsWith(`${dir}/`) && !o.slice(dir.length + 1).includes("/"))));
      if (!b) return undefined;
      binaries.push({ path, cgo: b.cgo, line: ins.range.start.line, source: ins.from });
    }
  }
  if (binaries.length === 0) return undefined;
  const cgo = binaries.some((b) => b.cgo);
  const command = entry.instruction;
  const needsShell = command.shell;
  const finalBase = input.chooseBase(cgo, needsShell);
  if (!finalBase || finalBase === stage.baseName) return undefined;

  const dockerfile = replaceFrom(input.tree, from.from.node, (w) => {
    w.comment(`slimstage: the program is built in an earlier stage; it runs on ${finalBase} instead of the toolchain image ${stage.baseName}`);
    if (movedFrom(w, from, finalBase)) w.blank();
  });
  const line = from.from.range.start.line;
  return {
    dockerfile,
    finalBase,
    source: binaries[0]!.source,
    decisions: [
      {
        kind: "base",
        lines: [line, ...binaries.map((b) => b.line)],
        message: `line ${line}: the final stage only runs ${binaries.map((b) => b.path).join(", ")}, built in an earlier stage${cgo ? " with cgo (it needs glibc)" : " with CGO_ENABLED=0 (static)"}; it moves from the toolchain image ${stage.baseName} to ${finalBase}${needsShell ? " (the shell-form command needs a shell)" : ""}, and no builder stage is added`,
      },
    ],
  };
}

/** The Go builds of a stage with their outputs, and whether each links with cgo. */
function goBuilds(stage: StageAnalysis): Array<{ outputs: string[]; cgo: boolean }> {
  const out: Array<{ outputs: string[]; cgo: boolean }> = [];
  for (const r of stage.runs) {
    for (const { value: f } of r.facts) {
      if (!isGoBuild(f)) continue;
      const cgoValue = f.cgoEnabled ?? stage.runtime.env.CGO_ENABLED;
      out.push({ outputs: f.outputs.filter((o) => !o.includes("/pkg/mod") && !o.includes("/.cache")), cgo: cgoValue !== "0" });
    }
  }
  return out;
}

function isGoBuild(f: Fact): f is Extract<Fact, { kind: "go" }> {
  return f.kind === "go" && f.op === "build";
}
