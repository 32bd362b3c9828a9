// Repairs driven by verification findings. Pure: what a failed verification says (its findings, and the lines the
// candidate printed that the original did not) becomes a list of needs; facts looked up in the images (lookups.ts,
// the engine edge) turn needs into repairs; repairs are applied as converter options (runtime packages) or as
// rewrites of the generated Dockerfile (a COPY --from the builder, keeping dev dependencies).
import { posix } from "node:path";
import { isBuildOnly } from "../knowledge/index.js";
import { normalizeOutput, type Finding, type FindingKind, type ProbeComparison, type VerifyReport } from "../verify/index.js";
import { parseDockerfile } from "../syntax/index.js";
import type { InstructionItem, Item } from "../syntax/index.js";

export type RepairKind = "missing-library" | "command-not-found" | "permission-denied" | "file-not-found" | "python-module" | "node-module" | "java-module";

/** The finding a need (and its repair) comes from. */
interface FindingRef {
  kind: FindingKind;
  subject: string;
  message: string;
}

/** What one failed verification asks for, with the evidence for it. */
export interface Need {
  kind: RepairKind;
  /** A soname, a command, an absolute path, a Python top-level module, a Node package name or a Java class (`java.sql.Date`). */
  subject: string;
  finding: FindingRef;
  /** The line of output (or the finding's message) that shows it. */
  evidence: string;
  /** Node: the directory the failing require came from (resolution walks up from it). */
  from?: string;
}

export type RepairAction =
  /** Install a package in the final stage (ConvertOptions.extraRuntimePackages, which also picks a base with apt). */
  | { type: "runtime-package"; package: string }
  /** Take a path from the builder, at the same place (`COPY --from=builder [--chmod=MODE] PATH PATH`). */
  | { type: "copy-from-builder"; path: string; mode?: string }
  /** Drop the `npm prune --omit=dev` / `pnpm prune --prod` slimstage added to the builder. */
  | { type: "keep-dev-dependencies" }
  /** Add a JDK module to the runtime the search's jlink candidate makes (variants/java-jlink.ts). */
  | { type: "jlink-module"; module: string };

export interface Repair {
  kind: RepairKind;
  subject: string;
  finding: FindingRef;
  evidence: string;
  action: RepairAction;
  /** What changed, in one line. */
  change: string;
}

/** A need no repair was found for, and why. */
export interface Unrepaired {
  need: Need;
  why: string;
}

// -- needs from findings --------------------------------------------------------------------------------------------

/** Finding kinds no repair can fix: retrying is pointless while one of them fails the verdict. */
const UNREPAIRABLE: ReadonlySet<FindingKind> = new Set(["build", "config", "build-only-package"]);

/** The error findings no repair addresses (a config difference, a build-only package, a candidate that does not build). */
export function unrepairableFindings(report: VerifyReport): Finding[] {
  return report.findings.filter((f) => f.severity === "error" && UNREPAIRABLE.has(f.kind));
}

const ref = (f: Finding): FindingRef => ({ kind: f.kind, subject: f.subject, message: f.message });

/** Lines the candidate printed for a probe that the original did not print (normalized like the comparison). */
function newOutputLines(c: ProbeComparison): string[] {
  const text = (o: ProbeComparison["candidate"]) => normalizeOutput(`${o.stderr ?? ""}\n${o.stdout ?? ""}\n${o.http?.error ?? ""}\n${o.note ?? ""}`);
  const seen = new Set(text(c.original).split("\n"));
  return text(c.candidate)
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !seen.has(l));
}

/** A path worth repairing: absolute after resolution, not a pseudo file system, nothing a shell or COPY would expand. */
function usablePath(p: string, workdir: string): string | undefined {
  if (!p || /[\0-\x1f$*?[\]"'`\\]/.test(p)) return undefined;
  const abs = posix.normalize(p.startsWith("/") ? p : posix.join(workdir || "/", p));
  if (abs === "/" || /^\/(proc|sys|dev)(\/|$)/.test(abs)) return undefined;
  return abs.replace(/\/$/, "");
}

/** The package a Node module specifier names: `x/lib/y` → `x`, `@s/x/y` → `@s/x`. */
export function nodePackageName(spec: string): string {
  const parts = spec.split("/");
  return spec.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] as string);
}

type LineNeed = {
  kind: RepairKind;
  subject: string;
  relative?: boolean;
  from?: string;
  /** a relative require: resolved from the requiring file */ required?: boolean;
};

/**
 * What one line of a failed probe's output asks for. Each pattern is a real message captured on the engine
 * (dash, bash, runc, CPython, Node 18, Go, OpenJDK 17); see repairs.test.ts.
 */
export function needFromLine(line: string): LineNeed | undefined {
  let m: RegExpExecArray | null;
  // the loader, or Python/Node when an extension module cannot load its library
  if ((m = /([^\s:'"()]+\.so(?:\.\d+)*): cannot open shared object file/.exec(line)))
    return { kind: "missing-library", subject: posix.basename(m[1] as string) };
  if ((m = /ModuleNotFoundError: No module named '([^']+)'|ImportError: No module named '?([\w.]+)'?|^\S*python[\d.]*: No module named ([\w.]+)$/.exec(line))) {
    return { kind: "python-module", subject: ((m[1] ?? m[2] ?? m[3]) as string).split(".")[0] as string };
  }
  if ((m = /Error: Cannot find module '([^']+)'|Cannot find package '([^']+)' imported from (\S+)/.exec(line))) {
    const spec = (m[1] ?? m[2]) as string;
    if (spec.startsWith("/") || spec.startsWith(".")) return { kind: "file-not-found", subject: spec, relative: !spec.startsWith("/"), required: true };
    return { kind: "node-module", subject: nodePackageName(spec), ...(m[3] ? { from: posix.dirname(m[3].replace(/^file:\/\//, "")) } : {}) };
  }
  // a command the shell, runc, env or a spawning program could not find
  if (
    (m =
      /exec: "([^"]+)": executable file not found in \$PATH|^(?:\S+: )?\d+: ([^\s:]+): not found$|^\S+: (?:line \d+: )?([^\s:]+): command not found$|^sh: ([^\s:]+): not found$|^\S*env: '([^']+)': No such file or directory$|Error: spawn (\S+) ENOENT/.exec(
        line,
      ))
  ) {
    const cmd = (m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5] ?? m[6]) as string;
    return cmd.includes("/") ? { kind: "file-not-found", subject: cmd, relative: !cmd.startsWith("/") } : { kind: "command-not-found", subject: cmd };
  }
  // Java: a class of a module the jlink runtime left out (loaded by name, so jdeps did not see it)
  if ((m = /\bjava\.lang\.(?:ClassNotFoundException|NoClassDefFoundError): ([\w$]+(?:[./][\w$]+)+)$/.exec(line)))
    return { kind: "java-module", subject: (m[1] as string).replace(/\//g, ".") };
  // Java: java.io / java.nio on a path, and the launcher's jar
  if (
    (m =
      /java\.io\.FileNotFoundException: (\S+) \((No such file or directory|Permission denied)\)$|java\.nio\.file\.(NoSuchFile|AccessDenied)Exception: (\S+)$|^Error: Unable to access jarfile (\S+)$/.exec(
        line,
      ))
  ) {
    const p = (m[1] ?? m[4] ?? m[5]) as string;
    const denied = m[2] === "Permission denied" || m[3] === "AccessDenied";
    return { kind: denied ? "permission-denied" : "file-not-found", subject: p, relative: !p.startsWith("/") };
  }
  // permission denied on a path
  if (
    (m =
      /exec: "([^"]+)": permission denied|PermissionError: \[Errno 13\] Permission denied: '([^']+)'|EACCES: permission denied, \w+ '([^']+)'|can't open file '([^']+)': \[Errno 13\]|^(?:\S+: )?(?:\d+: |line \d+: )?(?:cannot open )?([^\s:]+): Permission denied$|^exec (\S+): permission denied$/.exec(
        line,
      ))
  ) {
    const p = (m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5] ?? m[6]) as string;
    return { kind: "permission-denied", subject: p, relative: !p.startsWith("/") };
  }
  // a file that is not there
  if ((m = /FileNotFoundError: \[Errno 2\] No such file or directory: '([^'/]+)'$/.exec(line))) {
    // a bare name: what subprocess could not start (a command), or a file relative to the working directory
    return { kind: "command-not-found", subject: m[1] as string };
  }
  if (
    (m =
      /exec: "[^"]+": stat (\S+): no such file or directory|can't open file '([^']+)': \[Errno 2\]|No such file or directory: '([^']+)'|ENOENT: no such file or directory, \w+ '([^']+)'|\bopen (\/\S+): no such file or directory|^(?:\S+: )?(?:\d+: )?cannot open ([^\s:]+): No such file|^[\w.-]+: (\/[^\s:]+): No such file or directory$/.exec(
        line,
      ))
  ) {
    const p = (m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5] ?? m[6] ?? m[7]) as string;
    return { kind: "file-not-found", subject: p, relative: !p.startsWith("/") };
  }
  return undefined;
}

/** A docker/runc start failure without its boilerplate: `exec: "/app/run.sh": permission denied`. */
function tidyEvidence(line: string): string {
  return line.replace(/^docker: Error response from daemon: .*?unable to start container process: /, "").replace(/: unknown\.?$/, "");
}

/** The first file of a Node require stack (`- /app/index.js`), whose directory module resolution starts from. */
function requireStackDir(lines: readonly string[]): string | undefined {
  const i = lines.findIndex((l) => l === "Require stack:");
  const m = i >= 0 ? /^- (\/\S+)$/.exec(lines[i + 1] ?? "") : null;
  return m ? posix.dirname(m[1] as string) : undefined;
}

/**
 * Every need a failed verification shows: unresolved libraries from the linkage check, and what the failing
 * probes printed (only lines the original did not print). `workdir` resolves relative paths (the candidate's
 * WORKDIR). Deduplicated by kind and subject, in the order found.
 */
export function findNeeds(report: VerifyReport, workdir = report.candidate.config?.workingDir || "/"): Need[] {
  const out = new Map<string, Need>();
  const add = (n: Need) => {
    const key = `${n.kind}\0${n.subject}`;
    if (!out.has(key)) out.set(key, n);
  };
  // the linkage check's own finding first: it names the library directly, a probe only shows its effect
  const errors = report.findings.filter((f) => f.severity === "error");
  for (const f of [...errors.filter((e) => e.kind === "missing-library"), ...errors.filter((e) => e.kind !== "missing-library")]) {
    if (f.kind === "missing-library") add({ kind: "missing-library", subject: f.subject, finding: ref(f), evidence: f.message });
    if (f.kind !== "probe") continue;
    const c = report.probes.find((p) => p.probe === f.subject && !p.match);
    if (!c) continue;
    const lines = newOutputLines(c);
    const stackDir = requireStackDir(lines);
    const exit = c.candidate.exitCode;
    for (const line of lines) {
      const got = needFromLine(line);
      if (!got) continue;
      const shown = tidyEvidence(line);
      const evidence = exit === 126 || exit === 127 ? `${shown} (exit ${exit})` : shown;
      let subject = got.subject;
      if (got.kind === "file-not-found" || got.kind === "permission-denied") {
        const p = usablePath(subject, got.required && stackDir ? stackDir : workdir);
        if (!p) continue;
        subject = p;
      }
      add({ kind: got.kind, subject, finding: ref(f), evidence, ...(got.kind === "node-module" ? { from: got.from ?? stackDir ?? workdir } : {}) });
    }
  }
  return [...out.values()];
}

// -- facts and the plan ---------------------------------------------------------------------------------------------

/** Where a command or library is in the original image, and the Debian package that owns it (dpkg -S). */
export interface Provider {
  path: string;
  package?: string;
}

export interface BuilderPath {
  type: "file" | "dir" | "symlink" | "other";
  /** Octal permission bits, e.g. `755`. */
  mode: string;
}

/** What lookups in the images found; a key maps to null when looked up and not found. */
export interface RepairFacts {
  /** Packages the knowledge names for sonames (no lookup needed). */
  libraryPackages: ReadonlyMap<string, string | undefined>;
  /** Sonames found in the original image (ldconfig), with their package. */
  libraries: ReadonlyMap<string, Provider | null>;
  /** Commands found in the original image (command -v), with their package. */
  commands: ReadonlyMap<string, Provider | null>;
  /** Paths in the builder stage. */
  builderPaths: ReadonlyMap<string, BuilderPath | null>;
  /** Python top-level modules in the builder: the paths to copy (package or module, and its dist-info). */
  pythonModules: ReadonlyMap<string, string[] | null>;
  /** Node packages (`from\0name`): their directory in the builder and in the original image. */
  nodeModules: ReadonlyMap<string, { builder: string | null; original: string | null }>;
  /** Java classes (`java.sql.Date`): the module of the original's JDK that has them (jimage). */
  javaModules: ReadonlyMap<string, string | null>;
  /** The working directory of the candidate, for bare names that may be relative files. */
  workdir: string;
}

export const emptyFacts = (workdir = "/"): RepairFacts => ({
  libraryPackages: new Map(),
  libraries: new Map(),
  commands: new Map(),
  builderPaths: new Map(),
  pythonModules: new Map(),
  nodeModules: new Map(),
  javaModules: new Map(),
  workdir,
});

export const nodeKey = (n: Pick<Need, "from" | "subject">) => `${n.from ?? "/"}\0${n.subject}`;

/** A stable key of an action: a repair is never applied twice. */
export function actionKey(a: RepairAction): string {
  if (a.type === "jlink-module") return `module:${a.module}`;
  return a.type === "runtime-package" ? `package:${a.package}` : a.type === "copy-from-builder" ? `copy:${a.path}` : "keep-dev-dependencies";
}

/** A slimstage-generated prune of dev dependencies in a builder stage. */
const PRUNE = /^(?:npm prune (?:--omit=dev|--production)|pnpm prune --prod)$/;

/** The jlink call of the search's Java runtime candidate, which a jlink-module repair extends. */
const JLINK_MODULES = /jlink --add-modules "\$modules/;

/** Whether a candidate makes its Java runtime with the search's jlink step (so a missing JDK module can be added). */
export function hasJlinkRuntime(dockerfile: string): boolean {
  return JLINK_MODULES.test(dockerfile);
}

/** Whether the builder stages of a generated Dockerfile drop dev dependencies (a prune keep-dev-dependencies can undo). */
export function hasGeneratedPrune(dockerfile: string): boolean {
  return findPrunes(parseDockerfile(dockerfile, { maxLength: Math.max(dockerfile.length, 1) }).items).length > 0;
}

/**
 * Repairs for the needs, from the facts; actions already applied (`done`, by actionKey) are not planned again.
 * Also returns the needs nothing could be found for, with the reason.
 */
export function planRepairs(
  needs: readonly Need[],
  facts: RepairFacts,
  opts: { done?: ReadonlySet<string>; canKeepDevDependencies?: boolean; canAddJavaModules?: boolean } = {},
): { repairs: Repair[]; unrepaired: Unrepaired[] } {
  const repairs: Repair[] = [];
  const unrepaired: Unrepaired[] = [];
  const planned = new Set(opts.done ?? []);
  const plan = (n: Need, action: RepairAction, change: string) => {
    if (action.type === "runtime-package" && isBuildOnly(action.package)) {
      unrepaired.push({ need: n, why: `${action.package} provides it, but it is a build-only package, which the final stage must not have` });
      return;
    }
    const key = actionKey(action);
    if (planned.has(key)) {
      unrepaired.push({ need: n, why: `already repaired (${change}) and still failing` });
      return;
    }
    planned.add(key);
    repairs.push({ kind: n.kind, subject: n.subject, finding: n.finding, evidence: n.evidence, action, change });
  };
  const copy = (n: Need, path: string, why: string, withMode = false): boolean => {
    const at = facts.builderPaths.get(path);
    if (!at) return false;
    const mode = withMode && at.type === "file" ? at.mode : undefined;
    plan(
      n,
      { type: "copy-from-builder", path, ...(mode ? { mode } : {}) },
      `the final stage takes ${path} from the builder${mode ? ` with mode ${mode}` : ""} (${why})`,
    );
    return true;
  };
  for (const n of needs) {
    switch (n.kind) {
      case "missing-library": {
        const known = facts.libraryPackages.get(n.subject);
        const found = facts.libraries.get(n.subject);
        const pkg = known ?? found?.package;
        if (pkg)
          plan(
            n,
            { type: "runtime-package", package: pkg },
            `the final stage installs ${pkg}, which ships ${n.subject}${known ? "" : " in the original image"}`,
          );
        else if (found && copy(n, found.path, `${n.subject} belongs to no package in the original image`)) break;
        else unrepaired.push({ need: n, why: `no package ships ${n.subject} and the original image does not have it` });
        break;
      }
      case "command-not-found": {
        const found = facts.commands.get(n.subject);
        if (found?.package)
          plan(
            n,
            { type: "runtime-package", package: found.package },
            `the final stage installs ${found.package}, which provides ${found.path} in the original image`,
          );
        else if (found && copy(n, found.path, `${n.subject} belongs to no package in the original image`)) break;
        else if (copy(n, posix.join(facts.workdir, n.subject), `${n.subject} is no command in the original image but a file next to the app`)) break;
        else
          unrepaired.push({
            need: n,
            why: found ? `${found.path} is in no package and not in the builder` : `the original image has no command ${n.subject} either`,
          });
        break;
      }
      case "permission-denied":
        if (!copy(n, n.subject, "mode and owner as the build left them", true)) unrepaired.push({ need: n, why: `the builder has no ${n.subject}` });
        break;
      case "file-not-found":
        if (!copy(n, n.subject, "the build made it")) unrepaired.push({ need: n, why: `the builder has no ${n.subject} either` });
        break;
      case "python-module": {
        const paths = facts.pythonModules.get(n.subject);
        if (paths?.length) {
          for (const p of paths)
            plan(n, { type: "copy-from-builder", path: p }, `the final stage takes ${p} from the builder (the Python module ${n.subject} and its metadata)`);
        } else unrepaired.push({ need: n, why: `the builder's Python cannot import ${n.subject} either` });
        break;
      }
      case "java-module": {
        const module = facts.javaModules.get(n.subject);
        if (module && opts.canAddJavaModules)
          plan(n, { type: "jlink-module", module }, `the jlink runtime also gets ${module}, the JDK module of ${n.subject}`);
        else
          unrepaired.push({
            need: n,
            why: module
              ? `${n.subject} is in ${module}, but this candidate has no jlink runtime to add it to`
              : `no module of the original's JDK has ${n.subject}`,
          });
        break;
      }
      case "node-module": {
        const at = facts.nodeModules.get(nodeKey(n));
        if (at?.builder)
          plan(n, { type: "copy-from-builder", path: at.builder }, `the final stage takes ${at.builder} from the builder (the Node package ${n.subject})`);
        else if (at?.original && opts.canKeepDevDependencies) {
          plan(
            n,
            { type: "keep-dev-dependencies" },
            `the builder keeps its dev dependencies (no prune): ${n.subject} is at ${at.original} in the original image`,
          );
        } else
          unrepaired.push({
            need: n,
            why: at?.original
              ? `${n.subject} is in the original image but the builder does not have it`
              : `the original image has no Node package ${n.subject} either`,
          });
        break;
      }
    }
  }
  return { repairs, unrepaired };
}

// -- rewriting the generated Dockerfile -----------------------------------------------------------------------------

const isInstruction = (it: Item): it is InstructionItem => it.type === "instruction";

/** Items of RUN prunes slimstage generated, with their `# slimstage:` comment lines and the blank line before. */
function findPrunes(items: readonly Item[]): number[] {
  const lastFrom = items.reduce((acc, it, i) => (isInstruction(it) && it.node.name === "from" ? i : acc), -1);
  const drop: number[] = [];
  items.forEach((it, i) => {
    if (i >= lastFrom || !isInstruction(it) || it.node.name !== "run" || it.node.json || !PRUNE.test((it.node.args[0] ?? "").trim())) return;
    let j = i - 1;
    const comments: number[] = [];
    while (j >= 0 && items[j]?.type === "comment" && /^slimstage:/.test((items[j] as { text: string }).text)) comments.push(j--);
    if (comments.length === 0) return; // the user's own prune stays
    drop.push(i, ...comments);
    if (items[j]?.type === "blank") drop.push(j);
  });
  return drop;
}

/** A COPY argument: plain when it needs no quoting, JSON form otherwise. */
function copyLine(builder: string, path: string, mode: string | undefined): string {
  const flags = `--from=${builder}${mode ? ` --chmod=${mode}` : ""}`;
  return /^[\w./@+,=:~-]+$/.test(path) ? `COPY ${flags} ${path} ${path}` : `COPY ${flags} ${JSON.stringify([path, path])}`;
}

/**
 * Applies rewrite actions to a generated Dockerfile: copies from the builder go into the final stage after its last
 * instruction that changes files (COPY, ADD, RUN), so nothing later in the stage undoes them, each with a comment
 * saying why; keep-dev-dependencies removes slimstage's own prune from the builder; jlink-module adds modules to the
 * search's jlink step. The result is parsed again, so
 * a rewrite never hands the engine a file our parser rejects. Runtime packages are not rewrites (see convertAndVerify).
 */
export function applyRewrites(dockerfile: string, repairs: readonly Pick<Repair, "action" | "evidence">[], builder: string): string {
  const parse = (t: string) => parseDockerfile(t, { maxLength: Math.max(t.length, 1) });
  const items = [...parse(dockerfile).items];
  const copies = repairs.filter(
    (r): r is Pick<Repair, "evidence"> & { action: Extract<RepairAction, { type: "copy-from-builder" }> } => r.action.type === "copy-from-builder",
  );
  const keepDev = repairs.some((r) => r.action.type === "keep-dev-dependencies");
  const moduleRepairs = repairs.filter((r) => r.action.type === "jlink-module");
  const modules = moduleRepairs.map((r) => (r.action as Extract<RepairAction, { type: "jlink-module" }>).module);
  const eol = dockerfile.includes("\r\n") ? "\r\n" : "\n";
  const raws = items.map((it) => it.raw);
  if (copies.length) {
    const lastFrom = items.reduce((acc, it, i) => (isInstruction(it) && it.node.name === "from" ? i : acc), -1);
    if (lastFrom < 0) throw new Error("the candidate has no FROM");
    let at = lastFrom;
    items.forEach((it, i) => {
      if (i > lastFrom && isInstruction(it) && ["copy", "add", "run"].includes(it.node.name)) at = i;
    });
    const block = copies
      .map((r) => `# slimstage repair: ${r.evidence.replace(/[\r\n]+/g, " ").slice(0, 160)}${eol}${copyLine(builder, r.action.path, r.action.mode)}${eol}`)
      .join("");
    const before = raws[at] as string;
    raws[at] = `${before.endsWith("\n") ? before : before + eol}${eol}${block}`;
  }
  if (keepDev) for (const i of findPrunes(items)) raws[i] = "";
  if (modules.length) {
    const i = raws.findIndex((r, k) => isInstruction(items[k] as Item) && JLINK_MODULES.test(r));
    const why = moduleRepairs.map((r) => `# slimstage repair: ${r.evidence.replace(/[\r\n]+/g, " ").slice(0, 160)}${eol}`).join("");
    if (i >= 0) raws[i] = why + (raws[i] as string).replace(JLINK_MODULES, (m) => `${m},${modules.join(",")}`);
  }
  const text = raws.join("");
  parse(text); // throws on a rewrite our parser rejects (never expected)
  return text;
}
