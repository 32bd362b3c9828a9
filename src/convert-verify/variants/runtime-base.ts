// The final base's smaller sibling of the same Debian release: `debian:<release>-slim` → distroless cc (glibc,
// libgcc, libstdc++, CA certificates, time zone data; no shell, no package manager), for a compiled program
// (Rust, C/C++, a Go binary with cgo) whose final stage runs nothing at build time and starts without a shell.
// Python and Node finals have no sibling: the distroless python3 and nodejs images carry Debian's interpreter at
// another path than the official images' /usr/local/bin one, so a copied virtualenv or node_modules would not run.
import { finalStage, printEdited, readOutput, replaceFromImage, startCommands, type Edits } from "./dockerfile-edit.js";
import type { Variant, VariantInput } from "./types.js";

const DEBIAN_NUMBER: Readonly<Record<string, string>> = { bullseye: "11", bookworm: "12", trixie: "13" };
const COMPILED = new Set(["rust", "c", "generic", "go"]);

/** `gcr.io/distroless/cc-debianN` for `debian:<release>-slim`, undefined for any other base. */
export function distrolessSibling(finalBase: string): string | undefined {
  const m = /^(?:docker\.io\/)?(?:library\/)?debian:([a-z]+)-slim$/.exec(finalBase);
  const n = m ? DEBIAN_NUMBER[m[1]!] : undefined;
  return n ? `gcr.io/distroless/cc-debian${n}` : undefined;
}

export function runtimeBaseVariants(input: VariantInput): Variant[] {
  const { plan, dockerfile } = input.result;
  const target = distrolessSibling(plan.finalBase);
  if (!target || !COMPILED.has(plan.ecosystem)) return [];
  const final = finalStage(readOutput(dockerfile));
  if (!final || final.body.some((l) => l.ins.kind === "RUN")) return [];
  const start = startCommands(final);
  // a shell form, or a script as the program, needs /bin/sh
  if (start.shell || start.words.length === 0 || /\.(sh|bash)$/.test(start.words[0]!)) return [];
  return [
    {
      id: "final-base:distroless-cc",
      dimension: "final-base",
      summary: `FROM ${target} instead of ${plan.finalBase} (same Debian release, glibc and libstdc++, no shell)`,
      apply: (text) => {
        const o = readOutput(text);
        const f = finalStage(o);
        if (!f || o.stages.length < 2 || f.body.some((l) => l.ins.kind === "RUN")) return undefined;
        return printEdited(o, replaceFromImage(o, f, target, new Map() as Edits));
      },
    },
  ];
}
