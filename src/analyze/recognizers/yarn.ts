// yarn classic (1.x) and berry (2+): install (--frozen-lockfile / --immutable, --production), add/remove,
// `workspaces focus --production`, run SCRIPT / bare script names, dlx; `yarn cache clean` as cleanup.
import { parseArgs } from "../args.js";
import type { NodeDepsFact } from "../facts.js";
import { base, home, packageSpec, programName, resolvePath, type Recognizer } from "../recognizer.js";
import { nodeOmitDev } from "./npm.js";

/** yarn subcommands that are not package scripts. */
const BUILTIN = new Set([
  "config",
  "cache",
  "global",
  "info",
  "init",
  "link",
  "unlink",
  "list",
  "licenses",
  "outdated",
  "pack",
  "publish",
  "set",
  "version",
  "versions",
  "why",
  "workspace",
  "workspaces",
  "plugin",
  "policies",
  "login",
  "logout",
  "bin",
  "dedupe",
  "npm",
  "constraints",
  "explain",
  "patch",
  "patch-commit",
  "rebuild",
  "search",
  "stage",
  "tag",
  "team",
  "up",
  "upgrade",
  "upgrade-interactive",
  "import",
  "autoclean",
  "check",
  "create",
  "generate-lock-entry",
  "help",
  "owner",
  "audit",
  "node",
  "exec",
  "--version",
  "-v",
]);

export const yarn: Recognizer = {
  id: "yarn",
  recognize(cmd, ctx) {
    if (programName(cmd.argv[0]) !== "yarn") return [];
    const parsed = parseArgs(cmd.argv.slice(1), {
      values: ["--cwd", "--modules-folder", "--cache-folder", "--network-timeout", "--mutex", "--registry"],
      stopAtPositional: true,
    });
    const [sub = "install", ...rest] = parsed.positionals;
    const all = parseArgs(cmd.argv.slice(1), { values: ["--cwd", "--modules-folder", "--cache-folder", "--network-timeout", "--mutex", "--registry"] });
    const berryFlags = all.has("--immutable", "--immutable-cache", "--check-cache", "--mode", "--inline-builds");
    const classicFlags = all.has(
      "--frozen-lockfile",
      "--pure-lockfile",
      "--production",
      "--prod",
      "--non-interactive",
      "--ignore-optional",
      "--cache-folder",
      "--network-timeout",
      "--no-lockfile",
      "--modules-folder",
    );
    const variant = berryFlags ? "berry" : classicFlags ? "classic" : undefined;
    const dir = all.get("--cwd") ?? ".";
    if (sub === "cache" && rest[0] === "clean") {
      return [{ ...base("yarn", cmd), kind: "cache-cleanup", owner: "yarn", paths: [ctx.env.YARN_CACHE_FOLDER ?? "/usr/local/share/.cache/yarn"] }];
    }
    if (sub === "run") {
      const [script, ...args] = rest;
      return script ? [{ ...base("yarn", cmd), kind: "node-run", tool: "yarn", script, args }] : [];
    }
    if (sub === "dlx") {
      const [tool, ...args] = rest.filter((r) => !r.startsWith("-"));
      return tool ? [{ ...base("yarn", cmd, true), kind: "node-run", tool: "npx", script: tool, args }] : [];
    }
    let op: NodeDepsFact["op"] | undefined;
    let omitDev = nodeOmitDev(all, ctx);
    if (sub === "install") op = "install";
    else if (sub === "add" || (sub === "global" && rest[0] === "add")) op = "add";
    else if (sub === "remove") op = "remove";
    else if (sub === "workspaces" && rest[0] === "focus") {
      op = "install";
      omitDev = omitDev || rest.includes("--production");
    } else if (!sub.startsWith("-") && !BUILTIN.has(sub)) {
      // `yarn build` runs the package script `build`.
      return [{ ...base("yarn", cmd), kind: "node-run", tool: "yarn", script: sub, args: rest }];
    }
    if (!op) return [];
    const global = sub === "global";
    const outputs = [
      global ? "/usr/local/share/.config/yarn/global/node_modules" : resolvePath(`${dir}/${all.get("--modules-folder") ?? "node_modules"}`, ctx.cwd),
    ];
    const cacheFolder = all.get("--cache-folder") ?? ctx.env.YARN_CACHE_FOLDER;
    if (op === "install" || op === "add") {
      if (cacheFolder) outputs.push(cacheFolder);
      else if (variant === "berry") outputs.push(resolvePath(`${dir}/.yarn/cache`, ctx.cwd));
      else outputs.push(home(ctx) === "/root" ? "/usr/local/share/.cache/yarn" : `${home(ctx)}/.cache/yarn`);
    }
    const fact: NodeDepsFact = {
      ...base("yarn", cmd, !all.has("--offline"), outputs),
      kind: "node-deps",
      tool: "yarn",
      op,
      packages: op === "add" || op === "remove" ? rest.filter((r) => !r.startsWith("-") && r !== "add").map((p) => packageSpec(p, "npm")) : [],
      global,
      omitDev,
      frozenLockfile: all.has("--frozen-lockfile", "--immutable", "--pure-lockfile"),
    };
    if (variant) fact.variant = variant;
    return [fact];
  },
};
