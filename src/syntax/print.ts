// Printing is concatenation: the items partition the source, so the original text comes back byte for byte, and a
// tool that replaces one item's raw text rewrites just that instruction.
import type { DockerfileTree } from "./types.js";

export function printDockerfile(tree: Pick<DockerfileTree, "items">): string {
  let out = "";
  for (const item of tree.items) out += item.raw;
  return out;
}
