// Changes a build step makes to the app's own files. The final stage copies the app's files from the build context
// again (COPY . /app), so whatever a RUN that stays in the builder did to them (chmod +x, sed -i, mkdir, touch, mv,
// code generation, collectstatic, an editable install's metadata) would be lost. Here every such change is found
// and the final stage takes the changed paths, or the whole app directory when the change cannot be pinned to
// paths, from the builder instead (COPY --from keeps modes and owners).
import { posix } from "node:path";
import { isCachePath } from "../analyze/dockerfile.js";
import type { Fact } from "../analyze/facts.js";
import { joinPath, type Step } from "../model/stages.js";
import type { ShellCommand } from "../shell/script.js";
import { type EcosystemPlan, strategyOf } from "./ecosystems/index.js";
import type { StepPlan } from "./steps.js";
import { linesText } from "./text.js";
import { editablePaths } from "./python-env.js";
import type { ContextReader, Decision, Decline } from "./types.js";

/** A directory (or file) the app's files were copied to by a COPY/ADD from the build context. */
export interface AppRoot {
  path: string;
  /** The COPY/ADD steps that put files there. */
  copies: number[];
  /** A directory of the app's own, which may be copied whole (not /, /usr/local/bin, /etc …). */
  owned: boolean;
  /** A directory (else a single file). */
  dir: boolean;
  /** Not copied in: a directory a build RUN makes (mkdir) outside the app's, which the final stage needs too. */
  made?: boolean;
}

/** One change a builder-only RUN makes under an app root. */
interface AppChange {
  step: number;
  line: number;
  /** The changed path (may end in a glob in its last component), or the root when `whole`. */
  path: string;
  /** The change cannot be pinned to paths (an unknown program, a removal, a move): the whole root is needed. */
  whole: boolean;
  text: string;
  /** Not carried over: a whole-directory change to a compiled app's sources (see appChanges). */
  dropped?: boolean;
  /** Dropped without a word (a change to a directory the build made itself). */
  silent?: boolean;
  /** For a removal or a move away: the path removed. */
  removed?: string;
  /** Order of the command in the build (step, then command). */
  order: number;
}

export interface AppFilesPlan {
  artifacts: EcosystemPlan["artifacts"];
  /** Steps whose final-stage copy the builder's directory replaces. */
  replaced: number[];
  decisions: Decision[];
  declines: Decline[];
}

/** Directories that hold the system (or the base image's files): never copied whole from the builder. */
const SYSTEM_DIR =
  /^\/(etc|usr\/(?!src\/)[^/]+|lib|lib32|lib64|libx32|bin|sbin|tmp|proc|sys|dev|run|boot|var\/(lib|cache|log|tmp|run|spool|mail|backups))(\/|$)/;
const SYSTEM_TOP = new Set(["/", "/usr", "/usr/src", "/usr/local", "/var", "/opt", "/srv", "/home", "/root", "/mnt", "/media"]);
const TEMP = /^\/(tmp|var\/tmp|dev|proc|sys|run)(\/|$)/;

export function isOwnedDir(path: string): boolean {
  return !SYSTEM_TOP.has(path) && !SYSTEM_DIR.test(path);
}

const inside = (path: string, dir: string): boolean => path === dir || path.startsWith(dir === "/" ? "/" : `${dir}/`);
const hasGlob = (p: string): boolean => /[*?[]/.test(p);

/** The app roots: where COPY/ADD from the build context put files that the final stage copies again. */
export function appRoots(plans: StepPlan[], replacedInFinal: ReadonlySet<number>): AppRoot[] {
  const roots: AppRoot[] = [];
  const add = (path: string, step: number, owned: boolean, dir = true) => {
    const r = roots.find((x) => x.path === path);
    if (r) r.copies.push(step);
    else roots.push({ path, copies: [step], owned, dir });
  };
  for (const p of plans) {
    const ins = p.step.instruction;
    if (ins.kind !== "COPY" && ins.kind !== "ADD") continue;
    if (ins.kind === "COPY" && ins.from !== undefined) continue;
    if (p.role === "build" || replacedInFinal.has(p.index)) continue;
    const rawDest = p.step.expanded.dest ?? "";
    const sources = (p.step.expanded.sources ?? []).filter((s) => !/^[a-z]+:\/\//i.test(s));
    if (!rawDest || sources.length === 0) continue;
    const dest = joinPath(p.step.workdir, rawDest);
    const intoDir = rawDest.endsWith("/") || rawDest === "." || sources.length > 1 || sources.some((s) => s === "." || s.endsWith("/") || hasGlob(s));
    if (intoDir && isOwnedDir(dest)) {
      add(dest, p.index, true);
    } else if (intoDir) {
      // files copied into a system directory: each file on its own (a directory source's contents are unknown)
      for (const s of sources) {
        const isDir = s === "." || s.endsWith("/");
        if (!isDir && !hasGlob(s)) add(joinPath(dest, posix.basename(s)), p.index, false, false);
        else add(dest, p.index, false);
      }
    } else {
      // one source to a name: a directory's contents, or a file (a dot-less name without a slash may be either)
      const dir = sources[0] === "." || sources[0]!.endsWith("/") || !/\.[^/]+$/.test(sources[0]!);
      add(dest, p.index, isOwnedDir(dest), dir);
    }
  }
  return roots;
}

/** The context directory a path in the image came from, through a COPY/ADD of a directory from the context. */
export function contextDirOf(path: string, steps: Step[]): string | undefined {
  let found: string | undefined;
  for (const s of steps) {
    const ins = s.instruction;
    if ((ins.kind !== "COPY" && ins.kind !== "ADD") || (ins.kind === "COPY" && ins.from !== undefined)) continue;
    const dest = joinPath(s.workdir, s.expanded.dest ?? "");
    for (const src of s.expanded.sources ?? []) {
      const dirSource = src === "." || src === "./" || src.endsWith("/");
      if (!dirSource) continue;
      if (path === dest || path.startsWith(dest === "/" ? "/" : `${dest}/`)) {
        const rel = posix.relative(dest, path);
        found =
          posix
            .normalize(posix.join(src, rel))
            .replace(/^\.\/?$/, ".")
            .replace(/\/$/, "") || ".";
      }
    }
  }
  return found;
}

/** The outermost root a path lies in. */
function rootOf(path: string, roots: AppRoot[]): AppRoot | undefined {
  let best: AppRoot | undefined;
  for (const r of roots) if (inside(path, r.path) && (!best || r.path.length < best.path.length)) best = r;
  return best;
}

/** The app directory a command runs in or names a path in, if it is one the app owns. */
function appDirOf(cmd: ShellCommand, workdir: string, roots: AppRoot[]): string | undefined {
  const cwd = cwdOf(cmd, workdir);
  const named = cmd.argv
    .slice(1)
    .map((a) => a.replace(/^--?[A-Za-z-]+=/, ""))
    .filter((a) => a.startsWith("/") || a.startsWith("./") || a.startsWith("../"));
  return [cwd, ...named.map((a) => joinPath(cwd, a))].find((x) => rootOf(x, roots)?.owned);
}

/** Whether an unknown command of a RUN runs in (or on) a directory the app was copied to before that RUN. */
export function tiedToApp(cmd: ShellCommand, p: StepPlan, roots: AppRoot[]): boolean {
  const dir = appDirOf(cmd, p.step.workdir, roots);
  const root = dir === undefined ? undefined : rootOf(dir, roots);
  return root !== undefined && Math.min(...root.copies) < p.index;
}

/** Where a command runs: its own cwd resolved against the step's WORKDIR. */
function cwdOf(cmd: ShellCommand, workdir: string): string {
  if (cmd.cwd === undefined) return workdir;
  return joinPath(workdir, cmd.cwd);
}

/** Files `sed -i`, `touch`, `tee`, `truncate` and output redirections write. */
export function writtenFiles(cmd: ShellCommand): string[] {
  const out: string[] = [];
  for (const r of cmd.redirects) {
    if (
      (r.op === ">" || r.op === ">>" || r.op === ">|" || r.op === "&>" || r.op === "&>>") &&
      r.target &&
      !r.target.dynamic &&
      r.fd !== 0 &&
      !/^\/dev\//.test(r.target.value) &&
      !/^&?\d+$/.test(r.target.value)
    )
      out.push(r.target.value);
  }
  const name = (cmd.name ?? "").replace(/^.*\//, "");
  const args = cmd.argv.slice(1);
  if (name === "touch" || name === "tee" || name === "truncate") {
    const values =
      name === "truncate"
        ? new Set(["-s", "--size", "-r", "--reference"])
        : name === "touch"
          ? new Set(["-d", "-r", "-t", "--date", "--reference"])
          : new Set<string>();
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (values.has(a)) i++;
      else if (!a.startsWith("-")) out.push(a);
    }
  }
  if (name === "sed" && args.some((a) => /^-[a-zA-Z]*i/.test(a) || a.startsWith("--in-place"))) {
    let script = false;
    const files: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (a === "-e" || a === "--expression" || a === "-f" || a === "--file") {
        script = true;
        i++;
      } else if (a.startsWith("-") && a !== "-") {
        if (/^-[a-zA-Z]*[ef]$/.test(a)) {
          script = true;
          i++;
        }
      } else files.push(a);
    }
    out.push(...(script ? files : files.slice(1)));
  }
  return out;
}

/** Paths a fact changes: the changed ones, and whether some change (a removal, a move away) needs the whole dir. */
function factChanges(f: Fact): { paths: string[]; removes: string[] } {
  if (f.kind !== "file-op") return { paths: [], removes: [] };
  switch (f.op) {
    case "chmod":
    case "chown":
    case "mkdir":
      return { paths: f.paths, removes: [] };
    case "remove":
      return { paths: [], removes: f.paths };
    case "move":
      return { paths: f.dest ? [f.dest] : [], removes: f.paths };
    default:
      return { paths: f.dest ? [f.dest] : [], removes: [] };
  }
}

/** Every change builder-only RUNs make under the app roots, in order. */
function appChanges(plans: StepPlan[], roots: AppRoot[], carried: (path: string) => boolean, interpreted = true, context?: ContextReader): AppChange[] {
  const out: AppChange[] = [];
  for (const p of plans) {
    if (p.role !== "build" || !p.run) continue;
    const firstCopy = (r: AppRoot) => (r.made ? -1 : Math.min(...r.copies));
    const replayed = new Set((p.replay ?? []).map((c) => c.text));
    const workdir = p.step.workdir;
    let order = 0;
    const push = (raw: string, whole: boolean, text: string, at: number, cwd: string, recursive = false, removal = false, made = false) => {
      const path = raw.startsWith("/") ? posix.normalize(raw).replace(/(.)\/$/, "$1") : joinPath(cwd, raw);
      if (TEMP.test(path) || isCachePath(path) || carried(path)) return;
      const root = rootOf(path, roots);
      if (!root) {
        // chmod -R / chown -R of a directory above the app's: every app directory in it changes
        if (recursive)
          for (const r of roots.filter((x) => x.path !== path && inside(x.path, path) && rootOf(x.path, roots) === x)) record(r, r.path, true, text, at);
        // a directory made outside the app's (mkdir -p /var/log/app): lost like the app's files unless copied (for a
        // compiled app it is as likely a build directory: left alone there)
        if (made && interpreted && !hasGlob(path)) {
          const r: AppRoot = { path, copies: [], owned: false, dir: true, made: true };
          roots.push(r);
          record(r, path, false, text, at);
        }
        return;
      }
      // the app directory itself, changed: as good as all of it
      record(
        root,
        path,
        whole || (root.dir && !root.made && path === root.path) || (hasGlob(path) && hasGlob(posix.dirname(path))),
        text,
        at,
        removal ? path : undefined,
      );
    };
    const record = (root: AppRoot, path: string, whole: boolean, text: string, at: number, removed?: string) => {
      if (firstCopy(root) > p.index) return;
      // a compiled program does not run from its sources: the final stage's copy of them is only in case it reads
      // some, so what only a whole-directory copy would bring (removals, generated code next to build output such
      // as target/) is not worth shipping; it is reported instead
      // (a directory the build made itself is only ever copied as such; a removal of it only cancels that copy)
      const dropped = whole && (!interpreted || root.made === true);
      out.push({
        step: p.index,
        line: at,
        path: whole ? root.path : path,
        whole,
        text,
        order: p.index * 100_000 + order,
        ...(dropped ? { dropped: true } : {}),
        ...(root.made ? { silent: true } : {}),
        ...(removed ? { removed } : {}),
      });
    };
    for (const { value: f, at } of p.run.facts) {
      const cmd = p.run.scripts.flatMap((s) => s.commands).find((c) => c.index === f.command && c.range.start.offset === f.range.start.offset);
      if (cmd && replayed.has(cmd.text)) continue;
      const cwd = cmd ? cwdOf(cmd, workdir) : workdir;
      const text = cmd?.text ?? "";
      order = f.command;
      const { paths, removes } = factChanges(f);
      const recursive = f.kind === "file-op" && (f.op === "chmod" || f.op === "chown") && f.recursive;
      for (const x of paths) push(x, false, text, at.line, cwd, recursive, false, f.kind === "file-op" && f.op === "mkdir");
      for (const x of removes) push(x, true, text, at.line, cwd, false, true);
      // an editable install (pip install -e ., setup.py develop) leaves its metadata in the source directory, which
      // the virtualenv points to
      if (f.kind === "python-deps") for (const e of editablePaths(f, context)) push(e, true, text, at.line, cwd);
    }
    const unknown = new Set(p.unknown.map((u) => u.text));
    for (const script of p.run.scripts) {
      for (const cmd of script.commands) {
        if (replayed.has(cmd.text)) continue;
        const cwd = cwdOf(cmd, workdir);
        order = cmd.index;
        const line = p.run.unrecognized.find((u) => u.value.text === cmd.text)?.at.line ?? p.line;
        for (const w of writtenFiles(cmd)) push(w, false, cmd.text, line, cwd);
        if (!unknown.has(cmd.text)) continue;
        // a program slimstage does not know, run in the app's directory or on its files: it may write anything there
        // (for a compiled app the "not recognised" warning already says it stays in the builder)
        const tie = appDirOf(cmd, workdir, roots);
        if (tie && interpreted) push(tie, true, cmd.text, line, cwd);
      }
    }
  }
  return out;
}

/**
 * What the final stage takes from the builder because a builder-only RUN changed the app's files, given the
 * plan so far (artifacts already carried over are left alone).
 */
export function planAppFiles(plans: StepPlan[], eco: EcosystemPlan, context?: ContextReader): AppFilesPlan {
  const result: AppFilesPlan = { artifacts: [], replaced: [], decisions: [], declines: [] };
  const roots = appRoots(plans, eco.replacedInFinal);
  const carried = (path: string) => eco.artifacts.some((a) => inside(path, a.artifact.path.replace(/(.)\/$/, "$1")));
  // an editable install points the virtualenv at its source directory, which must reach the final stage at the
  // same path: through a COPY from the build context (then taken from the builder below) or an artifact
  for (const p of plans) {
    for (const { value: f, at } of p.run?.facts ?? []) {
      if (f.kind !== "python-deps" || p.role !== "build") continue;
      for (const e of editablePaths(f, context)) {
        const path = joinPath(p.step.workdir, e);
        if (!rootOf(path, roots) && !carried(path)) {
          result.declines.push({
            lines: [at.line],
            id: "editable-outside-context",
            reason: `line ${at.line}: the editable install points the virtualenv to ${path}, which the final stage would not have (it does not come from the build context)`,
            hint: "install it without -e, or COPY its sources from the build context, then convert",
          });
        }
      }
    }
  }
  const all = appChanges(plans, roots, carried, interpretedEcosystem(eco.ecosystem), context);
  for (const c of all.filter((x) => x.dropped && !x.silent)) {
    result.decisions.push({
      kind: "warning",
      lines: [c.line],
      message: `line ${c.line}: \`${c.text.slice(0, 60)}\` changes the sources in ${c.path}, which the final stage copies from the build context only in case the program reads them; the change is not carried over (the build output there would come with it) — verify the result`,
    });
  }
  // a path removed later in the build (mkdir x … rm -rf x) is not there to copy
  const removedLater = (c: AppChange) => all.some((r) => r.removed !== undefined && r.order > c.order && inside(c.path, r.removed));
  const changes = all.filter((x) => !x.dropped && (x.whole || !removedLater(x)));
  const byRoot = new Map<AppRoot, AppChange[]>();
  for (const c of changes) {
    const root = rootOf(c.path, roots)!;
    byRoot.set(root, [...(byRoot.get(root) ?? []), c]);
  }
  for (const [root, cs] of byRoot) {
    const lines = [...new Set(cs.map((c) => c.line))].sort((a, b) => a - b);
    // the COPYs into this root and into directories inside it
    const copies = [...new Set(roots.filter((r) => inside(r.path, root.path)).flatMap((r) => r.copies))].sort((a, b) => a - b);
    const copyLines = copies.map((i) => plans[i]!.line);
    const last = Math.max(...cs.map((c) => c.step));
    const whole = cs.find((c) => c.whole);
    if (whole && !root.owned) {
      result.declines.push({
        lines: [whole.line],
        id: "app-files-in-system-dir",
        reason: `line ${whole.line}: \`${whole.text.slice(0, 60)}\` changes files in ${root.path}, where the base image has files of its own, in a way slimstage cannot pin to paths`,
        hint: "copy the app into a directory of its own (e.g. /app), or make the change in a RUN of its own after the build steps",
      });
      continue;
    }
    if (whole) {
      const replaced = copies.filter((i) => i < last);
      // a RUN kept in both stages that works on these files before the builder's copy arrives would find none
      const between = plans.filter(
        (p) => p.role === "both" && p.step.instruction.kind === "RUN" && p.index > Math.min(...replaced) && p.index < last && touches(p, root.path),
      );
      for (const p of between) {
        result.declines.push({
          lines: [p.line, whole.line],
          id: "app-dir-used-before-copy",
          reason: `line ${p.line} works on ${root.path}, which the final stage takes from the builder only after line ${whole.line} changed it`,
          hint: "merge that RUN into the build step, or move it after the build, then convert",
        });
      }
      result.artifacts.push({
        after: last,
        artifact: { path: root.path, dest: root.path, why: `${root.path} as the build left it (${linesText(lines)} changed it), with modes and owners`, lines },
      });
      result.replaced.push(...replaced);
      result.decisions.push({
        kind: "artifact",
        lines: [...lines, ...copyLines],
        message: `${linesText(lines)}: \`${whole.text.slice(0, 60)}\`${cs.length > 1 ? ` and ${cs.length - 1} more command${cs.length > 2 ? "s" : ""} change` : " changes"} the app's files in ${root.path} (copied in by ${linesText(copyLines)}) in ways slimstage cannot pin to single paths; the final stage copies ${root.path} from the builder, keeping modes and owners, instead of from the build context`,
      });
      continue;
    }
    // each changed path on its own, the outermost only
    const paths = [...new Set(cs.map((c) => c.path))].filter((x, _, all) => !all.some((y) => y !== x && !hasGlob(y) && inside(x, y)));
    for (const path of paths) {
      const c = cs.filter((x) => x.path === path).at(-1)!;
      const glob = hasGlob(posix.basename(path));
      result.artifacts.push({
        after: last,
        artifact: { path, dest: glob ? `${posix.dirname(path)}/` : path, why: `${path} as line ${c.line} left it (mode and owner kept)`, lines: [c.line] },
      });
    }
    result.decisions.push({
      kind: "artifact",
      lines: [...lines, ...copyLines],
      message: root.made
        ? `${linesText(lines)}: the build makes the directory ${paths.join(", ")}; the final stage takes it from the builder, keeping modes and owners`
        : `${linesText(lines)}: the build changes ${paths.join(", ")} (copied in by ${linesText(copyLines)}); the final stage takes ${paths.length > 1 ? "them" : "it"} from the builder, keeping modes and owners`,
    });
  }
  // (a file from the build context is copied with its mode and owner: only directories need this)
  const isContextFile = (path: string) => {
    const rel = context
      ? contextDirOf(
          path,
          plans.map((p) => p.step),
        )
      : undefined;
    return rel !== undefined && rel !== "." && context!.read(rel) !== undefined;
  };
  result.artifacts = withDirectoryFixups(plans, result.artifacts, isContextFile);
  return result;
}

/**
 * `COPY --from` of a directory copies what is in it, with modes and owners, but makes the directory itself anew
 * (root, 0755, or whatever the final stage already had there). A chmod/chown (or `mkdir -m`) a build RUN made on
 * the copied directory itself, or on a directory above it with -R, is therefore made again on that directory
 * alone, right after the copy.
 */
function withDirectoryFixups(plans: StepPlan[], artifacts: AppFilesPlan["artifacts"], isFile: (path: string) => boolean): AppFilesPlan["artifacts"] {
  const ops: Array<{ path: string; recursive: boolean; command: "chmod" | "chown"; value: string }> = [];
  for (const p of plans) {
    if (p.role !== "build" || !p.run) continue;
    const replayed = new Set((p.replay ?? []).map((c) => c.text));
    for (const { value: f } of p.run.facts) {
      if (f.kind !== "file-op" || f.mode === undefined || /[$`]/.test(f.mode)) continue;
      const cmd = p.run.scripts.flatMap((s) => s.commands).find((c) => c.index === f.command && c.range.start.offset === f.range.start.offset);
      if (cmd && replayed.has(cmd.text)) continue;
      const cwd = cmd ? cwdOf(cmd, p.step.workdir) : p.step.workdir;
      const command = f.op === "chown" ? "chown" : f.op === "chmod" || f.op === "mkdir" ? "chmod" : undefined;
      if (!command) continue;
      for (const raw of f.paths) ops.push({ path: joinPath(cwd, raw), recursive: f.recursive, command, value: f.mode });
    }
  }
  return artifacts.map((a) => {
    const dir = a.artifact.path;
    if (hasGlob(dir) || isFile(dir)) return a;
    const fixups = ops
      .filter((o) => o.path === dir || (o.recursive && inside(dir, o.path)))
      .map((o) => `${o.command} ${shellQuote(o.value)} ${shellQuote(dir)}`);
    return fixups.length ? { ...a, fixups: [`RUN ${[...new Set(fixups)].join(" && ")}`] } : a;
  });
}

function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:+=,@%-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`;
}

/** Python and Node apps run from the files in their directories. */
export function interpretedEcosystem(ecosystem: string): boolean {
  return strategyOf(ecosystem)?.interpreted ?? false;
}

/** Whether a RUN works on files under `dir` (its directory, or a path it names). */
function touches(p: StepPlan, dir: string): boolean {
  return (p.run?.scripts ?? []).some((s) =>
    s.commands.some((c) => inside(cwdOf(c, p.step.workdir), dir) || c.argv.slice(1).some((a) => a.startsWith("/") && inside(posix.normalize(a), dir))),
  );
}
