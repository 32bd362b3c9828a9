// `npm install -g .` (or `-g ./cli`): the app installs itself globally and the container runs its bin by name. npm
// puts the package under the global root (/usr/local/lib/node_modules/NAME) and links each bin into the prefix's
// bin directory (/usr/local/bin/BIN → ../lib/node_modules/NAME/…). The final stage copies the package and makes the
// links again: COPY follows a symlink and would copy the script itself, which then could not find its node_modules.
import { posix } from "node:path";
import type { Fact } from "../../analyze/facts.js";
import type { Step } from "../../model/stages.js";
import { contextFileAt } from "../context-files.js";
import type { ContextReader } from "../types.js";
import { abs, type FactAt } from "./shared.js";

type NodeDeps = FactAt & { fact: Extract<Fact, { kind: "node-deps" }> };

export interface GlobalLocalPackage {
  at: NodeDeps;
  /** The package as npm installed it: /usr/local/lib/node_modules/NAME. */
  path: string;
  name: string;
  /** Bin links: /usr/local/bin/BIN → its target relative to the bin directory. */
  links: { path: string; target: string }[];
}

const isLocalSpec = (raw: string): boolean => raw === "." || raw.startsWith("./") || raw.startsWith("../") || raw.startsWith("/") || raw.startsWith("file:");

/** The bins of a package.json: `"bin": "cli.js"` (named after the package) or `{ "name": "path" }`. */
function binsOf(pkg: { name?: unknown; bin?: unknown }): Record<string, string> {
  const name = typeof pkg.name === "string" ? pkg.name : undefined;
  if (typeof pkg.bin === "string" && name) return { [name.replace(/^@[^/]+\//, "")]: pkg.bin };
  if (pkg.bin && typeof pkg.bin === "object") {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(pkg.bin as Record<string, unknown>)) if (typeof v === "string") out[k] = v;
    return out;
  }
  return {};
}

/** Local packages an `npm install -g <path>` step installed, read from their package.json in the build context. */
export function globalLocalPackages(globals: NodeDeps[], steps: readonly Step[], context: ContextReader | undefined): GlobalLocalPackage[] {
  const out: GlobalLocalPackage[] = [];
  for (const g of globals) {
    if (g.fact.tool !== "npm") continue;
    const root = g.fact.outputs.find((o) => o.endsWith("/node_modules"));
    if (!root) continue;
    const binDir = posix.join(root, "..", "..", "bin");
    const cwd = g.cwd ?? steps[g.step]?.workdir ?? "/";
    for (const p of g.fact.packages) {
      if (!isLocalSpec(p.raw)) continue;
      const dir = abs(cwd, p.raw.replace(/^file:/, ""));
      const text = contextFileAt(posix.join(dir, "package.json"), steps, context, g.step)?.text;
      if (text === undefined) continue;
      let pkg: { name?: unknown; bin?: unknown };
      try {
        pkg = JSON.parse(text) as { name?: unknown; bin?: unknown };
      } catch {
        continue;
      }
      if (typeof pkg.name !== "string" || !/^(@[a-z0-9._-]+\/)?[a-z0-9._-]+$/i.test(pkg.name)) continue;
      const path = posix.join(root, pkg.name);
      const links = Object.entries(binsOf(pkg))
        .filter(([bin]) => /^[A-Za-z0-9._-]+$/.test(bin))
        .map(([bin, file]) => ({ path: posix.join(binDir, bin), target: posix.relative(binDir, posix.join(path, file)) }));
      out.push({ at: g, path, name: pkg.name, links });
    }
  }
  return out;
}
