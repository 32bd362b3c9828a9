// Python: the virtualenv without its own pip, setuptools and wheel (about 22 MB on Python 3.11), or without pip and
// wheel only, uninstalled in the builder right before the final stage copies the virtualenv. The converter keeps them because an app may
// import pkg_resources (setuptools) or run pip at start; verification tells.
import { posix } from "node:path";
import { needFromLine } from "../repairs.js";
import { block, edit, finalStage, printEdited, readOutput, stageNamed } from "./dockerfile-edit.js";
import type { Variant, VariantInput } from "./types.js";

const VENV = /\b(?:python[0-9.]*\s+-m\s+venv|virtualenv)\b((?:\s+-{1,2}[a-z][a-z-]*)*)\s+(\/[^\s;&|]+)/;

/** The virtualenv the builder makes and the final stage copies from it, when there is one with its own pip. */
export function copiedVirtualenv(text: string, builderName: string): string | undefined {
  const out = readOutput(text);
  const builder = stageNamed(out, builderName);
  const final = finalStage(out);
  if (!builder || !final || builder === final) return undefined;
  for (const l of builder.body) {
    if (l.ins.kind !== "RUN") continue;
    const m = VENV.exec(l.ins.node.original);
    if (!m || /--without-pip/.test(m[1] ?? "")) continue;
    const venv = m[2]!.replace(/\/+$/, "");
    const copied = final.body.some((c) => c.ins.kind === "COPY" && c.ins.from === builderName && c.ins.sources.some((s) => s.replace(/\/+$/, "") === venv));
    if (copied) return venv;
  }
  return undefined;
}

/** What the packages removed provide: their modules (setuptools also pkg_resources and _distutils_hack) and commands. */
const PROVIDES: Readonly<Record<string, { modules: string[]; commands: string[] }>> = {
  pip: { modules: ["pip"], commands: ["pip", "pip3"] },
  setuptools: { modules: ["setuptools", "pkg_resources", "_distutils_hack"], commands: [] },
  wheel: { modules: ["wheel"], commands: ["wheel"] },
};

/** The line of output that shows a module or command of the removed packages missing, if any. */
export function removedPackagingTool(output: string, packages: readonly string[]): string | undefined {
  const modules = packages.flatMap((p) => PROVIDES[p]?.modules ?? []);
  const commands = packages.flatMap((p) => PROVIDES[p]?.commands ?? []);
  for (const line of output.split("\n").map((l) => l.trim())) {
    // a subprocess that ran `python -m pip …` and failed (its own stderr captured): CalledProcessError names the command
    const ran = /(?:['"]-m['"],\s*['"]|\s-m\s+)(\w+)\b/.exec(line)?.[1];
    if (ran && modules.includes(ran) && /CalledProcessError|returned non-zero exit status/.test(line)) return line;
    const need = needFromLine(line);
    if (need?.kind === "python-module" && modules.includes(need.subject)) return line;
    if ((need?.kind === "command-not-found" || need?.kind === "file-not-found") && commands.includes(posix.basename(need.subject))) return line;
  }
  return undefined;
}

/** Most aggressive first: setuptools goes too (an app importing pkg_resources, such as gunicorn 20, needs it). */
const LEVELS: ReadonlyArray<{ id: string; packages: string[]; summary: string; covers?: string[] }> = [
  { id: "python-venv:no-packaging", packages: ["pip", "setuptools", "wheel"], summary: "without pip, setuptools and wheel", covers: ["python-venv:no-pip"] },
  { id: "python-venv:no-pip", packages: ["pip", "wheel"], summary: "without pip and wheel (setuptools kept: pkg_resources)" },
];

export function pythonVenvVariants(input: VariantInput): Variant[] {
  const { plan, dockerfile } = input.result;
  if (plan.ecosystem !== "python") return [];
  const venv = copiedVirtualenv(dockerfile, plan.builderName);
  if (!venv) return [];
  return LEVELS.map((level) => ({
    id: level.id,
    dimension: "python-venv",
    summary: `the virtualenv ${venv} ${level.summary}, uninstalled in the builder before the copy`,
    ...(level.covers ? { covers: level.covers } : {}),
    explains: (output: string) => {
      const m = removedPackagingTool(output, level.packages);
      return m ? `${m}: the virtualenv without ${level.packages.join(", ")} lacks it` : undefined;
    },
    apply: (text: string) => {
      if (copiedVirtualenv(text, plan.builderName) !== venv) return undefined;
      const o = readOutput(text);
      const last = stageNamed(o, plan.builderName)!.body.at(-1);
      if (!last) return undefined;
      const run = `RUN ${venv}/bin/python -m pip uninstall --yes --quiet ${level.packages.join(" ")}`;
      return printEdited(
        o,
        edit(new Map(), last.index, { after: `\n${block("the app may not need the virtualenv's own packaging tools", [run])}`.replace(/\n\n$/, "\n") }),
      );
    },
  }));
}
