// Python: the installed packages without their byte-code (__pycache__) and test suites, deleted at the end of the
// builder in the directories the final stage copies from it that hold installed packages: a virtualenv, a pip
// --user/--prefix tree, a pip --target directory, a site-packages tree. The app's own files and the base image's
// standard library are never touched: only the site-packages directories inside those trees are searched, and a tree
// the app's files are copied into (pip --target into the WORKDIR) is left alone.
//
// What counts as a test suite, most careful first:
// - a directory named exactly `tests` or `test` (not `testing`, `_testing`: those are run-time helpers such as
//   numpy.testing), below a top-level package (a top-level `tests` module is something the app may import);
// - whose parent has an `__init__.py`: a regular package, not a data directory or a .dist-info;
// - for `test` only: that holds a `test_*.py` module. Some packages ship run-time code under `test` (django.test,
//   the test client that `manage.py test` and apps' own tests import); a suite of test modules is what can go.
// A package that still imports its own tests at start is caught by verification: the candidate fails and the table
// says why.
//
// Byte-code has a cost: without it Python compiles every imported module again. When the user that runs the app
// cannot write the directory (or PYTHONDONTWRITEBYTECODE is set) that happens at every start; otherwise once per new
// container, which then writes __pycache__ into its own layer. The one-line summary says which, so the attempts table
// is honest about what the smaller image costs.
import { posix } from "node:path";
import { block, edit, finalStage, printEdited, readOutput, stageNamed, type OutputStage } from "./dockerfile-edit.js";
import type { Converted, Variant, VariantInput } from "./types.js";

export interface InstallTree {
  /** The directory the final stage copies from the builder. */
  dir: string;
  /** What made it: a virtualenv, pip --user, --prefix, --target, or a site-packages tree. */
  kind: "virtualenv" | "user" | "prefix" | "target" | "site-packages";
  /** Where its packages are, as shell words (a glob for the Python version): site-packages directories only. */
  roots: string[];
}

const norm = (p: string) => (p.length > 1 ? p.replace(/\/+$/, "") : p);
const VENV_RUN = /\b(?:python[0-9.]*\s+-m\s+venv|virtualenv|uv\s+venv)\b(?:\s+-{1,2}[a-z][a-z-]*(?:=\S+)?)*\s+(\/[^\s;&|]+)/g;

/** The kind of an artifact of a Python conversion, from the original's facts and the builder's RUN lines. */
function classify(path: string, result: Converted, builderRuns: readonly string[]): InstallTree | undefined {
  const facts = result.analysis.stages.flatMap((s) => s.languageSteps.map((l) => l.value));
  const inside = (kind: InstallTree["kind"]): InstallTree => ({ dir: path, kind, roots: [`${path}/lib/python3*/site-packages`] });
  for (const f of facts) {
    if (f.kind === "python-venv" && norm(f.path) === path) return inside("virtualenv");
    if (f.kind !== "python-deps") continue;
    if (f.target && norm(f.target) === path) return { dir: path, kind: "target", roots: [path] };
    if (f.prefix && norm(f.prefix) === path) return inside("prefix");
    if (f.user && f.outputs.some((o) => norm(o) === path)) return inside("user");
  }
  if (/\/site-packages$/.test(path)) return { dir: path, kind: "site-packages", roots: [path] };
  // the converter's own /opt/venv is not in the original's facts: its builder makes it
  for (const run of builderRuns) for (const m of run.matchAll(VENV_RUN)) if (norm(m[1]!) === path) return inside("virtualenv");
  return undefined;
}

const copiesFromBuilder = (final: OutputStage, builderName: string, dir: string) =>
  final.body.some((c) => c.ins.kind === "COPY" && c.ins.from === builderName && c.ins.sources.some((s) => norm(s) === dir));

const within = (path: string, dir: string) => path === dir || path.startsWith(dir === "/" ? "/" : `${dir}/`);

/** Whether the app's own files land in `dir`: a WORKDIR in it, or a copy from the build context into it (pip --target .). */
function holdsAppFiles(stage: OutputStage, dir: string): boolean {
  let workdir = "/";
  for (const { ins } of stage.body) {
    if (ins.kind === "WORKDIR") workdir = posix.resolve(workdir, ins.path);
    const dest = (ins.kind === "COPY" && ins.from === undefined) || ins.kind === "ADD" ? posix.resolve(workdir, ins.dest) : undefined;
    if (within(workdir, dir) || (dest !== undefined && within(dest, dir))) return true;
  }
  return false;
}

/** The trees of installed packages the final stage copies from the builder (in the plan's order), without the app's files. */
export function installTrees(text: string, result: Converted): InstallTree[] {
  const builderName = result.plan.builderName;
  const out = readOutput(text);
  const builder = stageNamed(out, builderName);
  const final = finalStage(out);
  if (!builder || !final || builder === final) return [];
  const runs = builder.body.flatMap((l) => (l.ins.kind === "RUN" ? [l.ins.node.original] : []));
  return result.plan.artifacts
    .map((a) => norm(a.path))
    .filter((dir) => copiesFromBuilder(final, builderName, dir) && !holdsAppFiles(builder, dir) && !holdsAppFiles(final, dir))
    .flatMap((dir) => classify(dir, result, runs) ?? []);
}

/** What deleting the byte-code costs: whether the user the final stage runs as can write it back into the trees. */
function byteCodeCost(text: string, trees: readonly InstallTree[]): string {
  const final = finalStage(readOutput(text))!;
  const env = final.body.flatMap((l) => (l.ins.kind === "ENV" ? l.ins.pairs : []));
  const noWrite = env.some((p) => p.key === "PYTHONDONTWRITEBYTECODE" && p.value !== "");
  const name = final.body
    .flatMap((l) => (l.ins.kind === "USER" ? [l.ins.user] : []))
    .at(-1)
    ?.split(":")[0];
  const root = !name || name === "root" || name === "0";
  const ownedByUser = trees.every((t) =>
    final.body.some(
      (c) => c.ins.kind === "COPY" && c.ins.chown !== undefined && c.ins.chown.split(":")[0] === name && c.ins.sources.some((s) => norm(s) === t.dir),
    ),
  );
  if (noWrite) return "slower starts: recompiled at every start (PYTHONDONTWRITEBYTECODE)";
  if (!root && !ownedByUser) return `slower starts: recompiled at every start (USER ${name} cannot write it back)`;
  return "slower first start: recompiled once per new container, into its own layer";
}

const FIND_TESTS = [
  // `tests` below a regular package
  `find "$sp" -mindepth 2 -type d -name tests -exec test -f '{}/../__init__.py' \\; -prune -exec rm -rf '{}' +`,
  // `test` below a regular package, when it holds test modules (django.test is run-time code)
  `find "$sp" -mindepth 2 -type d -name test -exec test -f '{}/../__init__.py' \\; -exec sh -c 'ls "$1" | grep -q "^test_.*[.]py$"' sh '{}' \\; -prune -exec rm -rf '{}' +`,
];
const FIND_BYTECODE = `find "$sp" -type d -name __pycache__ -prune -exec rm -rf '{}' +`;

/** The RUN that deletes them: one loop over the site-packages directories, skipping a glob that matched nothing. */
export function pruneRun(roots: readonly string[], byteCode: boolean): string {
  const steps = [...FIND_TESTS, ...(byteCode ? [FIND_BYTECODE] : [])];
  return [`RUN for sp in ${roots.join(" ")}; do`, `        [ -d "$sp" ] || continue;`, ...steps.map((s) => `        ${s};`), `    done`].join(" \\\n");
}

const LEVELS = [
  { id: "python-prune:bytecode-and-tests", byteCode: true, what: "byte-code (__pycache__) and test suites" },
  { id: "python-prune:tests", byteCode: false, what: "test suites (tests/, test/ inside packages)" },
] as const;

export function pythonPruneVariants(input: VariantInput): Variant[] {
  const { result } = input;
  const { plan, dockerfile } = result;
  if (plan.ecosystem !== "python") return [];
  const trees = installTrees(dockerfile, result);
  if (!trees.length) return [];
  const dirs = trees.map((t) => t.dir);
  const where = dirs.join(", ");
  const roots = trees.flatMap((t) => t.roots);
  return LEVELS.map((level) => ({
    id: level.id,
    dimension: "python-prune",
    summary: `${level.what} of the packages in ${where} deleted in the builder${level.byteCode ? `; ${byteCodeCost(dockerfile, trees)}` : ""}`,
    // the byte-code level deletes what the tests level deletes, and more
    ...(level.byteCode ? { covers: ["python-prune:tests"] } : {}),
    // a package that imports its own test suite (`No module named 'ledger.tests'`)
    explains: (output: string) =>
      output
        .split("\n")
        .map((l) => l.trim())
        .find((l) => /No module named '?[\w.]+\.tests?\b/.test(l))
        ?.concat(": its test suite was deleted"),
    apply: (text: string) => {
      const now = installTrees(text, result).map((t) => t.dir);
      if (now.join("\n") !== dirs.join("\n")) return undefined;
      const o = readOutput(text);
      const last = stageNamed(o, plan.builderName)!.body.at(-1);
      if (!last) return undefined;
      const why = level.byteCode
        ? "the installed packages' byte-code and test suites may not be needed at run time"
        : "the installed packages' test suites may not be needed at run time";
      return printEdited(o, edit(new Map(), last.index, { after: `\n${block(why, [pruneRun(roots, level.byteCode)])}`.replace(/\n\n$/, "\n") }));
    },
  }));
}
