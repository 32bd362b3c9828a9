// npm install/ci/uninstall/prune (--omit=dev, --production, --only=prod, -g), npm run SCRIPT, npx TOOL;
// `npm cache clean` as cleanup.
import { parseArgs } from "../args.js";
import type { Fact, NodeDepsFact } from "../facts.js";
import { base, dynamicValues, home, packageSpec, programName, resolvePath, type RecognizeContext, type Recognizer } from "../recognizer.js";
import type { ShellCommand } from "../../shell/script.js";

const VALUES = ["--omit", "--include", "--only", "-w", "--workspace", "--prefix", "-C", "--registry", "--cache", "--loglevel", "--userconfig", "--tag"];

const INSTALL = new Set(["install", "i", "in", "ins", "inst", "insta", "instal", "isnt", "isnta", "isntal", "add"]);
const CI = new Set(["ci", "clean-install", "ic", "install-clean", "isntall-clean"]);
const REMOVE = new Set(["uninstall", "un", "unlink", "remove", "rm", "r"]);

function npx(cmd: ShellCommand): Fact[] {
  const parsed = parseArgs(cmd.argv.slice(1), { values: ["-p", "--package", "-c", "--call"], stopAtPositional: true });
  const [tool, ...args] = parsed.positionals;
  if (!tool) return [];
  // npx may download the tool unless it is installed locally; we cannot tell, so say it may use the network.
  return [{ ...base("npm", cmd, true), kind: "node-run", tool: "npx", script: tool, args }];
}

export function nodeOmitDev(
  options: { has(...n: string[]): boolean; all(...n: string[]): string[]; get(...n: string[]): string | undefined },
  ctx: RecognizeContext,
): boolean {
  return (
    options.all("--omit").some((v) => v.split(",").includes("dev")) ||
    (options.has("--production", "--prod", "-P") && options.get("--production") !== "false") ||
    /^prod(uction)?$/.test(options.get("--only") ?? "") ||
    ctx.env.NODE_ENV === "production" ||
    (ctx.env.npm_config_omit ?? ctx.env.NPM_CONFIG_OMIT ?? "").split(",").includes("dev") ||
    /^(true|1)$/.test(ctx.env.NPM_CONFIG_PRODUCTION ?? ctx.env.npm_config_production ?? "")
  );
}

export const npm: Recognizer = {
  id: "npm",
  recognize(cmd, ctx) {
    const name = programName(cmd.argv[0]);
    if (name === "npx") return npx(cmd);
    if (name !== "npm") return [];
    const parsed = parseArgs(cmd.argv.slice(1), { values: VALUES });
    const [sub, ...rest] = parsed.positionals;
    if (!sub) return [];
    if (sub === "cache" && rest[0] === "clean") {
      return [{ ...base("npm", cmd), kind: "cache-cleanup", owner: "npm", paths: [`${home(ctx)}/.npm`] }];
    }
    if (sub === "run" || sub === "run-script" || sub === "rum" || sub === "urn" || sub === "start" || sub === "test" || sub === "t" || sub === "build") {
      const script = sub === "run" || sub === "run-script" || sub === "rum" || sub === "urn" ? rest[0] : sub === "t" ? "test" : sub;
      if (!script) return [];
      return [{ ...base("npm", cmd), kind: "node-run", tool: "npm", script, args: [...(sub.startsWith("r") ? rest.slice(1) : rest), ...parsed.rest] }];
    }
    if (sub === "exec" || sub === "x") {
      const [tool, ...args] = [...rest, ...parsed.rest];
      return tool ? [{ ...base("npm", cmd, true), kind: "node-run", tool: "npx", script: tool, args }] : [];
    }
    const op: NodeDepsFact["op"] | undefined = INSTALL.has(sub)
      ? "install"
      : CI.has(sub)
        ? "ci"
        : REMOVE.has(sub)
          ? "remove"
          : sub === "prune"
            ? "prune"
            : sub === "dedupe" || sub === "ddp"
              ? "dedupe"
              : sub === "rebuild" || sub === "rb"
                ? "rebuild"
                : undefined;
    if (!op) return [];
    const global = parsed.has("-g", "--global", "--location=global") || parsed.get("--location") === "global";
    const outputs: string[] = [];
    if (global) outputs.push(ctx.env.NPM_CONFIG_PREFIX ? `${ctx.env.NPM_CONFIG_PREFIX}/lib/node_modules` : "/usr/local/lib/node_modules");
    else outputs.push(resolvePath(`${parsed.get("--prefix", "-C") ?? "."}/node_modules`, ctx.cwd));
    if (op === "install" || op === "ci") outputs.push(parsed.get("--cache") ?? ctx.env.npm_config_cache ?? ctx.env.NPM_CONFIG_CACHE ?? `${home(ctx)}/.npm`);
    const dynamic = dynamicValues(cmd);
    const fact: NodeDepsFact = {
      ...base("npm", cmd, op === "install" || op === "ci" || op === "rebuild", outputs),
      kind: "node-deps",
      tool: "npm",
      op,
      packages: rest.map((p) => packageSpec(p, "npm", dynamic.has(p))),
      global,
      omitDev: nodeOmitDev(parsed, ctx),
      frozenLockfile: op === "ci",
    };
    return [fact];
  },
};
