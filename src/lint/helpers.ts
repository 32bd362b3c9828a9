// What rules share: the source index of a file, the steps of every stage, and RUN commands with their ranges.
import type { RunAnalysis, StageAnalysis } from "../analyze/dockerfile.js";
import { normalizeCommand } from "../analyze/analyze.js";
import type { Range } from "../errors.js";
import type { Instruction, RunInstruction } from "../model/instructions.js";
import type { Stage, Step } from "../model/stages.js";
import type { ShellCommand, ShellScript, ShellWord } from "../shell/script.js";
import type { DockerfileTree, InstructionNode } from "../syntax/types.js";
import { scriptRange, SourceIndex } from "./locate.js";
import type { Rule, RuleContext } from "./types.js";

export function defineRule(rule: Rule): Rule {
  return rule;
}

const indexes = new WeakMap<DockerfileTree, SourceIndex>();
export function sourceOf(ctx: Pick<RuleContext, "tree" | "text">): SourceIndex {
  let s = indexes.get(ctx.tree);
  if (!s) {
    s = new SourceIndex(ctx.text);
    indexes.set(ctx.tree, s);
  }
  return s;
}

export interface StepRef<K extends Instruction["kind"] = Instruction["kind"]> {
  stage: Stage;
  step: Step;
  index: number;
  ins: Extract<Instruction, { kind: K }>;
}

/** Every step of a kind, in file order. */
export function stepsOfKind<K extends Instruction["kind"]>(ctx: RuleContext, kind: K): Array<StepRef<K>> {
  const out: Array<StepRef<K>> = [];
  for (const stage of ctx.model.stages) {
    stage.steps.forEach((step, index) => {
      if (step.instruction.kind === kind) out.push({ stage, step, index, ins: step.instruction as Extract<Instruction, { kind: K }> });
    });
  }
  return out;
}

export interface CommandRef {
  stage: StageAnalysis;
  run: RunAnalysis;
  node: InstructionNode;
  script: ShellScript;
  /** The command as written. */
  raw: ShellCommand;
  /** Wrappers (sudo, env …) removed and known variables resolved. */
  cmd: ShellCommand;
  /** The command's range in the Dockerfile. */
  range: Range;
  /** The range of a word of `cmd` (by index into cmd.words) in the Dockerfile. */
  wordRange(word: ShellWord): Range;
}

/** Every simple command of every RUN (shell form, heredoc scripts and exec form), with Dockerfile ranges. */
export function commandsOf(ctx: RuleContext): CommandRef[] {
  const out: CommandRef[] = [];
  for (const stage of ctx.analysis.stages) {
    const mstage = ctx.model.stages[stage.index] as Stage;
    for (const run of stage.runs) {
      const ins = mstage.steps[run.step]?.instruction as RunInstruction;
      const node = ins.node;
      for (const script of run.scripts) {
        for (const raw of script.commands) {
          if (raw.kind !== "simple" && raw.kind !== "exec") continue;
          const cmd = normalizeCommand(raw, {});
          out.push({
            stage,
            run,
            node,
            script,
            raw,
            cmd,
            range: scriptRange(run, script, node, raw.range),
            wordRange: (w) => scriptRange(run, script, node, w.range),
          });
        }
      }
    }
  }
  return out;
}

/** `/usr/bin/apt-get` → `apt-get`. */
export function program(cmd: ShellCommand): string {
  const n = cmd.argv[0] ?? "";
  return n.slice(n.lastIndexOf("/") + 1);
}

/** The first non-option argument after the program (the subcommand of apt-get, pip, npm …). */
export function subcommand(cmd: ShellCommand, optionsWithValues: readonly string[] = []): { value: string; index: number } | undefined {
  for (let i = 1; i < cmd.argv.length; i++) {
    const a = cmd.argv[i] as string;
    if (optionsWithValues.includes(a)) {
      i++;
      continue;
    }
    if (!a.startsWith("-")) return { value: a, index: i };
  }
  return undefined;
}

/** An insertion edit right after a word. */
export function insertAfter(range: Range, text: string): { range: Range; text: string } {
  return { range: { start: range.end, end: range.end }, text };
}

/** Stages whose files end up in the target image: the target and the stages it is built FROM. */
export function imageStages(ctx: RuleContext): Set<number> {
  const out = new Set<number>();
  for (let s: Stage | undefined = ctx.model.stages[ctx.graph.target]; s; s = s.base.kind === "stage" ? ctx.model.stages[s.base.index] : undefined)
    out.add(s.index);
  return out;
}

/** Whether a short-option cluster (`-qy`) or a long option is present. */
export function hasFlag(cmd: ShellCommand, short: string | undefined, long: readonly string[]): boolean {
  return cmd.argv.some(
    (a, i) => i > 0 && (long.some((l) => a === l || a.startsWith(l + "=")) || (short !== undefined && /^-[A-Za-z]+$/.test(a) && a.includes(short))),
  );
}

/** Does the RUN use a cache mount on one of these paths? */
export function cacheMountOn(ctx: RuleContext, run: RunAnalysis, stage: number, paths: readonly string[]): boolean {
  const step = ctx.model.stages[stage]?.steps[run.step];
  return (step?.expanded.mounts ?? []).some((m) => m.type === "cache" && paths.some((p) => (m.target ?? "").startsWith(p)));
}
