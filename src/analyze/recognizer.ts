// The contract between analyzeScript and the recognisers, plus the helpers they share.
import { posix } from "node:path";
import type { ShellCommand } from "../shell/script.js";
import type { FactBase, PackageSpec } from "./facts.js";
import type { Fact } from "./facts.js";

export interface RecognizeContext {
  /** The command's working directory, absolute when known. */
  cwd: string | undefined;
  /** Variables the command sees: ENV/ARG given by the caller, the script's own assignments, its env prefixes. */
  env: Readonly<Record<string, string>>;
  /** stdout feeds the next command of a pipeline (`curl … | tar x`). */
  pipedOut: boolean;
  /** stdin comes from the previous command of a pipeline. */
  pipedIn: boolean;
}

export interface Recognizer {
  id: string;
  /**
   * Facts about one command; [] when the command is not this recogniser's. The command is the normalised one
   * (wrappers such as `sudo`/`env` removed, variables resolved where known): see `normalizeCommand`.
   */
  recognize(cmd: ShellCommand, ctx: RecognizeContext): Fact[];
}

export function base(id: string, cmd: ShellCommand, network = false, outputs: string[] = []): FactBase {
  return { recognizer: id, range: cmd.range, command: cmd.index, outputs, network };
}

/** `/usr/bin/pip3` → `pip3`. */
export function programName(argv0: string | undefined): string {
  if (!argv0) return "";
  const i = argv0.lastIndexOf("/");
  return i >= 0 ? argv0.slice(i + 1) : argv0;
}

/** A path as the command sees it: absolute when it or the cwd is; otherwise normalised relative to the cwd. */
export function resolvePath(p: string, cwd: string | undefined): string {
  const joined = p.startsWith("/") ? posix.normalize(p) : cwd !== undefined && cwd.startsWith("/") ? posix.join(cwd, p) : posix.normalize(p);
  return joined.length > 1 && joined.endsWith("/") ? joined.slice(0, -1) : joined;
}

/** HOME of the user running the step; `/root` when not set, as for the default root user of images. */
export function home(ctx: RecognizeContext): string {
  return ctx.env.HOME ?? "/root";
}

/** Parses `name=1.2`, `name==1.2`, `name>=1`, `name~1`, `name@1.2`, `@scope/name@^1` into a PackageSpec. */
export function packageSpec(raw: string, style: "apt" | "apk" | "rpm" | "pip" | "npm", dynamic = false): PackageSpec {
  let m: RegExpExecArray | null = null;
  switch (style) {
    case "apt":
      m = /^([^=]+)=(.+)$/.exec(raw);
      break;
    case "apk":
      m = /^([^=<>~]+)((?:[=<>~]+).+)$/.exec(raw);
      break;
    case "rpm":
      m = /^(.+?)-(\d[\w.:~^+-]*)$/.exec(raw);
      break;
    case "pip":
      m = /^([A-Za-z0-9._-]+(?:\[[^\]]*\])?)\s*((?:===|==|>=|<=|~=|!=|<|>).*)$/.exec(raw);
      break;
    case "npm":
      m = /^(@?[^@]+)@(.+)$/.exec(raw);
      break;
  }
  const spec: PackageSpec = m ? { name: m[1]!, version: m[2]!, raw } : { name: raw, raw };
  if (style === "apk" && spec.version?.startsWith("=")) spec.version = spec.version.slice(1);
  if (dynamic) spec.dynamic = true;
  return spec;
}

/**
 * The values of argv's dynamic words, as a set: asking argv about each of n package names costs n × argv,
 * which is quadratic in a long install line.
 */
export function dynamicValues(cmd: ShellCommand): Set<string> {
  const out = new Set<string>();
  for (const w of cmd.words) if (w.dynamic) out.add(w.value);
  return out;
}

/** `python`, `python3`, `python3.11`, `/opt/venv/bin/python`: runs `-m MODULE`? Returns the module and its args. */
export function pythonModule(cmd: ShellCommand): { module: string; args: string[]; interpreter: string } | undefined {
  const name = programName(cmd.argv[0]);
  if (!/^python[0-9.]*$/.test(name)) return undefined;
  for (let i = 1; i < cmd.argv.length; i++) {
    const a = cmd.argv[i]!;
    if (a === "-m") {
      const module = cmd.argv[i + 1];
      return module ? { module, args: cmd.argv.slice(i + 2), interpreter: cmd.argv[0]! } : undefined;
    }
    if (!a.startsWith("-") || a === "-c") return undefined;
  }
  return undefined;
}

/** `/opt/venv/bin/pip` → `/opt/venv`. */
export function venvOf(executable: string): string | undefined {
  const m = /^(\/.+)\/bin\/[^/]+$/.exec(executable);
  if (!m) return undefined;
  // System bin directories are not virtualenvs.
  return /^\/(usr(\/local)?|bin|sbin|usr\/sbin)?$/.test(m[1]!) || m[1] === "/usr" || m[1] === "/usr/local" ? undefined : m[1];
}
