// Python: the virtualenv without its own pip, setuptools and wheel (about 22 MB on Python 3.11), or without pip and
// wheel only, uninstalled in the builder right before the final stage copies the virtualenv. The converter keeps them because an app may
// import pkg_resources (setuptools) or run pip at start; verification tells.
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
