// File operations: cp, mv, install, ln, mkdir, chmod, chown, rm. `rm` of a known cache directory is a
// cache-cleanup fact; any other `rm` is a file-op.
import { parseArgs } from "../args.js";
import type { CacheCleanupFact, FileOpFact } from "../facts.js";
import { base, home, programName, resolvePath, type RecognizeContext, type Recognizer } from "../recognizer.js";
import type { ShellCommand } from "../../shell/script.js";

type Owner = CacheCleanupFact["owner"];

/** Cache directories by owner; `~` is the user's HOME. */
const CACHES: [string, Owner][] = [
  ["/var/lib/apt/lists", "apt"],
  ["/var/cache/apt", "apt"],
  ["/var/cache/debconf", "apt"],
  ["/var/cache/apk", "apk"],
  ["/etc/apk/cache", "apk"],
  ["/var/cache/dnf", "dnf"],
  ["/var/cache/yum", "yum"],
  ["~/.cache/pip", "pip"],
  ["~/.cache/pypoetry", "pip"],
  ["~/.cache/pipenv", "pip"],
  ["~/.cache/uv", "pip"],
  ["~/.npm", "npm"],
  ["/usr/local/share/.cache/yarn", "yarn"],
  ["~/.cache/yarn", "yarn"],
  ["~/.yarn/berry/cache", "yarn"],
  ["~/.local/share/pnpm/store", "pnpm"],
  ["~/.cache/go-build", "go"],
  ["/go/pkg/mod", "go"],
  ["~/go/pkg/mod", "go"],
  ["~/.cargo/registry", "cargo"],
  ["~/.cargo/git", "cargo"],
  ["/usr/local/cargo/registry", "cargo"],
  ["~/.m2", "maven"],
  ["~/.gradle", "gradle"],
  ["~/.nuget", "nuget"],
  ["~/.cache", "generic"],
  ["/var/cache", "generic"],
  ["/tmp", "generic"],
  ["/var/tmp", "generic"],
  ["/var/log", "generic"],
  ["/usr/share/doc", "generic"],
  ["/usr/share/man", "generic"],
];

/** Whose cache a removed path belongs to, if any. `/var/lib/apt/lists/*` → apt. */
function cacheOwner(path: string, ctx: RecognizeContext): Owner | undefined {
  const p = path.replace(/\/\*+$/, "").replace(/\/+$/, "") || "/";
  const h = home(ctx);
  for (const [dir, owner] of CACHES) {
    const d = dir.replace(/^~/, h);
    if (p === d || p.startsWith(`${d}/`) || (p.endsWith("*") && d.startsWith(p.slice(0, -1)))) return owner;
  }
  return undefined;
}

function op(cmd: ShellCommand, kind: FileOpFact["op"], paths: string[], extra: Partial<FileOpFact>, outputs: string[] = []): FileOpFact {
  return { ...base("files", cmd, false, outputs), kind: "file-op", op: kind, paths, recursive: false, ...extra };
}

export const files: Recognizer = {
  id: "files",
  recognize(cmd, ctx) {
    const name = programName(cmd.argv[0]);
    const args = cmd.argv.slice(1);
    switch (name) {
      case "rm": {
        const p = parseArgs(args, {});
        const paths = [...p.positionals, ...p.rest];
        if (paths.length === 0) return [];
        const resolved = paths.map((x) => resolvePath(x, ctx.cwd));
        const owners = resolved.map((x) => cacheOwner(x, ctx));
        if (owners.every((o) => o !== undefined)) {
          const specific = owners.find((o) => o !== "generic") ?? "generic";
          return [{ ...base("files", cmd), kind: "cache-cleanup", owner: specific, paths: resolved }];
        }
        return [op(cmd, "remove", resolved, { recursive: p.has("-r", "-R", "--recursive") })];
      }
      case "cp":
      case "mv":
      case "install": {
        const p = parseArgs(args, { values: ["-t", "--target-directory", "-m", "--mode", "-o", "--owner", "-g", "--group", "-S", "--suffix"] });
        if (name === "install" && p.has("-d", "--directory")) {
          const dirs = p.positionals.map((x) => resolvePath(x, ctx.cwd));
          return [op(cmd, "mkdir", dirs, {}, dirs)];
        }
        const targetDir = p.get("-t", "--target-directory");
        const sources = targetDir ? p.positionals : p.positionals.slice(0, -1);
        const dest = targetDir ?? p.positionals[p.positionals.length - 1];
        if (!dest || sources.length === 0) return [];
        const d = resolvePath(dest, ctx.cwd);
        const extra: Partial<FileOpFact> = { dest: d, recursive: p.has("-r", "-R", "-a", "--recursive", "--archive") };
        const mode = p.get("-m", "--mode");
        if (mode !== undefined) extra.mode = mode;
        return [
          op(
            cmd,
            name === "mv" ? "move" : name === "cp" ? "copy" : "install",
            sources.map((x) => resolvePath(x, ctx.cwd)),
            extra,
            [d],
          ),
        ];
      }
      case "ln": {
        const p = parseArgs(args, { values: ["-t", "--target-directory", "-S", "--suffix"] });
        const [target, link] = p.positionals;
        if (!target) return [];
        const l = resolvePath(link ?? p.get("-t", "--target-directory") ?? target.split("/").pop()!, ctx.cwd);
        return [op(cmd, "link", [target], { dest: l }, [l])];
      }
      case "mkdir": {
        const p = parseArgs(args, { values: ["-m", "--mode"] });
        const dirs = p.positionals.map((x) => resolvePath(x, ctx.cwd));
        if (dirs.length === 0) return [];
        const extra: Partial<FileOpFact> = { recursive: p.has("-p", "--parents") };
        const mode = p.get("-m", "--mode");
        if (mode !== undefined) extra.mode = mode;
        return [op(cmd, "mkdir", dirs, extra, dirs)];
      }
      case "chmod":
      case "chown":
      case "chgrp": {
        // Modes like `-x` or `-w` look like options; only -R/-v/-f/-c/-h are chmod/chown flags.
        const flags = args.filter((a) => /^-[RvfchHLP]+$/.test(a) || a.startsWith("--"));
        const rest = args.filter((a) => !flags.includes(a));
        const [mode, ...paths] = rest;
        if (!mode || paths.length === 0) return [];
        return [
          op(
            cmd,
            name === "chmod" ? "chmod" : "chown",
            paths.map((x) => resolvePath(x, ctx.cwd)),
            { mode, recursive: flags.some((f) => /R/.test(f) || f === "--recursive") },
          ),
        ];
      }
      default:
        return [];
    }
  },
};
