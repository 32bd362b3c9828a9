// pnpm install/add/remove/prune (--prod, --frozen-lockfile, --filter), fetch, deploy, run/exec/dlx; store prune.
import { parseArgs } from "../args.js";
import type { NodeDepsFact } from "../facts.js";
import { base, home, packageSpec, programName, resolvePath, type Recognizer } from "../recognizer.js";
import { nodeOmitDev } from "./npm.js";

const VALUES = ["--filter", "-F", "-C", "--dir", "--store-dir", "--reporter", "--config.node-linker", "--network-concurrency"];

export const pnpm: Recognizer = {
  id: "pnpm",
  recognize(cmd, ctx) {
    const name = programName(cmd.argv[0]);
    const args = name === "pnpm" ? cmd.argv.slice(1) : name === "corepack" && cmd.argv[1] === "pnpm" ? cmd.argv.slice(2) : undefined;
    if (!args) return [];
    const parsed = parseArgs(args, { values: VALUES });
    const [sub = "install", ...rest] = parsed.positionals;
    const dir = parsed.get("-C", "--dir") ?? ".";
    const store = parsed.get("--store-dir") ?? ctx.env.PNPM_STORE_DIR ?? `${ctx.env.PNPM_HOME ?? `${home(ctx)}/.local/share/pnpm`}/store`;
    if (sub === "store" && rest[0] === "prune") return [{ ...base("pnpm", cmd), kind: "cache-cleanup", owner: "pnpm", paths: [store] }];
    if (sub === "run" || sub === "run-script") {
      const [script, ...a] = rest;
      return script ? [{ ...base("pnpm", cmd), kind: "node-run", tool: "pnpm", script, args: a }] : [];
    }
    if (sub === "exec" || sub === "dlx") {
      const [tool, ...a] = rest;
      return tool ? [{ ...base("pnpm", cmd, sub === "dlx"), kind: "node-run", tool: "npx", script: tool, args: a }] : [];
    }
    if (sub === "build" || sub === "test" || sub === "start") return [{ ...base("pnpm", cmd), kind: "node-run", tool: "pnpm", script: sub, args: rest }];
    const op: NodeDepsFact["op"] | undefined =
      sub === "install" || sub === "i" || sub === "fetch" || sub === "deploy"
        ? "install"
        : sub === "add"
          ? "add"
          : sub === "remove" || sub === "rm"
            ? "remove"
            : sub === "prune"
              ? "prune"
              : undefined;
    if (!op) return [];
    const outputs = [resolvePath(sub === "deploy" && rest[0] ? rest[0] : `${dir}/node_modules`, ctx.cwd)];
    if (sub === "fetch") outputs.length = 0;
    if (op === "install" || op === "add") outputs.push(store);
    const fact: NodeDepsFact = {
      ...base("pnpm", cmd, op !== "remove" && op !== "prune" && !parsed.has("--offline"), outputs),
      kind: "node-deps",
      tool: "pnpm",
      op,
      packages: op === "add" || op === "remove" ? rest.map((p) => packageSpec(p, "npm")) : [],
      global: parsed.has("-g", "--global"),
      omitDev: nodeOmitDev(parsed, ctx),
      frozenLockfile: parsed.has("--frozen-lockfile") || sub === "fetch",
    };
    return [fact];
  },
};
