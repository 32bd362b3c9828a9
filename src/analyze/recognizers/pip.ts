// pip / pip3 / pip3.11 / python -m pip / /opt/venv/bin/pip: install (requirements, editable, local paths,
// --user/--prefix/--target/--no-cache-dir), uninstall, download, wheel; `pip cache purge` as cleanup.
import type { Fact, PythonDepsFact } from "../facts.js";
import { parseArgs } from "../args.js";
import {
  base,
  dynamicValues,
  home,
  packageSpec,
  programName,
  pythonModule,
  resolvePath,
  venvOf,
  type RecognizeContext,
  type Recognizer,
} from "../recognizer.js";
import type { ShellCommand } from "../../shell/script.js";

/** pip options that take a value (the next word is not a package). */
export const PIP_VALUE_OPTIONS = [
  "-r",
  "--requirement",
  "-c",
  "--constraint",
  "-e",
  "--editable",
  "-t",
  "--target",
  "--prefix",
  "--root",
  "-i",
  "--index-url",
  "--extra-index-url",
  "-f",
  "--find-links",
  "--platform",
  "--python-version",
  "--implementation",
  "--abi",
  "--only-binary",
  "--no-binary",
  "--progress-bar",
  "--cache-dir",
  "--src",
  "--upgrade-strategy",
  "--trusted-host",
  "--timeout",
  "--retries",
  "-d",
  "--dest",
  "-w",
  "--wheel-dir",
  "--log",
  "--proxy",
  "--config-settings",
  "-C",
  "--global-option",
  "--python",
  "--report",
  "--exists-action",
  "--cert",
  "--client-cert",
  "--install-option",
  "--root-user-action",
];
const VALUES = PIP_VALUE_OPTIONS;

/** A local path rather than a requirement specifier: `.`, `./x`, `/x`, `*.whl`, `x.tar.gz`. */
function isLocalPath(arg: string): boolean {
  return /^(\.|\.\.|\.?\.?\/|\/|~)/.test(arg) || /\.(whl|tar\.gz|zip|tgz)$/.test(arg);
}

/** Which pip this is, and the args after `pip`. */
function pipInvocation(cmd: ShellCommand): { args: string[]; venv: string | undefined } | undefined {
  const py = pythonModule(cmd);
  if (py) return py.module === "pip" ? { args: py.args, venv: venvOf(py.interpreter) } : undefined;
  const name = programName(cmd.argv[0]);
  if (!/^pip[0-9.]*$/.test(name)) return undefined;
  return { args: cmd.argv.slice(1), venv: venvOf(cmd.argv[0]!) };
}

export function pipFact(id: string, tool: "pip" | "uv", cmd: ShellCommand, ctx: RecognizeContext, args: string[], venv: string | undefined): Fact[] {
  const parsed = parseArgs(args, { values: VALUES });
  const [sub, ...rest] = parsed.positionals;
  if (!sub) return [];
  if (sub === "cache" && (rest[0] === "purge" || rest[0] === "remove")) {
    return [{ ...base(id, cmd), kind: "cache-cleanup", owner: "pip", paths: [`${home(ctx)}/.cache/pip`] }];
  }
  if (!["install", "uninstall", "download", "wheel", "sync", "compile"].includes(sub)) return [];
  const dynamic = dynamicValues(cmd);
  const packages = rest.filter((p) => !isLocalPath(p)).map((p) => packageSpec(p, "pip", dynamic.has(p)));
  const localPaths = rest.filter(isLocalPath);
  const editable = parsed.all("-e", "--editable");
  const noCacheDir = parsed.has("--no-cache-dir", "--no-cache") || ctx.env.PIP_NO_CACHE_DIR === "1" || /^(off|true|yes)$/i.test(ctx.env.PIP_NO_CACHE_DIR ?? "");
  const user = parsed.has("--user") || ctx.env.PIP_USER === "1";
  const prefix = parsed.get("--prefix");
  const target = parsed.get("-t", "--target");
  const outputs: string[] = [];
  if (target) outputs.push(resolvePath(target, ctx.cwd));
  else if (prefix) outputs.push(resolvePath(prefix, ctx.cwd));
  else if (user) outputs.push(`${home(ctx)}/.local`);
  else if (venv) outputs.push(venv);
  if (sub === "download" || sub === "wheel") {
    const dest = parsed.get("-d", "--dest", "-w", "--wheel-dir");
    outputs.push(resolvePath(dest ?? ".", ctx.cwd));
  }
  if (!noCacheDir && sub !== "uninstall") outputs.push(tool === "uv" ? `${home(ctx)}/.cache/uv` : `${home(ctx)}/.cache/pip`);
  const offline = parsed.has("--no-index");
  const fact: PythonDepsFact = {
    ...base(id, cmd, sub !== "uninstall" && !offline, outputs),
    kind: "python-deps",
    tool,
    op: sub,
    packages,
    requirements: parsed.all("-r", "--requirement"),
    constraints: parsed.all("-c", "--constraint"),
    editable,
    localPaths,
    user,
    noCacheDir,
  };
  if (prefix !== undefined) fact.prefix = prefix;
  if (target !== undefined) fact.target = target;
  if (venv !== undefined) fact.venv = venv;
  if (parsed.has("--system")) fact.system = true;
  // pip reads PIP_NO_BUILD_ISOLATION inverted (0/false turns isolation off), so any value counts as asking for it
  if (parsed.has("--no-build-isolation") || (tool === "pip" && ctx.env.PIP_NO_BUILD_ISOLATION !== undefined)) fact.noBuildIsolation = true;
  return [fact];
}

export const pip: Recognizer = {
  id: "pip",
  recognize(cmd, ctx) {
    const inv = pipInvocation(cmd);
    if (!inv) return [];
    return pipFact("pip", "pip", cmd, ctx, inv.args, inv.venv ?? (ctx.env.VIRTUAL_ENV || undefined));
  },
};
