// Helpers every ecosystem strategy uses: the facts of the stage with where they ran, an empty plan, the program the
// container starts, and a binary artifact with its checks.
import { posix } from "node:path";
import type { Fact } from "../../analyze/facts.js";
import type { Step } from "../../model/stages.js";
import { mayNotRun } from "../may-not-run.js";
import type { Ecosystem, EcosystemInput, EcosystemPlan } from "./types.js";

export type FactAt = { fact: Fact; step: number; line: number; cwd?: string; mayNotRun?: boolean };

export function factsOf(input: EcosystemInput): FactAt[] {
  return input.stage.runs.flatMap((r) =>
    r.facts.map((f) => {
      // the directory the command ran in (after any `cd` in the script)
      const cmd = r.scripts.flatMap((s) => s.commands).find((c) => c.index === f.value.command && c.range.start.offset === f.value.range.start.offset);
      const cwd = cmd?.cwd === undefined ? undefined : cmd.cwd.startsWith("/") ? cmd.cwd : posix.join(input.steps[r.step]?.workdir ?? "/", cmd.cwd);
      const script = cmd && r.scripts.find((s) => s.commands.includes(cmd));
      const guarded = cmd !== undefined && script !== undefined && mayNotRun(cmd, script.commands);
      return { fact: f.value, step: r.step, line: f.at.line, ...(cwd ? { cwd } : {}), ...(guarded ? { mayNotRun: true } : {}) };
    }),
  );
}
export function empty(ecosystem: Ecosystem): EcosystemPlan {
  return { ecosystem, builderInserts: [], builderAppends: [], artifacts: [], replacedInFinal: new Set(), decisions: [], declines: [], removes: [] };
}

/** The user a step runs as (the last USER before it), undefined for the base image's default (root). */
export function userAt(steps: Step[], index: number): string | undefined {
  let user: string | undefined;
  for (let i = 0; i < index; i++) {
    const s = steps[i] as Step;
    if (s.instruction.kind === "USER") user = s.expanded.user;
  }
  return user && !/^(root|0)(:.*)?$/.test(user) ? user : undefined;
}

export const lastOf = <T>(xs: T[]): T | undefined => xs[xs.length - 1];

/** A path as a command in `dir` sees it. */
export const abs = (dir: string, p: string): string => (p.startsWith("/") ? posix.normalize(p) : posix.join(dir, p));
/** The executable CMD/ENTRYPOINT runs first, as written. */
export function entryProgram(steps: Step[]): { program: string; line: number; shell: boolean } | undefined {
  let entry: { program: string; line: number; shell: boolean } | undefined;
  let cmd: typeof entry;
  for (const s of steps) {
    const ins = s.instruction;
    if (ins.kind === "ENTRYPOINT" || ins.kind === "CMD") {
      const first = ins.shell ? (ins.cmdLine[0] ?? "").trim().split(/\s+/)[0] : ins.cmdLine[0];
      const v = first ? { program: first, line: ins.range.start.line, shell: ins.shell } : undefined;
      if (ins.kind === "ENTRYPOINT") {
        entry = v;
        cmd = undefined;
      } else cmd = v;
    }
  }
  return entry ?? cmd;
}

/** Directories on PATH in every runtime base (Debian, distroless, the language images). */
const STANDARD_PATH = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];

export function binaryArtifact(plan: EcosystemPlan, path: string, at: FactAt, why: string, opts: { onPath?: string } = {}): void {
  if (plan.artifacts.some((a) => a.artifact.path === path)) return;
  if (at.mayNotRun) {
    // an unconditional COPY --from would fail wherever the command did not run or failed
    plan.declines.push({
      lines: [at.line],
      id: "output-may-not-be-built",
      reason: `line ${at.line}: ${why} ${path} is built by a command that may not run (a condition, branch or \`|| …\` lets the RUN succeed without it), so copying it into the final stage could fail`,
      hint: "build it unconditionally, or let the build fail when it cannot be built",
    });
    return;
  }
  // a program CMD runs by bare name from a directory only the build image had on PATH (/go/bin, ~/.cargo/bin)
  // goes where every runtime image looks
  const dest = opts.onPath && !STANDARD_PATH.includes(posix.dirname(path)) ? posix.join("/usr/local/bin", posix.basename(path)) : path;
  plan.artifacts.push({ after: at.step, artifact: { path, dest, why, lines: [at.line] } });
  plan.decisions.push({
    kind: "artifact",
    lines: [at.line],
    message: `line ${at.line}: ${why} ${path} is built in the builder and copied into the final stage${dest !== path ? ` at ${dest}, on the PATH of the runtime image (${opts.onPath} is run by name)` : ""}`,
  });
}

/** Where a program name on CMD lands: absolute, relative to the WORKDIR, or on PATH among the build outputs. */
export function resolveEntry(program: string, workdir: string, outputs: string[]): string | undefined {
  if (program.includes("/")) return abs(workdir, program);
  return outputs.find((o) => posix.basename(o) === program);
}

/** Whether a COPY/ADD step writes into `dir` (its destination is `dir` or below it). */
function copiesInto(step: Step, dir: string): boolean {
  const dest = step.expanded.dest;
  if (dest === undefined) return false;
  const path = abs(step.workdir, dest).replace(/\/$/, "") || "/";
  const d = dir.replace(/\/$/, "") || "/";
  return path === d || path.startsWith(d === "/" ? "/" : `${d}/`);
}

/**
 * An app directory the final stage copies whole from the builder, after step `before`: the owner the original's own
 * --chown gave what it copied there (the last one, if any), and the context copies into it that the whole copy
 * replaces in the final stage (added to plan.replacedInFinal).
 */
export function appDirCopied(input: EcosystemInput, plan: EcosystemPlan, appDir: string, before: number): { chown?: string } {
  let chown: string | undefined;
  for (const p of input.plans) {
    const i = p.step.instruction;
    if (p.index >= before || !(i.kind === "COPY" || i.kind === "ADD") || !copiesInto(p.step, appDir)) continue;
    if (i.chown !== undefined) chown = p.step.expanded.chown ?? i.chown;
    if (i.kind === "ADD" || i.from === undefined) plan.replacedInFinal.add(p.index);
  }
  return chown ? { chown } : {};
}
