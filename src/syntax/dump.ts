// BuildKit's `(*Node).Dump()` format, so conformance can be checked against BuildKit's own expected results.
import { goQuote } from "./chars.js";
import type { DockerfileTree, InstructionNode } from "./types.js";

export function dumpInstruction(node: InstructionNode): string {
  let out = node.name;
  if (node.flags.length > 0) out += " [" + node.flags.map((f) => goQuote(f.text)).join(" ") + "]";
  if (node.sub) return `${out} (${dumpInstruction(node.sub)})`;
  for (const a of node.args) out += " " + goQuote(a);
  return out;
}

/** The whole tree the way BuildKit's dumper prints it: one `(instruction …)` line per instruction. */
export function dumpBuildkit(tree: DockerfileTree): string {
  return tree.instructions.map((n) => `(${dumpInstruction(n)})`).join("\n") + "\n";
}
