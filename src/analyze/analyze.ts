// Applies the recognisers to a parsed script: normalises each command (wrappers such as sudo/env removed,
// variables resolved where known, `sh -c '…'` parsed), then collects facts; commands nobody recognises are
// either "trivial" (echo, set, cd, …) or returned as unrecognised.
import { pushAll } from "../arrays.js";
import { parseScript, resolveWord, type ShellCommand, type ShellScript, type ShellWord } from "../shell/script.js";
import type { Fact } from "./facts.js";
import { programName, resolvePath, type RecognizeContext, type Recognizer } from "./recognizer.js";
import { RECOGNIZERS } from "./recognizers/index.js";

export interface AnalyzeContext {
  /** The WORKDIR the script starts in. */
  cwd?: string;
  /** ENV and ARG values in scope. */
  env?: Record<string, string>;
  /** Recognisers to use (default: all of them). */
  recognizers?: readonly Recognizer[];
}

export interface ScriptAnalysis {
  facts: Fact[];
  /** Commands no recogniser knows and that are not housekeeping. */
  unrecognized: ShellCommand[];
  /** Housekeeping commands that change nothing a build split cares about (echo, set, cd, test, grep…). */
  trivial: ShellCommand[];
}

/** Commands that matter little for a build/runtime split. `rm`, `mkdir`, `ln` are recognised (files.ts). */
export const TRIVIAL = new Set([
  "echo",
  "printf",
  "true",
  "false",
  ":",
  "set",
  "cd",
  "pushd",
  "popd",
  "export",
  "unset",
  "exit",
  "return",
  "sleep",
  "source",
  ".",
  "which",
  "type",
  "hash",
  "command",
  "ls",
  "pwd",
  "id",
  "whoami",
  "uname",
  "date",
  "touch",
  "rmdir",
  "readlink",
  "realpath",
  "dirname",
  "basename",
  "cat",
  "tee",
  "wait",
  "trap",
  "ulimit",
  "umask",
  "shopt",
  "alias",
  "test",
  "[",
  "[[",
  "grep",
  "head",
  "tail",
  "wc",
  "sort",
  "uniq",
  "cut",
  "tr",
  "awk",
  "sed",
  "find",
  "xargs",
  "env",
  "printenv",
  "file",
  "stat",
  "du",
  "df",
  "diff",
  "cmp",
  "sha256sum",
  "sha512sum",
  "sha1sum",
  "md5sum",
  "nproc",
  "getent",
  "local",
  "declare",
  "readonly",
  "typeset",
  "let",
  "eval",
  "shift",
  "read",
  "break",
  "continue",
  "yes",
  "ldd",
  "ldconfig",
  "update-ca-certificates",
  "locale-gen",
  "ping",
  "sync",
  "jq",
  "base64",
  "seq",
  "tput",
  "mktemp",
  "usermod",
]);

const SHELLS = new Set(["sh", "bash", "ash", "dash", "zsh", "busybox"]);

/** Facts about every command of a script. Pure: no I/O. */
export function analyzeScript(script: ShellScript, ctx: AnalyzeContext = {}): ScriptAnalysis {
  const out: ScriptAnalysis = { facts: [], unrecognized: [], trivial: [] };
  for (const cmd of script.commands) analyzeCommand(cmd, ctx, out, 0);
  return out;
}

function analyzeCommand(cmd: ShellCommand, ctx: AnalyzeContext, out: ScriptAnalysis, depth: number): void {
  if (cmd.kind === "assignment" || cmd.kind === "declaration" || cmd.kind === "test") {
    out.trivial.push(cmd);
    return;
  }
  const env = commandEnv(cmd, ctx.env ?? {});
  const norm = normalizeCommand(cmd, env);
  if (!norm.name) {
    out.trivial.push(cmd);
    return;
  }
  const cwd = cmd.cwd === undefined ? undefined : cmd.cwd.startsWith("/") ? cmd.cwd : ctx.cwd !== undefined ? resolvePath(cmd.cwd, ctx.cwd) : undefined;
  // `sh -c 'a && b'`: analyse the inner script; its facts point at the outer command.
  const name = programName(norm.name);
  const inner = SHELLS.has(name) ? innerScript(norm) : undefined;
  if (inner !== undefined && depth < 3) {
    const script = parseScript(inner, { ...(cwd !== undefined ? { cwd } : {}), env });
    const sub: ScriptAnalysis = { facts: [], unrecognized: [], trivial: [] };
    for (const c of script.commands)
      analyzeCommand(
        { ...c, index: cmd.index, range: cmd.range, context: [...cmd.context, ...c.context] },
        { ...ctx, env, ...(cwd !== undefined ? { cwd } : {}) },
        sub,
        depth + 1,
      );
    pushAll(out.facts, sub.facts);
    pushAll(out.unrecognized, sub.unrecognized);
    pushAll(out.trivial, sub.trivial);
    return;
  }
  const rctx: RecognizeContext = {
    cwd,
    env,
    pipedOut: cmd.pipeline !== undefined && cmd.pipeline.index < cmd.pipeline.length - 1,
    pipedIn: cmd.pipeline !== undefined && cmd.pipeline.index > 0,
  };
  const facts: Fact[] = [];
  for (const r of ctx.recognizers ?? RECOGNIZERS) pushAll(facts, r.recognize(norm, rctx));
  if (facts.length > 0) pushAll(out.facts, facts);
  else if (TRIVIAL.has(name) || isQuery(norm.argv) || configuresTool(norm.argv) || inspects(norm.argv)) out.trivial.push(cmd);
  else out.unrecognized.push(cmd);
}

/** `go version`, `cargo --version`, `apk --print-arch`, `go env GOARCH`: asks, changes nothing. */
function isQuery(argv: string[]): boolean {
  const a = argv[1];
  if (argv.length === 2 && (a === "--version" || a === "-version" || a === "version" || a === "-v" || a === "-V" || a === "--help")) return true;
  if (a === "--print-arch" || a === "--print-architecture" || a === "--print-foreign-architectures") return true;
  return a === "env" && argv.length > 2 && argv.slice(2).every((x) => /^[A-Z][A-Z0-9_]*$/.test(x));
}

/** Subcommands of build tools that only inspect or check what is installed, and write nothing. */
const INSPECTING: Readonly<Record<string, RegExp>> = {
  pip: /^(check|list|freeze|show|debug|inspect)$/,
  go: /^(list|doc|mod (verify|graph|why))$/,
  npm: /^(ls|list|ll|la|view|info|show|outdated|explain|why|doctor)$/,
  poetry: /^(check|show|env info|env list)$/,
  cargo: /^(tree|metadata|verify-project)$/,
};

/** `pip check`, `go mod verify`, `npm ls`: inspects, changes nothing. */
function inspects(argv: string[]): boolean {
  const name = programName(argv[0]).replace(/^pip[0-9.]*$/, "pip");
  const re = INSPECTING[name];
  const words = argv.slice(1).filter((a) => !a.startsWith("-"));
  return re !== undefined && (re.test(words[0] ?? "") || re.test(words.slice(0, 2).join(" ")));
}

/**
 * `poetry config virtualenvs.create false`, `pip config set global.timeout 60`: settings of a build tool, kept in
 * the tool's own configuration file, which only the build reads. Poetry's settings that choose where the
 * virtualenv goes (in-project, path) are not: the image's layout depends on them.
 */
export function configuresTool(argv: string[]): boolean {
  const name = programName(argv[0]);
  if (name === "poetry" && argv[1] === "config") {
    const key = argv.slice(2).find((a) => !a.startsWith("-"));
    return key !== undefined && !/^virtualenvs\.(in-project|path|options\.)/.test(key);
  }
  return /^pip[0-9.]*$/.test(name) && argv[1] === "config" && (argv[2] === "set" || argv[2] === "unset");
}

/** `sh -c 'script'` / `bash -ec "script"`: the script, when static. */
function innerScript(cmd: ShellCommand): string | undefined {
  for (let i = 1; i < cmd.argv.length; i++) {
    const a = cmd.argv[i]!;
    if (/^-[a-z]*c[a-z]*$/.test(a) && !cmd.words[i + 1]?.dynamic) return cmd.argv[i + 1];
    if (!a.startsWith("-") && !a.startsWith("+")) return undefined;
  }
  return undefined;
}

/** Variables a command sees: the caller's ENV/ARG, then the script's assignments, then its env prefixes. */
export function commandEnv(cmd: ShellCommand, base: Readonly<Record<string, string>>): Record<string, string> {
  // layered on `base` instead of copying it (the scope can hold thousands of ENVs, and this runs per command);
  // an unset variable is an own `undefined` that hides the base's value
  const env = Object.create(base) as Record<string, string | undefined>;
  for (const [k, v] of cmd.vars) env[k] = v === null ? undefined : v;
  for (const a of cmd.assignments) {
    if (cmd.kind !== "simple" && cmd.kind !== "exec") break;
    env[a.name] = a.value ? resolveWord(a.value, (n) => env[n]) : "";
  }
  return env as Record<string, string>;
}

const WRAPPER_VALUES: Record<string, string[]> = {
  sudo: ["-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-U"],
  nice: ["-n", "--adjustment"],
  timeout: ["-s", "--signal", "-k", "--kill-after"],
  stdbuf: ["-i", "-o", "-e"],
  ionice: ["-c", "-n", "-p"],
  chroot: [],
};

/**
 * The command as a recogniser should see it: variables resolved where `env` knows them (the word stays dynamic
 * otherwise), and wrappers removed: `sudo`, `env A=b`, `time`, `nice`, `nohup`, `exec`, `command`, `timeout 60`,
 * `gosu USER`, `su-exec USER`, `eatmydata`, `stdbuf`. Variables set by `env A=b` are added to the prefixes.
 */
export function normalizeCommand(cmd: ShellCommand, env: Record<string, string>): ShellCommand {
  const words: ShellWord[] = cmd.words.map((w) => {
    if (!w.dynamic) return w;
    // HOME defaults to root's: images run as root unless a USER says otherwise (the caller passes HOME then).
    const v = resolveWord(w, (n) => env[n] ?? (n === "HOME" ? "/root" : undefined));
    return v === undefined ? w : { ...w, value: v, dynamic: false };
  });
  let i = 0;
  const assignments = [...cmd.assignments];
  for (let guard = 0; guard < 8 && i < words.length; guard++) {
    const name = programName(words[i]!.value);
    const start = i;
    if (name === "sudo" || name === "nice" || name === "timeout" || name === "stdbuf" || name === "ionice") {
      const values = WRAPPER_VALUES[name]!;
      i++;
      while (i < words.length && words[i]!.value.startsWith("-")) i += values.includes(words[i]!.value) ? 2 : 1;
      if (name === "timeout" && i < words.length) i++; // the duration
    } else if (name === "env") {
      i++;
      while (i < words.length && (words[i]!.value.startsWith("-") || /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i]!.value))) {
        const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(words[i]!.value);
        if (m) {
          const value: ShellWord = { ...words[i]!, value: m[2]!, text: m[2]!, parts: [{ kind: "literal", value: m[2]!, quoted: true }] };
          assignments.push({ name: m[1]!, value, append: false, range: words[i]!.range });
          env[m[1]!] = m[2]!;
        }
        i++;
      }
    } else if (name === "time" || name === "nohup" || name === "exec" || name === "eatmydata" || name === "fakeroot") {
      i++;
      while (i < words.length && words[i]!.value.startsWith("-")) i++;
    } else if (name === "command" && words[i + 1] && !words[i + 1]!.value.startsWith("-")) {
      i++;
    } else if (name === "gosu" || name === "su-exec" || name === "chroot") {
      i += 2;
    }
    if (i === start) break;
  }
  if (i >= words.length && i > 0) {
    // `env` or `sudo` alone: keep the original command.
    i = 0;
  }
  const rest = words.slice(i);
  return { ...cmd, words: rest, argv: rest.map((w) => w.value), name: rest[0]?.value, assignments };
}
