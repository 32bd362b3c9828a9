// What the container runs when it starts, followed all the way down: ENTRYPOINT + CMD (exec or shell form) and
// HEALTHCHECK, through `sh -c`, wrappers (exec, env, tini, gosu …), scripts from the build context (found through
// the COPY that put them in the image, relative paths resolved against WORKDIR, `. other.sh`, `exec "$@"` with
// CMD as the arguments), package.json scripts (`npm start`, `npm run X`, yarn, pnpm, npx) and `bundle exec`.
// The trace is then judged: a package manager that installs or a compiler at start means the final stage would
// need the build tools (declined, naming the line and the way there); a dev dependency at start keeps
// node_modules' dev dependencies; a tool the full base image provided (curl, make's cousins, python3 in a node
// image) is installed in the final stage.
import { posix } from "node:path";
import type { StageAnalysis } from "../analyze/dockerfile.js";
import type { Step } from "../model/stages.js";
import { parseScript, resolveWord, type ShellWord } from "../shell/script.js";
import { runtimeProgramsOf } from "./ecosystems/index.js";
import { contextFileAt } from "./context-files.js";
import { RUNTIME_TOOL_PACKAGES } from "./packages.js";
import type { ContextReader, Decision, Decline } from "./types.js";

type StartWhere = "ENTRYPOINT" | "CMD" | "HEALTHCHECK";

/** One command the container runs at start, with how it was reached. */
interface StartCommand {
  argv: string[];
  where: StartWhere;
  /** Line of the ENTRYPOINT/CMD/HEALTHCHECK it comes from. */
  line: number;
  /** The scripts and package scripts in between, outermost first ("docker/entrypoint.sh:7", "npm run migrate"). */
  via: string[];
  /** Directory it runs in. */
  cwd: string;
  /** Run by a package.json script: node_modules/.bin is on PATH. */
  nodeBins: boolean;
}

export interface StartTrace {
  commands: StartCommand[];
  /** Scripts the container runs that the build context (or a heredoc) does not hold. */
  unread: Array<{ path: string; line: number; via: string[] }>;
  /** package.json files whose scripts ran (image path → parsed). */
  packages: Map<string, PackageJson>;
  /** For `node FILE` commands: the packages FILE and the relative modules it imports import (context files). */
  sourceImports: Map<StartCommand, string[]>;
}

interface PackageJson {
  imagePath: string;
  scripts: Record<string, string>;
  dependencies: string[];
  devDependencies: string[];
  /** Binary name → package, from package-lock.json's `bin` fields. */
  bins: Map<string, string>;
}

interface Frame {
  where: StartWhere;
  line: number;
  via: string[];
  cwd: string;
  /** Positional parameters ($@) in this script. */
  args: string[];
  nodeBins: boolean;
  depth: number;
}

const SHELLS = /^(sh|bash|dash|ash|zsh|ksh)$/;
const MAX_DEPTH = 12;
const INTERPRETERS = /^(python[0-9.]*|node|nodejs|java|ruby|php|perl|deno|bun|dotnet)$/;

/** Follows every command the container runs at start. Pure apart from reading the context. */
export function traceStart(
  steps: readonly Step[],
  stage: Pick<StageAnalysis, "runtime"> & Partial<Pick<StageAnalysis, "runs">>,
  context: ContextReader | undefined,
): StartTrace {
  const env = stage.runtime.env;
  // what the build's own commands make (a compiled program): not a copied file that went unread
  const built = (stage.runs ?? []).flatMap((r) => r.facts.flatMap((f) => f.value.outputs));
  const trace: StartTrace = { commands: [], unread: [], packages: new Map(), sourceImports: new Map() };
  const seen = new Set<string>();
  let shell = ["/bin/sh", "-c"];
  let entry: { shell: boolean; cmdLine: string[]; line: number; cwd: string } | undefined;
  let cmd: typeof entry;
  const health: Array<NonNullable<typeof entry>> = [];
  for (const s of steps) {
    const ins = s.instruction;
    if (ins.kind === "SHELL") shell = ins.shell;
    const at = { line: ins.range.start.line, cwd: s.workdir };
    if (ins.kind === "ENTRYPOINT") entry = { shell: ins.shell, cmdLine: ins.shell ? [...shell, ins.cmdLine[0] ?? ""] : ins.cmdLine, ...at };
    if (ins.kind === "CMD") cmd = { shell: ins.shell, cmdLine: ins.shell ? [...shell, ins.cmdLine[0] ?? ""] : ins.cmdLine, ...at };
    if (ins.kind === "HEALTHCHECK" && ins.test.type === "CMD")
      health.push({ shell: ins.test.shell, cmdLine: ins.test.shell ? [...shell, ins.test.cmdLine[0] ?? ""] : ins.test.cmdLine, ...at });
  }

  const lookup = (name: string) => env[name];

  const visit = (argv: string[], f: Frame): void => {
    if (f.depth > MAX_DEPTH || argv.length === 0) return;
    const [name = "", ...rest] = argv;
    if (name === "") return;
    const base = posix.basename(name);
    // node_modules/.bin on PATH (package scripts, npx, an ENV PATH that names it) or named by path
    const nodeBins = f.nodeBins || /(^|\/)node_modules\/\.bin\//.test(name) || (!name.includes("/") && /node_modules\/\.bin/.test(env.PATH ?? ""));
    if (nodeBins || base === "node" || base === "nodejs") packageJson(f.cwd);
    const command: StartCommand = { argv, where: f.where, line: f.line, via: f.via, cwd: f.cwd, nodeBins };
    trace.commands.push(command);
    if (base === "node" || base === "nodejs") {
      const script = rest.find(
        (a, i) => !a.startsWith("-") && !/^(-r|--require|--loader|--experimental-loader|--import|-e|--eval|-p|--print)$/.test(rest[i - 1] ?? ""),
      );
      if (script) trace.sourceImports.set(command, packageImports(posix.normalize(posix.join(f.cwd, script))));
    }
    const next = (more: string[]) => visit(more, { ...f, depth: f.depth + 1 });
    // wrappers that run the rest of their arguments as a command
    if (base === "exec" || base === "nohup" || base === "time" || base === "command" || base === "builtin") {
      if (base === "command" && /^-[vV]$/.test(rest[0] ?? "")) return;
      return next(rest.filter((a, i) => !(i === 0 && /^-[a-z]+$/.test(a))));
    }
    if (base === "env") return next(dropLeading(rest, (a) => /^-/.test(a) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(a)));
    if (base === "nice" || base === "ionice" || base === "stdbuf" || base === "timeout" || base === "chrt") {
      const after = dropLeading(rest, (a) => /^-/.test(a));
      return next(base === "timeout" || base === "chrt" ? after.slice(1) : after);
    }
    if (/^(tini|tini-static|dumb-init|catatonit|s6-svscan)$/.test(base)) {
      const dash = rest.indexOf("--");
      return next(dash >= 0 ? rest.slice(dash + 1) : dropLeading(rest, (a) => /^-/.test(a)));
    }
    if (base === "gosu" || base === "su-exec" || base === "setpriv" || base === "chpst") return next(dropLeading(rest, (a) => /^-/.test(a)).slice(1));
    if (base === "sudo") return next(dropLeading(rest, (a) => /^-/.test(a)));
    // a shell: `sh -c SCRIPT [$0 ARGS…]` or `sh FILE ARGS…`
    if (SHELLS.test(base)) {
      const opts = rest.findIndex((a) => !/^[-+][a-z]*$/i.test(a));
      const flags = rest.slice(0, opts < 0 ? rest.length : opts).join(" ");
      if (/^-[a-z]*c|\s-[a-z]*c/i.test(flags) && opts >= 0) {
        const script = rest[opts] ?? "";
        // the script of `sh -c` is part of the line that runs it: its commands add no step to the way there
        return runScript(script, "sh -c", rest.slice(opts + 2), f, true);
      }
      if (opts >= 0) return runFile(rest[opts] as string, rest.slice(opts + 1), f, true);
      return;
    }
    if (base === "." || base === "source") {
      if (rest[0]) runFile(rest[0], rest.length > 1 ? rest.slice(1) : f.args, f, true);
      return;
    }
    // package scripts
    if (base === "npm" || base === "yarn" || base === "pnpm") return runPackageTool(base, rest, f);
    if (base === "npx")
      return visit(
        dropLeading(rest, (a) => /^-/.test(a)).map((a, i) => (i === 0 ? a.replace(/(.)@[^/]*$/, "$1") : a)),
        { ...f, nodeBins: true, depth: f.depth + 1 },
      );
    if (base === "bundle" && rest[0] === "exec") return next(rest.slice(1));
    // a program of the build context (a script, by path or on PATH)
    const file = programFile(name, f.cwd);
    if (file) runFile(file, rest, f, false);
  };

  /** The packages a node program and the relative modules it loads import, read from the build context. */
  const packageImports = (entryPath: string): string[] => {
    const found = new Set<string>();
    const queue = [entryPath];
    const done = new Set<string>();
    while (queue.length && done.size < 200) {
      const p = queue.shift() as string;
      if (done.has(p)) continue;
      done.add(p);
      const candidates = /\.[cm]?[jt]sx?$/.test(p)
        ? [p]
        : [p, `${p}.js`, `${p}.ts`, `${p}.mjs`, `${p}.cjs`, posix.join(p, "index.js"), posix.join(p, "index.ts")];
      const file = candidates.map((c) => contextFileAt(c, steps, context)).find((x) => x !== undefined);
      if (!file) continue;
      for (const spec of importsOf(file.text)) {
        if (spec.startsWith(".")) queue.push(posix.join(posix.dirname(file.imagePath), spec));
        else if (!spec.startsWith("node:") && !spec.startsWith("/")) found.add(spec);
      }
    }
    return [...found];
  };

  /** A path a command names, absolute; bare names are looked up in the PATH directories. */
  const programFile = (name: string, cwd: string): string | undefined => {
    if (name.includes("$")) return undefined;
    if (name.includes("/")) return posix.normalize(name.startsWith("/") ? name : posix.join(cwd, name));
    const dirs = (env.PATH ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin").split(":").filter((d) => d.startsWith("/"));
    for (const d of dirs) {
      const p = posix.join(d, name);
      if (contextFileAt(p, steps, context)) return p;
    }
    return undefined;
  };

  const runFile = (path: string, args: string[], f: Frame, viaShell: boolean): void => {
    const p = posix.normalize(path.startsWith("/") ? path : posix.join(f.cwd, path));
    const key = `${p}\0${args.join("\0")}`;
    if (seen.has(key)) return;
    seen.add(key);
    const file = contextFileAt(p, steps, context);
    if (!file) {
      // only a file the Dockerfile copied is ours to read; programs of the base image are judged by name
      if (path.includes("/") && context && copiedTo(p) && !built.some((o) => p === o || p.startsWith(`${o}/`)))
        trace.unread.push({ path: p, line: f.line, via: f.via });
      return;
    }
    const shebang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(file.text);
    const interp = shebang ? (posix.basename(shebang[1] as string) === "env" ? (shebang[2] ?? "") : posix.basename(shebang[1] as string)) : "sh";
    const label = file.contextPath ?? p;
    if (!viaShell && shebang && !SHELLS.test(interp)) {
      // `#!/usr/bin/env python3`: the interpreter runs it
      visit([interp, p, ...args], { ...f, depth: f.depth + 1 });
      return;
    }
    runScript(file.text, label, args, f, false);
  };

  /** Paths some COPY/ADD wrote to (a script the Dockerfile placed, even if the context does not hold it). */
  const copiedTo = (p: string): boolean =>
    steps.some((s) => {
      if (!(s.instruction.kind === "COPY" || s.instruction.kind === "ADD") || (s.instruction.kind === "COPY" && s.instruction.from !== undefined)) return false;
      const dest = posix.join(s.workdir, s.expanded.dest ?? "").replace(/(.)\/+$/, "$1");
      return p === dest || p.startsWith(dest === "/" ? "/" : `${dest}/`);
    });

  const runScript = (text: string, label: string, args: string[], f: Frame, inline: boolean): void => {
    const script = parseScript(text, { cwd: f.cwd, env });
    let argSets: string[][] = [args];
    for (const c of script.commands) {
      const cwd = c.cwd === undefined ? f.cwd : c.cwd.startsWith("/") ? c.cwd : posix.join(f.cwd, c.cwd);
      const look = (n: string) => {
        const v = c.vars.get(n);
        return v === null ? undefined : (v ?? lookup(n));
      };
      const expanded = argSets.map((a) => c.words.flatMap((w) => expandWord(w, a, look)));
      if (c.name === "set" && c.words[1]?.value === "--") {
        // `set -- node "$@"` (docker-library entrypoints): the new positional parameters, or both when conditional
        const sets = expanded.map((argv) => argv.slice(2));
        argSets = c.conditional ? [...argSets, ...sets] : sets;
        continue;
      }
      const where = inline ? f.via : [...f.via, `${label}:${c.range.start.line}`];
      for (const argv of unique(expanded)) visit(argv, { ...f, via: where, cwd, args: argSets[0] ?? [], depth: f.depth + 1 });
    }
  };

  const runPackageTool = (tool: "npm" | "yarn" | "pnpm", rest: string[], f: Frame): void => {
    const words = rest.filter((a) => !/^-/.test(a));
    const sub = words[0];
    const pkg = packageJson(f.cwd);
    let script: string | undefined;
    let extra: string[] = [];
    if (tool === "npm") {
      if (sub === "start" || sub === "test" || sub === "t" || sub === "stop" || sub === "restart") script = sub === "t" ? "test" : sub;
      else if (sub === "run" || sub === "run-script" || sub === "rum" || sub === "urn") script = words[1];
      else if (sub === "exec" || sub === "x")
        return visit(
          dropLeading(rest.slice(rest.indexOf(sub) + 1), (a) => /^-/.test(a) || a === "--"),
          { ...f, nodeBins: true, depth: f.depth + 1 },
        );
      const dash = rest.indexOf("--");
      extra = dash >= 0 ? rest.slice(dash + 1) : [];
    } else {
      // yarn X / pnpm X: a script of that name, else a binary of node_modules/.bin
      const name = sub === "run" ? words[1] : sub;
      if (name === undefined || /^(install|add|i|ci|remove|upgrade|up|update|exec|dlx)$/.test(name)) {
        if (name === "exec" || name === "dlx") return visit(words.slice(1), { ...f, nodeBins: true, depth: f.depth + 1 });
        return;
      }
      if (pkg?.scripts[name] !== undefined || name === "start") script = name;
      else return visit(words.slice(sub === "run" ? 1 : 0), { ...f, nodeBins: true, depth: f.depth + 1 });
      extra = words.slice(sub === "run" ? 2 : 1);
    }
    if (script === undefined) return;
    const dir = pkg ? posix.dirname(pkg.imagePath) : f.cwd;
    const scripts = pkg?.scripts ?? {};
    const bodies: Array<[string, string]> = [];
    // npm runs pre<name> and post<name> around it; `npm start` without a start script runs `node server.js`
    if (scripts[`pre${script}`]) bodies.push([`pre${script}`, scripts[`pre${script}`] as string]);
    const own = scripts[script] ?? (script === "start" ? "node server.js" : undefined);
    if (own !== undefined) bodies.push([script, `${own}${extra.length ? ` ${extra.map(shellQuote).join(" ")}` : ""}`]);
    if (scripts[`post${script}`]) bodies.push([`post${script}`, scripts[`post${script}`] as string]);
    for (const [name, body] of bodies) {
      runScript(body, `${tool} run ${name}`, [], { ...f, cwd: dir, nodeBins: true, via: [...f.via, `${tool} run ${name}`] }, true);
    }
  };

  const packageJson = (cwd: string): PackageJson | undefined => {
    for (let dir = cwd; ; dir = posix.dirname(dir)) {
      const imagePath = posix.join(dir, "package.json");
      const cached = trace.packages.get(imagePath);
      if (cached) return cached;
      const file = contextFileAt(imagePath, steps, context);
      if (file) {
        const lock = contextFileAt(posix.join(dir, "package-lock.json"), steps, context);
        const parsed = parsePackageJson(imagePath, file.text, lock?.text);
        if (parsed) {
          trace.packages.set(imagePath, parsed);
          return parsed;
        }
      }
      if (dir === "/") return undefined;
    }
  };

  const start = (cmdLine: string[], where: StartWhere, line: number, cwd: string, args: string[] = []) =>
    visit(cmdLine, { where, line, via: [], cwd, args, nodeBins: false, depth: 0 });
  if (entry) {
    // exec-form ENTRYPOINT gets CMD as its arguments; a shell-form one ignores CMD
    start(entry.shell ? entry.cmdLine : [...entry.cmdLine, ...(cmd?.cmdLine ?? [])], "ENTRYPOINT", entry.line, entry.cwd);
    // what CMD runs, when the entrypoint hands over to it (exec "$@"), is reached through the script; a CMD an
    // entrypoint of the base image hands over to is still a program the container runs — unless the entrypoint is
    // an interpreter, for which CMD is only arguments
    if (cmd && !entry.shell && !INTERPRETERS.test(posix.basename(entry.cmdLine[0] ?? ""))) start(cmd.cmdLine, "CMD", cmd.line, cmd.cwd);
  } else if (cmd) start(cmd.cmdLine, "CMD", cmd.line, cmd.cwd);
  for (const h of health) start(h.cmdLine, "HEALTHCHECK", h.line, h.cwd);
  return trace;
}

function expandWord(w: ShellWord, args: string[], lookup: (n: string) => string | undefined): string[] {
  const v = w.value;
  if (v === "$@" || v === "${@}" || v === "$*" || v === "${*}") return args;
  const pos = /^\$\{?([1-9])\}?$/.exec(v);
  if (pos) return args[Number(pos[1]) - 1] !== undefined ? [args[Number(pos[1]) - 1] as string] : [];
  if (!w.dynamic) return [v];
  return [resolveWord(w, lookup) ?? v];
}

function dropLeading(xs: string[], drop: (x: string) => boolean): string[] {
  let i = 0;
  while (i < xs.length && drop(xs[i] as string)) i++;
  return xs.slice(i);
}

function unique(sets: string[][]): string[][] {
  const seen = new Set<string>();
  return sets.filter((s) => {
    const k = s.join("\0");
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`;
}

/** package.json (and package-lock.json's bin fields), or undefined when it does not parse. */
function parsePackageJson(imagePath: string, text: string, lockText?: string): PackageJson | undefined {
  let pkg: { scripts?: unknown; dependencies?: unknown; devDependencies?: unknown };
  try {
    pkg = JSON.parse(text) as typeof pkg;
  } catch {
    return undefined;
  }
  const names = (o: unknown) => (o && typeof o === "object" ? Object.keys(o) : []);
  const scripts: Record<string, string> = {};
  if (pkg.scripts && typeof pkg.scripts === "object") for (const [k, v] of Object.entries(pkg.scripts)) if (typeof v === "string") scripts[k] = v;
  const bins = new Map<string, string>();
  if (lockText) {
    try {
      const lock = JSON.parse(lockText) as { packages?: Record<string, { bin?: unknown }> };
      for (const [key, entry] of Object.entries(lock.packages ?? {})) {
        const m = /^node_modules\/((?:@[^/]+\/)?[^/]+)$/.exec(key);
        if (!m || !entry || typeof entry.bin !== "object" || entry.bin === null) continue;
        for (const bin of Object.keys(entry.bin)) if (!bins.has(bin)) bins.set(bin, m[1] as string);
      }
    } catch {
      // a lock that does not parse adds nothing
    }
  }
  return { imagePath, scripts, dependencies: names(pkg.dependencies), devDependencies: names(pkg.devDependencies), bins };
}

// -- judging the trace -------------------------------------------------------------------------------------------

export interface StartNeeds {
  trace: StartTrace;
  /** Reasons to decline: the container installs packages or compiles when it starts. */
  declines: Decline[];
  /** Programs a full base image provided that its runtime counterpart may lack, and their Debian packages. */
  tools: Array<{ program: string; pkg: string; line: number; where: string }>;
  /** Dev dependencies the container runs at start (node_modules keeps them). */
  devDependencies: string[];
  decisions: Decision[];
}

/** Binaries whose package has another name (used when package-lock.json is not there to say so). */
const KNOWN_BINS: Readonly<Record<string, string>> = {
  tsc: "typescript",
  tsserver: "typescript",
  "babel-node": "@babel/node",
  babel: "@babel/cli",
  nest: "@nestjs/cli",
  ng: "@angular/cli",
  "vue-cli-service": "@vue/cli-service",
  "ts-node-dev": "ts-node-dev",
  tsnd: "ts-node-dev",
  "ts-node-esm": "ts-node",
  "ts-node-transpile-only": "ts-node",
};

/** Programs a package manager or build tool runs to install or compile, and what they do. */
function buildAction(argv: string[]): string | undefined {
  const name = posix.basename(argv[0] ?? "");
  const words = argv.slice(1).filter((a) => !/^-/.test(a));
  const sub = words[0] ?? "";
  if (/^pip[0-9.]*$/.test(name)) return /^(install|download|wheel)$/.test(sub) ? "installs Python packages" : undefined;
  if (/^python[0-9.]*$/.test(name)) {
    const m = argv.indexOf("-m");
    const mod = m >= 0 ? argv[m + 1] : undefined;
    if (mod === "pip" && /^(install|download|wheel)$/.test(argv[m + 2] ?? "")) return "installs Python packages";
    if (mod === "ensurepip") return "installs Python packages";
    if (mod === "build" || mod === "nuitka" || mod === "cython") return "compiles";
    if (m < 0 && /(^|\/)setup\.py$/.test(words[0] ?? "") && /^(build|build_ext|install|develop|bdist_wheel|sdist)$/.test(words[1] ?? "")) return "compiles";
    return undefined;
  }
  if (name === "poetry") return /^(install|add|update|build|lock)$/.test(sub) ? "installs Python packages" : undefined;
  if (name === "pipenv") return /^(install|sync|update|lock)$/.test(sub) ? "installs Python packages" : undefined;
  if (name === "uv")
    return sub === "sync" || sub === "add" || (sub === "pip" && /^(install|sync)$/.test(words[1] ?? "")) ? "installs Python packages" : undefined;
  if (name === "conda" || name === "mamba" || name === "micromamba") return /^(install|create|update)$/.test(sub) ? "installs packages" : undefined;
  if (name === "npm") return /^(install|i|ci|add|rebuild|update|isntall|in)$/.test(sub) ? "installs Node packages" : undefined;
  if (name === "yarn") return sub === "" || /^(install|add)$/.test(sub) ? "installs Node packages" : undefined;
  if (name === "pnpm") return /^(install|i|add)$/.test(sub) ? "installs Node packages" : undefined;
  if (name === "gem") return sub === "install" ? "installs Ruby gems" : undefined;
  if (name === "bundle" || name === "bundler") return sub === "" || /^(install|update)$/.test(sub) ? "installs Ruby gems" : undefined;
  if (name === "composer") return /^(install|require|update)$/.test(sub) ? "installs PHP packages" : undefined;
  if (name === "apt-get" || name === "apt" || name === "aptitude") return sub === "install" ? "installs system packages" : undefined;
  if (name === "apk") return sub === "add" ? "installs system packages" : undefined;
  if (name === "dnf" || name === "yum" || name === "microdnf") return sub === "install" ? "installs system packages" : undefined;
  if (name === "go") return /^(build|run|install|test|generate)$/.test(sub) ? "compiles" : undefined;
  if (name === "cargo") return /^(build|run|install|test|b|r)$/.test(sub) ? "compiles" : undefined;
  if (name === "dotnet") return /^(build|run|publish|test|watch)$/.test(sub) ? "compiles" : undefined;
  if (
    /^(gcc|g\+\+|cc|c\+\+|clang|clang\+\+|cpp|ld|as|make|gmake|cmake|ninja|meson|autoreconf|javac|mvn|mvnw|gradle|gradlew|rustc|node-gyp|tsc|swiftc|ghc)(-[0-9.]+)?$/.test(
      name,
    )
  )
    return "compiles";
  if (name === "configure" && argv[0]?.includes("/")) return "compiles";
  return undefined;
}

/** More tools entrypoint scripts call that full images have and slim ones lack (Debian package names). */
const SCRIPT_TOOL_PACKAGES: Readonly<Record<string, string>> = {
  envsubst: "gettext-base",
  xz: "xz-utils",
  unzip: "unzip",
  bzip2: "bzip2",
  file: "file",
  ssh: "openssh-client",
  "ssh-keyscan": "openssh-client",
  rsync: "rsync",
  sqlite3: "sqlite3",
  // interpreters: a node or ruby image's full variant has python3 (node-gyp needs it), a python image's has perl
  python3: "python3",
};

/** Judges a trace against the stage: what must stay in the final stage, and what cannot. */
export function startNeeds(trace: StartTrace, stage: Pick<StageAnalysis, "packages" | "baseInfo" | "baseName">): StartNeeds {
  const needs: StartNeeds = { trace, declines: [], tools: [], devDependencies: [], decisions: [] };
  const installed = new Set(stage.packages.map((p) => p.name));
  const pkgs = [...trace.packages.values()];
  const devOf = (name: string): string | undefined => {
    for (const p of pkgs) {
      const pkg = p.bins.get(name) ?? KNOWN_BINS[name] ?? name;
      if (p.devDependencies.includes(pkg)) return pkg;
    }
    return undefined;
  };
  const depOf = (name: string): boolean => pkgs.some((p) => p.dependencies.includes(p.bins.get(name) ?? KNOWN_BINS[name] ?? name));
  // the interpreters and tools that come with the language's runtime image (each strategy's runtimePrograms)
  const own = runtimeProgramsOf(stage.baseInfo?.language);
  const declined = new Set<number>();
  for (const c of trace.commands) {
    const name = c.argv[0] ?? "";
    if (name.includes("$")) continue;
    const base = posix.basename(name);
    const how = viaText(c);
    // a binary of node_modules/.bin (a package script, npx) or a module node loads (-r ts-node/register)
    if (c.nodeBins || !name.includes("/")) {
      const dev = c.nodeBins ? devOf(base) : undefined;
      if (dev) {
        addDev(needs, dev, c, how);
        continue;
      }
      if (c.nodeBins && depOf(base)) continue;
    }
    if (base === "node" || base === "nodejs") {
      // modules node loads before the app (-r ts-node/register, --import tsx), evaluates (-e), or the app's
      // own sources import
      for (const mod of [...nodeModulesOf(c.argv), ...(trace.sourceImports.get(c) ?? [])]) {
        const pkg = /^((?:@[^/]+\/)?[^/]+)/.exec(mod)?.[1];
        if (pkg && pkgs.some((p) => p.devDependencies.includes(pkg))) addDev(needs, pkg, c, how);
      }
      continue;
    }
    const action = buildAction(c.argv);
    if (action) {
      if (declined.has(c.line)) continue;
      declined.add(c.line);
      const program = c.argv.slice(0, 2).join(" ");
      needs.declines.push({
        lines: [c.line],
        id: action === "installs Ruby gems" ? "ruby-compiles-at-start" : "builds-at-start",
        reason: `line ${c.line}: the container ${action} when it starts (${program})${how ? ` — ${how} —` : ""} so it needs its build tools at run time`,
        hint: "move that step into a RUN instruction (or keep the image single-stage), then convert",
      });
      continue;
    }
    if (own?.test(base)) continue;
    const pkg = RUNTIME_TOOL_PACKAGES[base] ?? SCRIPT_TOOL_PACKAGES[base];
    if (pkg && !installed.has(pkg) && !needs.tools.some((t) => t.pkg === pkg)) {
      needs.tools.push({ program: base, pkg, line: c.line, where: how ? how : c.where });
    }
  }
  for (const u of trace.unread) {
    needs.decisions.push({
      kind: "warning",
      lines: [u.line],
      message: `line ${u.line}: the container runs ${u.path}, which is not in the build context, so what it calls at start is not known — verify the result (convert --verify)`,
    });
  }
  return needs;
}

/** Packages a node command line loads: --require/--loader/--import values and require()/import in -e code. */
function nodeModulesOf(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i] as string;
    const m = /^--(?:require|loader|experimental-loader|import)=(.+)$/.exec(a);
    const mod = m ? m[1] : /^(-r|--require|--loader|--experimental-loader|--import)$/.test(a) ? argv[i + 1] : undefined;
    if (mod) out.push(mod);
    if (/^(-e|--eval|-p|--print)$/.test(a) && argv[i + 1]) out.push(...importsOf(argv[i + 1] as string));
  }
  return out;
}

/** Module specifiers a JavaScript/TypeScript source requires or imports (bare names and relative paths). */
export function importsOf(code: string): string[] {
  const out: string[] = [];
  const re =
    /\brequire\s*\(\s*["'`]([^"'`]+)["'`]\s*\)|\bimport\s*\(\s*["'`]([^"'`]+)["'`]\s*\)|\b(?:import|export)\s+(?:[^"'`;]*?\sfrom\s+)?["']([^"']+)["']/g;
  for (const m of code.matchAll(re)) out.push((m[1] ?? m[2] ?? m[3]) as string);
  return out;
}

function addDev(needs: StartNeeds, pkg: string, c: StartCommand, how: string): void {
  if (needs.devDependencies.includes(pkg)) return;
  needs.devDependencies.push(pkg);
  needs.decisions.push({
    kind: "runtime",
    lines: [c.line],
    message: `line ${c.line}: the container runs ${c.argv[0]} when it starts${how ? ` (${how})` : ""}, from the dev dependency ${pkg}: node_modules keeps its dev dependencies`,
  });
}

/** "docker/entrypoint.sh line 7, reached from ENTRYPOINT" for a command found inside scripts. */
function viaText(c: StartCommand): string {
  if (c.via.length === 0) return "";
  return `${c.via.map((v) => v.replace(/:(\d+)$/, " line $1")).join(" → ")}, reached from ${c.where}`;
}
