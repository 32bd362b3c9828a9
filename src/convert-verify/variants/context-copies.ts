// Files copied "in case": a compiled program's final stage gets the build context again (its sources, go.mod …)
// in case the program reads some of them at run time. This variant drops those COPY/ADD lines, keeping the ones
// the start command names (a wrapper script, a config file given as an argument); verification tells whether the
// program needed the rest.
import { finalStage, printEdited, readOutput, removeInstruction, startCommands, type Edits } from "./dockerfile-edit.js";
import type { Variant, VariantInput } from "./types.js";

const COMPILED = new Set(["go", "rust", "c", "generic", "java", "dotnet"]);
const REMOTE = /^[a-z][a-z0-9+.-]*:\/\//i;

const base = (p: string) => p.replace(/\/+$/, "").split("/").pop() ?? p;

/** Item indexes of the final stage's copies from the build context that the start command does not name. */
export function contextCopies(text: string): { indexes: number[]; lines: number[] } {
  const out = readOutput(text);
  const final = finalStage(out);
  if (!final || out.stages.length < 2) return { indexes: [], lines: [] };
  const named = startCommands(final).words.join(" ");
  const picked = final.body.filter(({ ins }) => {
    if (ins.kind !== "COPY" && ins.kind !== "ADD") return false;
    if (ins.kind === "COPY" && ins.from !== undefined) return false;
    if (ins.contents.length > 0 || ins.sources.some((s) => REMOTE.test(s))) return false;
    const names = [...ins.sources.map(base), base(ins.dest)].filter((n) => n && n !== "." && !/[*?[]/.test(n));
    return !names.some((n) => named.includes(n));
  });
  return { indexes: picked.map((l) => l.index), lines: picked.map((l) => l.ins.range.start.line) };
}

export function contextCopyVariants(input: VariantInput): Variant[] {
  const { plan, dockerfile } = input.result;
  if (!COMPILED.has(plan.ecosystem)) return [];
  const first = contextCopies(dockerfile);
  if (first.indexes.length === 0) return [];
  return [
    {
      id: "context-copies:dropped",
      dimension: "context-copies",
      summary: `the build-context files the final stage copies in case the program reads them left out (line${first.lines.length > 1 ? "s" : ""} ${first.lines.join(", ")} of the conversion)`,
      apply: (text) => {
        const { indexes } = contextCopies(text);
        if (indexes.length === 0) return undefined;
        const o = readOutput(text);
        const edits: Edits = new Map();
        for (const i of indexes) removeInstruction(o, edits, i);
        return printEdited(o, edits);
      },
    },
  ];
}
