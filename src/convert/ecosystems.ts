// Per-ecosystem knowledge of what a build leaves behind and how it crosses stages: a Python virtualenv, Node's
// production node_modules and build output, Go/Rust binaries, Java jars, .NET publish output, C/C++ installs.
// Each strategy looks at the analysed stage and returns insertions for the builder, the artifacts to copy, and
// reasons to decline when it cannot know enough.
import { posix } from "node:path";
import type { StageAnalysis } from "../analyze/dockerfile.js";
import type { Fact } from "../analyze/facts.js";
import type { Step } from "../model/stages.js";
import type { StepPlan } from "./steps.js";
import { goDefaultOutput } from "./go-output.js";
import { buildEnvNeed, distroPython, poetryVenvPlace, preparesBuildEnv } from "./python-env.js";
import { linesText } from "./text.js";
import { mayNotRun } from "./may-not-run.js";
import type { Artifact, ContextReader, Decision, Decline } from "./types.js";

export type Ecosystem = "python" | "node" | "go" | "rust" | "java" | "dotnet" | "c" | "ruby" | "generic";

export interface EcosystemPlan {
  ecosystem: Ecosystem;
  /** New builder instructions to insert before step `before` (as instruction line groups). */
  builderInserts: Array<{ before: number; lines: string[][]; comment: string }>;
  /** New builder instructions after step `after`. */
  builderAppends: Array<{ after: number; lines: string[][]; comment: string }>;
  /** Artifacts to copy into the final stage after step `after`, with ENV lines that make them usable. */
  artifacts: Array<{ after: number; artifact: Artifact; env?: string[]; /** RUNs right after the copy (a copied directory's own mode/owner). */ fixups?: string[] }>;
  /** Steps whose final-stage copy the artifacts replace (e.g. COPY of sources into the Node app dir). */
  replacedInFinal: Set<number>;
  decisions: Decision[];
  declines: Decline[];
  /** Go: whether the binary needs libc (cgo). */
  cgo?: boolean;
  /** What the split leaves out of the final image besides build-only system packages (for "nothing to gain"). */
  removes: string[];
}

export interface EcosystemInput {
  stage: StageAnalysis;
  steps: Step[];
  plans: StepPlan[];
  context: ContextReader | undefined;
  /** Dev dependencies the container runs when it starts (start-programs.ts). */
  startDevDependencies?: string[];
}

type FactAt = { fact: Fact; step: number; line: number; cwd?: string; mayNotRun?: boolean };

function factsOf(input: EcosystemInput): FactAt[] {
  return input.stage.runs.flatMap((r) =>
    r.facts.map((f) => {
      // the directory the command ran in (after any `cd` in the script)
      const cmd = r.scripts.flatMap((s) => s.commands).find((c) => c.index === f.value.command && c.range.start.offset === f.value.range.start.offset);
      const cwd = cmd?.cwd === undefined ? undefined : cmd.cwd.startsWith("/") ? cmd.cwd : posix.join(input.steps[r.step]?.workdir ?? "/", cmd.cwd);
      const script = cmd && r.scripts.find((s) => s.commands.includes(cmd));
      const guarded = cmd !== undefined && script !== undefined && mayNotRun(cmd, script.commands);
      return { fact: f.value, step: r.step, line: f.at.line, ...(cwd ? { cwd } : {}), ...(guarded ? { mayNotRun: true } : {}) };
    }),
  );
}

export function detectEcosystem(input: EcosystemInput): Ecosystem {
  const kinds = new Set(factsOf(input).map((f) => f.fact.kind));
  const lang = input.stage.baseInfo?.language;
  if (kinds.has("go") || lang === "go") return "go";
  if (kinds.has("cargo") || lang === "rust") return "rust";
  if (kinds.has("dotnet") || lang === "dotnet") return "dotnet";
  if (kinds.has("java") || lang === "java") return "java";
  if (lang === "ruby" || (!lang && (kinds.has("ruby-deps") || kinds.has("ruby-run")))) return "ruby";
  if (kinds.has("node-deps") || kinds.has("node-run") || lang === "node") return "node";
  if (kinds.has("python-deps") || kinds.has("python-venv") || lang === "python") return "python";
  if (kinds.has("c-build") || lang === "c") return "c";
  return "generic";
}

function empty(ecosystem: Ecosystem): EcosystemPlan {
  return { ecosystem, builderInserts: [], builderAppends: [], artifacts: [], replacedInFinal: new Set(), decisions: [], declines: [], removes: [] };
}

/** The user a step runs as (the last USER before it), undefined for the base image's default (root). */
function userAt(steps: Step[], index: number): string | undefined {
  let user: string | undefined;
  for (let i = 0; i < index; i++) {
    const s = steps[i] as Step;
    if (s.instruction.kind === "USER") user = s.expanded.user;
  }
  return user && !/^(root|0)(:.*)?$/.test(user) ? user : undefined;
}

const lastOf = <T>(xs: T[]): T | undefined => xs[xs.length - 1];

/** A path as a command in `dir` sees it. */
const abs = (dir: string, p: string): string => (p.startsWith("/") ? posix.normalize(p) : posix.join(dir, p));

// -- Python ------------------------------------------------------------------------------------------------------

/** What `python -m venv` puts in every virtualenv. */
const VENV_OWN = new Set(["pip", "setuptools", "wheel"]);
const PYTHON_TOOLS = new Set(["poetry", "pipenv", "uv", "pip", "setuptools", "wheel", "pip-tools", "virtualenv", "poetry-plugin-export"]);

export function planPython(input: EcosystemInput): EcosystemPlan {
  const plan = empty("python");
  const facts = factsOf(input);
  const deps = facts.filter((f): f is FactAt & { fact: Extract<Fact, { kind: "python-deps" }> } => f.fact.kind === "python-deps" && f.fact.op !== "uninstall");
  const venvs = facts.filter((f) => f.fact.kind === "python-venv");
  if (deps.length === 0 && venvs.length === 0) {
    plan.decisions.push({ kind: "note", lines: [], message: "no Python dependency step: nothing to carry over besides the app files" });
    return plan;
  }
  // the user's own virtualenv, or pip --user/--prefix/--target: copy what they produce
  const own = lastOf(venvs);
  if (own && own.fact.kind === "python-venv") {
    const last = lastOf(deps) ?? own;
    plan.artifacts.push({ after: last.step, artifact: { path: own.fact.path, dest: own.fact.path, why: "the virtualenv the Dockerfile creates", lines: [own.line] } });
    plan.decisions.push({ kind: "artifact", lines: [own.line], message: `line ${own.line}: the virtualenv ${own.fact.path} is built in the builder and copied whole into the final stage` });
    return plan;
  }
  const placed = deps.filter((d) => d.fact.user || d.fact.prefix || d.fact.target);
  if (placed.length > 0) {
    for (const d of placed) {
      const path = d.fact.outputs.find((o) => !/\/\.cache\//.test(o)) as string;
      plan.artifacts.push({ after: lastOf(deps)!.step, artifact: { path, dest: path, why: `pip ${d.fact.user ? "--user" : d.fact.prefix ? "--prefix" : "--target"} installs`, lines: [d.line] } });
      plan.decisions.push({ kind: "artifact", lines: [d.line], message: `line ${d.line}: packages installed into ${path} are copied into the final stage` });
    }
    return plan;
  }
  // the app's own dependency steps go into a virtualenv at a fixed path, created right before the first of them;
  // installs of the tools themselves (pip install poetry) stay outside it
  const appDeps = deps.filter((d) => !(d.fact.tool === "pip" && d.fact.packages.length > 0 && d.fact.packages.every((p) => PYTHON_TOOLS.has(p.name.toLowerCase())) && d.fact.requirements.length === 0));
  const toolInstalls = deps.filter((d) => !appDeps.includes(d));
  // pip, setuptools and wheel come with every virtualenv: leaving the system's copies behind removes nothing
  const toolNames = [...new Set(toolInstalls.flatMap((d) => d.fact.packages.map((p) => p.name.toLowerCase())))].filter((n) => !VENV_OWN.has(n));
  if (toolNames.length) plan.removes.push(`the Python tools ${toolNames.join(", ")}`);
  let first = appDeps[0];
  if (!first) return plan;
  const info = input.stage.baseInfo;
  const distro = info?.language !== "python" ? distroPython(input.stage, first.step) : undefined;
  if (info?.language !== "python" && !distro) {
    plan.declines.push({
      lines: [first.line],
      reason: `line ${first.line}: Python comes from ${input.stage.baseName}'s own packages, not an official python image, so the same interpreter cannot be promised in both stages`,
      hint: input.stage.packages.some((p) => /^python3(\.\d+)?$/.test(p.name))
        ? "install python3-venv with python3, before the pip step, so a virtualenv can be made with it (Debian/Ubuntu), or build FROM python:<version>"
        : "build FROM python:<version> (and its -slim counterpart runs it), or convert by hand",
    });
    return plan;
  }
  if (info?.languageVersion?.startsWith("2")) {
    plan.declines.push({ lines: [first.line], reason: `line ${first.line}: Python 2 has no venv module`, hint: "move to Python 3, or convert by hand" });
    return plan;
  }
  const user = userAt(input.steps, first.step);
  if (user) {
    plan.declines.push({
      lines: [first.line],
      reason: `line ${first.line}: Python packages are installed as user ${user}, so slimstage cannot create its virtualenv in /opt/venv`,
      hint: "install the dependencies as root (move USER below the pip step), or create a virtualenv yourself and slimstage will carry it over",
    });
    return plan;
  }
  const poetryPlace = poetryVenvPlace(input.stage, appDeps);
  if (poetryPlace !== undefined) {
    plan.declines.push({ lines: [poetryPlace], reason: `line ${poetryPlace}: poetry is told where to put its virtualenv (virtualenvs.in-project / virtualenvs.path), which the image may rely on; slimstage's own /opt/venv would take its place`, hint: "create the virtualenv yourself at a fixed path (python -m venv /app/.venv) and slimstage will carry it over" });
    return plan;
  }
  // builds that run setuptools in the environment itself get a virtualenv that sees the interpreter's packages
  // (python-env.ts); upgrades of pip/setuptools/wheel right before them then go into the virtualenv too
  const buildEnv = buildEnvNeed(appDeps, input.context);
  if (buildEnv) {
    const systemTools = toolInstalls.filter((t) => t.step < first!.step && !preparesBuildEnv(t));
    if (systemTools.length) {
      const t = systemTools[0]!;
      plan.declines.push({
        lines: [t.line, ...buildEnv.lines],
        reason: `line ${t.line}: tools installed into the system interpreter (${t.fact.packages.map((p) => p.name).join(", ")}) would be visible to the virtualenv that ${buildEnv.why} (line ${buildEnv.lines[0]}) needs to see the interpreter's own setuptools and wheel`,
        hint: "install those tools after the app's packages, or create a virtualenv yourself and slimstage will carry it over",
      });
      return plan;
    }
    const prep = toolInstalls.filter((t) => t.step < first!.step && preparesBuildEnv(t))[0];
    if (prep) first = prep;
    plan.decisions.push({
      kind: "note",
      lines: buildEnv.lines,
      message: `${linesText(buildEnv.lines)}: ${buildEnv.why} builds with the environment's own setuptools and wheel, so the virtualenv is made with --system-site-packages: it sees what ${distro ? "the system's python3" : input.stage.baseName + "'s interpreter"} had (a plain venv has no wheel, and from Python 3.12 no setuptools)${prep ? `; line ${prep.line} upgrades them inside it` : ""}`,
    });
  }
  const python = distro ?? "python";
  if (distro) plan.decisions.push({ kind: "note", lines: [first.line], message: `line ${first.line}: Python is ${input.stage.baseName}'s own python3 (from its packages, kept in the final stage on the same distribution), so the virtualenv is made with python3 -m venv` });
  const usesUvSync = appDeps.some((d) => d.fact.tool === "uv" && d.fact.op === "sync");
  const env = ["VIRTUAL_ENV=/opt/venv", 'PATH="/opt/venv/bin:$PATH"', ...(usesUvSync ? ["UV_PROJECT_ENVIRONMENT=/opt/venv"] : [])];
  plan.builderInserts.push({
    before: first.step,
    lines: [[`RUN ${python} -m venv${buildEnv ? " --system-site-packages" : ""} /opt/venv`], [`ENV ${env.join(" ")}`]],
    comment: "slimstage: install the Python packages into a virtualenv, which the final stage copies whole",
  });
  const last = lastOf(appDeps)!;
  plan.artifacts.push({
    after: last.step,
    artifact: { path: "/opt/venv", dest: "/opt/venv", why: "the virtualenv with the installed packages and their console scripts", lines: appDeps.map((d) => d.line) },
    // PATH alone: a VIRTUAL_ENV in the final image would be a config change the original did not have
    env: [`ENV PATH="/opt/venv/bin:$PATH"`],
  });
  const tools = [...new Set(appDeps.map((d) => d.fact.tool))].join(", ");
  plan.decisions.push({
    kind: "artifact",
    lines: appDeps.map((d) => d.line),
    message: `${linesText(appDeps.map((d) => d.line))}: ${tools} install into a virtualenv at /opt/venv in the builder; the final stage copies /opt/venv and puts it first on PATH (console scripts and the interpreter path keep working)`,
  });
  return plan;
}

// -- Node ----------------------------------------------------------------------------------------------------------

export function planNode(input: EcosystemInput): EcosystemPlan {
  const plan = empty("node");
  const facts = factsOf(input);
  const deps = facts.filter((f): f is FactAt & { fact: Extract<Fact, { kind: "node-deps" }> } => f.fact.kind === "node-deps");
  const local = deps.filter((d) => !d.fact.global);
  const runs = facts.filter((f) => f.fact.kind === "node-run");
  const all = [...local, ...runs].sort((a, b) => a.step - b.step);
  const last = lastOf(all);
  const globalOnly = deps.filter((d) => d.fact.global);
  if (local.length === 0 && globalOnly.length > 0) {
    const g = globalOnly[0]!;
    plan.declines.push({ lines: [g.line], reason: `line ${g.line}: the image's tools are npm packages installed globally, which slimstage does not carry over yet`, hint: "keep this image single-stage, or copy /usr/local/lib/node_modules and the bin links by hand" });
    return plan;
  }
  if (!last || local.length === 0) {
    plan.decisions.push({ kind: "note", lines: [], message: "no Node dependency install: nothing to carry over besides the app files" });
    return plan;
  }
  const appDir = input.steps[last.step]?.workdir ?? "/";
  if (appDir === "/") {
    plan.declines.push({ lines: [last.line], reason: `line ${last.line}: the Node app is built in / (no WORKDIR)`, hint: "set a WORKDIR for the app, e.g. WORKDIR /app" });
    return plan;
  }
  const globals = deps.filter((d) => d.fact.global);
  const entry = entryProgram(input.steps);
  const globalNames = globals.flatMap((g) => g.fact.packages.map((p) => p.name.replace(/@[^@/]*$/, "")));
  if (entry && globalNames.some((n) => n === entry.program || n.endsWith(`/${entry.program}`))) {
    plan.declines.push({ lines: [entry.line], reason: `line ${entry.line}: the container runs ${entry.program}, a package installed globally with npm, which slimstage does not carry over yet`, hint: "install it as a dependency of the app (and run it from node_modules/.bin), then convert" });
    return plan;
  }
  if (globals.length) plan.removes.push(`the globally installed ${globalNames.join(", ")}`);
  const tool = local[0]!.fact.tool;
  const variant = local[0]!.fact.variant;
  let prodOnly = local.every((d) => d.fact.omitDev);
  const usedDev = input.startDevDependencies ?? [];
  if (!prodOnly && usedDev.length) {
    prodOnly = true; // nothing to prune: the app needs them
    plan.decisions.push({ kind: "runtime", lines: [], message: `the container starts with dev dependencies (${usedDev.join(", ")}), so node_modules is copied with them` });
  } else if (!prodOnly && !input.context?.read("package.json")) {
    plan.decisions.push({ kind: "warning", lines: [], message: "package.json was not readable (no --context): if the container needs a dev dependency when it starts, the pruned node_modules will lack it — verify the result" });
  }
  if (!prodOnly) {
    const prune =
      tool === "npm"
        ? "RUN npm prune --omit=dev"
        : tool === "pnpm"
          ? "RUN pnpm prune --prod"
          : variant === "berry"
            ? undefined
            : "RUN yarn install --production --frozen-lockfile --ignore-scripts --prefer-offline";
    if (!prune) {
      plan.declines.push({ lines: [last.line], reason: `line ${last.line}: Yarn 2+ has no built-in way to drop dev dependencies`, hint: "use `yarn workspaces focus --production` in your Dockerfile, or pass --runtime-base and prune yourself" });
      return plan;
    }
    plan.builderAppends.push({ after: last.step, lines: [[prune]], comment: "slimstage: drop dev dependencies before node_modules is copied into the final stage" });
    plan.removes.push("dev dependencies");
  }
  // the original's own --chown on what it copied into the app dir, if any (never one of our own)
  let user: string | undefined;
  for (const p of input.plans) {
    const i = p.step.instruction;
    if ((i.kind === "COPY" || i.kind === "ADD") && i.chown !== undefined && p.index < last.step && insideDir(p.step, appDir)) user = p.step.expanded.chown ?? i.chown;
  }
  plan.artifacts.push({
    after: last.step,
    artifact: { path: appDir, dest: appDir, why: "the app with its production node_modules and build output", lines: all.map((a) => a.line), ...(user ? { chown: user } : {}) },
  });
  // the app dir copy replaces earlier COPYs into it
  for (const p of input.plans) {
    const ins = p.step.instruction;
    if ((ins.kind === "ADD" || (ins.kind === "COPY" && ins.from === undefined)) && p.index < last.step && insideDir(p.step, appDir)) plan.replacedInFinal.add(p.index);
  }
  plan.decisions.push({
    kind: "artifact",
    lines: all.map((a) => a.line),
    message: `${linesText(all.map((a) => a.line))}: ${tool} installs and builds in the builder${prodOnly ? "" : ", which then drops dev dependencies"}; the final stage copies ${appDir} (sources, build output, ${usedDev.length ? "node_modules with the dev dependencies it starts with" : "production node_modules"})`,
  });
  return plan;
}

function insideDir(step: Step, dir: string): boolean {
  const dest = step.expanded.dest;
  if (dest === undefined) return false;
  const path = abs(step.workdir, dest);
  return path === dir || path.startsWith(dir.replace(/\/$/, "") + "/");
}


// -- compiled languages ------------------------------------------------------------------------------------------

/** The executable CMD/ENTRYPOINT runs first, as written. */
export function entryProgram(steps: Step[]): { program: string; line: number; shell: boolean } | undefined {
  let entry: { program: string; line: number; shell: boolean } | undefined;
  let cmd: typeof entry;
  for (const s of steps) {
    const ins = s.instruction;
    if (ins.kind === "ENTRYPOINT" || ins.kind === "CMD") {
      const first = ins.shell ? (ins.cmdLine[0] ?? "").trim().split(/\s+/)[0] : ins.cmdLine[0];
      const v = first ? { program: first, line: ins.range.start.line, shell: ins.shell } : undefined;
      if (ins.kind === "ENTRYPOINT") {
        entry = v;
        cmd = undefined;
      } else cmd = v;
    }
  }
  return entry ?? cmd;
}

/** Directories on PATH in every runtime base (Debian, distroless, the language images). */
const STANDARD_PATH = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];

function binaryArtifact(plan: EcosystemPlan, path: string, at: FactAt, why: string, opts: { onPath?: string } = {}): void {
  if (plan.artifacts.some((a) => a.artifact.path === path)) return;
  if (at.mayNotRun) {
    // an unconditional COPY --from would fail wherever the command did not run or failed
    plan.declines.push({ lines: [at.line], reason: `line ${at.line}: ${why} ${path} is built by a command that may not run (a condition, branch or \`|| …\` lets the RUN succeed without it), so copying it into the final stage could fail`, hint: "build it unconditionally, or let the build fail when it cannot be built" });
    return;
  }
  // a program CMD runs by bare name from a directory only the build image had on PATH (/go/bin, ~/.cargo/bin)
  // goes where every runtime image looks
  const dest = opts.onPath && !STANDARD_PATH.includes(posix.dirname(path)) ? posix.join("/usr/local/bin", posix.basename(path)) : path;
  plan.artifacts.push({ after: at.step, artifact: { path, dest, why, lines: [at.line] } });
  plan.decisions.push({
    kind: "artifact",
    lines: [at.line],
    message: `line ${at.line}: ${why} ${path} is built in the builder and copied into the final stage${dest !== path ? ` at ${dest}, on the PATH of the runtime image (${opts.onPath} is run by name)` : ""}`,
  });
}

/** Where a program name on CMD lands: absolute, relative to the WORKDIR, or on PATH among the build outputs. */
function resolveEntry(program: string, workdir: string, outputs: string[]): string | undefined {
  if (program.includes("/")) return abs(workdir, program);
  return outputs.find((o) => posix.basename(o) === program);
}

export function planGo(input: EcosystemInput): EcosystemPlan {
  const plan = empty("go");
  const builds = factsOf(input).filter((f): f is FactAt & { fact: Extract<Fact, { kind: "go" }> } => f.fact.kind === "go" && (f.fact.op === "build" || f.fact.op === "install"));
  if (builds.length === 0) {
    plan.declines.push({ lines: [], reason: "no `go build` or `go install` step found", hint: "build the binary in a RUN step with `go build -o /path/to/binary`" });
    return plan;
  }
  const entry = entryProgram(input.steps);
  const env = input.stage.runtime.env;
  for (const b of builds) {
    const out = b.fact.outputs.find((o) => !o.includes("/pkg/mod") && !o.includes("/.cache"));
    if (b.fact.op === "install" && out) {
      // go install puts every command it builds in $GOBIN: all of them go where the runtime image's PATH looks
      if (!plan.artifacts.some((a) => a.artifact.path === `${out}/`)) {
        // a start command that names $GOBIN itself (ENTRYPOINT ["/go/bin/server"]) finds the commands where they were
        const named = input.steps.some((s) => (s.instruction.kind === "CMD" || s.instruction.kind === "ENTRYPOINT" || s.instruction.kind === "HEALTHCHECK") && s.instruction.node.original.includes(`${out}/`));
        const dest = named ? `${out}/` : "/usr/local/bin/";
        plan.artifacts.push({ after: b.step, artifact: { path: `${out}/`, dest, why: "the commands go install built", lines: [b.line] } });
        plan.decisions.push({ kind: "artifact", lines: [b.line], message: `line ${b.line}: the commands \`go install\` puts in ${out} are copied into ${named ? `${out} of the final stage, where the start command runs them` : "/usr/local/bin of the final stage"}` });
      }
      continue;
    }
    const cwd = input.steps[b.step]?.workdir ?? "/";
    const runCwd = b.cwd ?? cwd;
    const guessed = !out && b.fact.op === "build" && b.fact.packages.every((p) => p === "." || p === "./") ? goDefaultOutput(runCwd, input.steps, input.context) : undefined;
    if (!out && guessed) {
      plan.decisions.push({ kind: "note", lines: [b.line], message: `line ${b.line}: \`go build\` without -o writes ${guessed.path} (${guessed.how})` });
      binaryArtifact(plan, guessed.path, b, "the Go binary", entry && !entry.program.includes("/") && posix.basename(guessed.path) === entry.program ? { onPath: entry.program } : {});
      continue;
    }
    if (!out) {
      plan.declines.push({ lines: [b.line], reason: `line ${b.line}: where \`go build\` writes its binary is not known${input.context ? "" : " (pass --context so slimstage can read go.mod)"}`, hint: "name the output with `go build -o /path/to/binary`" });
      continue;
    }
    binaryArtifact(plan, out, b, "the Go binary", entry && !entry.program.includes("/") && posix.basename(out) === entry.program ? { onPath: entry.program } : {});
  }
  const cgoValues = builds.map((b) => b.fact.cgoEnabled ?? env.CGO_ENABLED);
  plan.cgo = !cgoValues.every((v) => v === "0");
  plan.decisions.push({
    kind: "base",
    lines: builds.map((b) => b.line),
    message: plan.cgo ? "cgo is not disabled (CGO_ENABLED is not 0), so the binary needs glibc at run time" : "CGO_ENABLED=0: the binary is static and needs no libc",
  });
  return plan;
}

export function planRust(input: EcosystemInput): EcosystemPlan {
  const plan = empty("rust");
  const builds = factsOf(input).filter((f): f is FactAt & { fact: Extract<Fact, { kind: "cargo" }> } => f.fact.kind === "cargo" && (f.fact.op === "build" || f.fact.op === "install"));
  if (builds.length === 0) {
    plan.declines.push({ lines: [], reason: "no `cargo build` step found", hint: "build with `cargo build --release`" });
    return plan;
  }
  const last = lastOf(builds)!;
  const workdir = input.steps[last.step]?.workdir ?? "/";
  const entry = entryProgram(input.steps);
  const profile = last.fact.release ? "release" : "debug";
  const targetDir = abs(workdir, last.fact.targetDir);
  const names = last.fact.bins.length ? last.fact.bins : cargoPackageName(input.context) ? [cargoPackageName(input.context)!] : [];
  if (last.fact.op === "install") {
    // cargo install builds the release profile and puts the binaries in $CARGO_HOME/bin (or --root/bin)
    // (the rust image keeps cargo and rustc there too, so only the installed binary is taken)
    const binDir = last.fact.root ? posix.join(last.fact.root, "bin") : `${input.stage.runtime.env.CARGO_HOME ?? "/usr/local/cargo"}/bin`;
    const name = last.fact.bins[0] ?? (entry && !entry.program.includes("/") ? entry.program : undefined) ?? cargoPackageName(input.context);
    if (!name) {
      plan.declines.push({ lines: [last.line], reason: `line ${last.line}: the name of the binary \`cargo install\` builds is not known`, hint: "pass --context so slimstage can read Cargo.toml, or run the binary by name in CMD" });
      return plan;
    }
    binaryArtifact(plan, posix.join(binDir, name), last, "the Rust binary", { onPath: name });
    plan.cgo = true;
    return plan;
  }
  const candidates = names.map((n) => posix.join(targetDir, last.fact.target ?? "", profile, n));
  // a binary copied or moved out of target/ by a RUN (cp/mv/install) is the one the image runs
  const outDir = posix.join(targetDir, last.fact.target ?? "", profile) + "/";
  const moved = factsOf(input).find(
    (f) => f.fact.kind === "file-op" && (f.fact.op === "copy" || f.fact.op === "move" || f.fact.op === "install") && f.fact.dest !== undefined && f.fact.paths.some((p) => abs(workdir, p).startsWith(outDir)),
  );
  let path: string | undefined;
  if (moved && moved.fact.kind === "file-op" && moved.fact.dest) {
    const src = moved.fact.paths.find((p) => abs(workdir, p).startsWith(outDir)) as string;
    const dest = abs(workdir, moved.fact.dest);
    path = moved.fact.dest.endsWith("/") || (entry && posix.basename(dest) !== posix.basename(entry.program) && posix.basename(src) === posix.basename(entry.program)) ? posix.join(dest, posix.basename(src)) : dest;
  } else {
    path = (entry ? resolveEntry(entry.program, workdir, candidates) : undefined) ?? candidates[0];
  }
  if (!path) {
    plan.declines.push({ lines: [last.line], reason: `line ${last.line}: the name of the binary cargo builds is not known`, hint: "pass --context so slimstage can read Cargo.toml, or run the binary by its path in CMD" });
    return plan;
  }
  binaryArtifact(plan, path, moved ?? last, "the Rust binary");
  plan.cgo = true;
  return plan;
}

function cargoPackageName(context: ContextReader | undefined): string | undefined {
  const toml = context?.read("Cargo.toml");
  if (!toml) return undefined;
  const bin = /\[\[bin\]\][^[]*?name\s*=\s*"([^"]+)"/s.exec(toml);
  if (bin) return bin[1];
  const pkg = /\[package\][^[]*?name\s*=\s*"([^"]+)"/s.exec(toml);
  return pkg?.[1];
}

export function planJava(input: EcosystemInput): EcosystemPlan {
  const plan = empty("java");
  const builds = factsOf(input).filter((f): f is FactAt & { fact: Extract<Fact, { kind: "java" }> } => f.fact.kind === "java");
  const last = lastOf(builds);
  if (!last) {
    plan.declines.push({ lines: [], reason: "no Maven, Gradle, javac or jar step found", hint: "build the jar in a RUN step" });
    return plan;
  }
  const workdir = input.steps[last.step]?.workdir ?? "/";
  const entry = jarOnCommandLine(input.steps);
  let jar: string | undefined;
  if (entry) jar = entry.startsWith("/") ? entry : posix.join(workdir, entry);
  else if (last.fact.tool === "jar" && last.fact.file) jar = posix.join(workdir, last.fact.file);
  if (!jar) {
    const dir = last.fact.tool === "maven" ? "target" : last.fact.tool === "gradle" ? "build/libs" : undefined;
    if (!dir) {
      plan.declines.push({ lines: [last.line], reason: `line ${last.line}: where the build puts its classes or jar is not known`, hint: "package a jar and run it with `java -jar PATH` in CMD" });
      return plan;
    }
    jar = posix.join(workdir, dir);
  }
  binaryArtifact(plan, jar, last, jar.endsWith(".jar") ? "the jar" : "the build output directory");
  return plan;
}

function jarOnCommandLine(steps: Step[]): string | undefined {
  for (const s of [...steps].reverse()) {
    const ins = s.instruction;
    if (ins.kind !== "CMD" && ins.kind !== "ENTRYPOINT") continue;
    // `sh -c "exec java -jar app.jar"` too: look at every word of the command line
    const words = ins.cmdLine.join(" ").split(/\s+/);
    const i = words.indexOf("-jar");
    if (i >= 0 && words[i + 1]) return words[i + 1]!.replace(/^["']|["']$/g, "");
  }
  return undefined;
}

export function planDotnet(input: EcosystemInput): EcosystemPlan {
  const plan = empty("dotnet");
  const publish = factsOf(input).filter((f): f is FactAt & { fact: Extract<Fact, { kind: "dotnet" }> } => f.fact.kind === "dotnet" && f.fact.op === "publish");
  const last = lastOf(publish);
  if (!last || !last.fact.output) {
    plan.declines.push({ lines: last ? [last.line] : [], reason: "no `dotnet publish -o DIR` step found", hint: "publish with an explicit output directory: `dotnet publish -c Release -o /app/publish`" });
    return plan;
  }
  const out = last.fact.outputs[0] ?? last.fact.output;
  binaryArtifact(plan, out, last, "the published app");
  return plan;
}

export function planNative(input: EcosystemInput, ecosystem: "c" | "generic"): EcosystemPlan {
  const plan = empty(ecosystem);
  const facts = factsOf(input);
  const cbuilds = facts.filter((f): f is FactAt & { fact: Extract<Fact, { kind: "c-build" }> } => f.fact.kind === "c-build");
  const entry = entryProgram(input.steps);
  const last = lastOf(cbuilds);
  const lang = input.stage.baseInfo?.language;
  if (!last && lang === "php") {
    // an interpreted app with nothing compiled: as for Python, a split would only swap the base image
    plan.declines.push({ lines: [], reason: `nothing is built for this PHP app, so a builder stage would leave nothing behind: the split would only change the base image`, hint: "if the app needs nothing the full base provides, change its FROM line to the -slim image yourself" });
    return plan;
  }
  if (!last) {
    plan.declines.push({ lines: [], reason: "no compile step slimstage can follow (make, cmake, configure, gcc/cc)", hint: "nothing is compiled, so there is little for a builder stage to keep" });
    return plan;
  }
  // compiler outputs named with -o
  for (const c of cbuilds) {
    if (c.fact.tool === "cc" && c.fact.output) binaryArtifact(plan, c.fact.outputs[0] ?? c.fact.output, c, "the compiled program");
  }
  // installs: the prefix they install into (stated on make/cmake --install, or earlier on configure/cmake)
  const installs = cbuilds.filter((c) => c.fact.install);
  if (installs.length) {
    const inst = lastOf(installs)!;
    const stated = inst.fact.prefix ?? lastOf(cbuilds.filter((c) => c.step <= inst.step && c.fact.prefix))?.fact.prefix;
    const prefix = stated ?? "/usr/local";
    if (!stated) plan.decisions.push({ kind: "note", lines: [inst.line], message: `line ${inst.line}: the install prefix is not stated: assuming ${prefix}` });
    if (prefix === "/usr" || prefix === "/") {
      plan.declines.push({ lines: [inst.line], reason: `line ${inst.line}: installs into ${prefix}, which holds the whole system, so what the build added cannot be told apart`, hint: "install into a prefix of its own (e.g. --prefix=/usr/local or /opt/app), then convert" });
      return plan;
    }
    if (input.stage.baseInfo?.language === "c" && prefix === "/usr/local") {
      // the gcc images keep their own compiler (and its runtime libraries) under /usr/local: what `make install`
      // adds there (a program, its libraries, data files) cannot be told apart from them
      plan.declines.push({
        lines: [inst.line],
        reason: `line ${inst.line}: installs into /usr/local, where ${input.stage.baseName} keeps its own toolchain, so what the build added cannot be told apart`,
        hint: "install into a prefix of its own (PREFIX=/opt/app), or build on debian with build-essential, then convert",
      });
      return plan;
    } else {
      binaryArtifact(plan, prefix, inst, "the install prefix (programs, libraries and data files)");
    }
  }
  if (plan.artifacts.length === 0 && entry) {
    const workdir = input.steps[last.step]?.workdir ?? "/";
    const path = resolveEntry(entry.program, workdir, []);
    if (path) binaryArtifact(plan, path, last, "the program CMD runs");
  }
  if (plan.artifacts.length === 0) {
    plan.declines.push({
      lines: entry ? [entry.line] : [last.line],
      reason: entry ? `line ${entry.line}: where \`${entry.program}\` comes from is not known` : `line ${last.line}: what the build produces is not known`,
      hint: "name the output (`gcc -o /usr/local/bin/app`, `make install PREFIX=/usr/local`) or run the program by its path in CMD",
    });
  }
  return plan;
}
