// What a whole Dockerfile does, stage by stage: every RUN's facts (from the shell analysis), the system packages
// present at the end of each stage and their classes (from the package knowledge), language dependency steps,
// artifacts, leftover caches, the final stage's runtime configuration, and a verdict on the final stage.
import { pushAll } from "../arrays.js";
import type { Position, Range } from "../errors.js";
import {
  baseImageInfoAsWritten,
  type BaseImageInfo,
  classify,
  debianReleaseFor,
  imageWorkdir,
  normalizePackageName,
  type PackageClass,
  type PackageFamily,
  runtimeLibrariesFor,
} from "../knowledge/index.js";
import type { Instruction } from "../model/instructions.js";
import { stageGraph, type StageGraph } from "../model/graph.js";
import type { DockerfileModel, ModelOptions, Stage, Step } from "../model/stages.js";
import { commandFromExec, loadShellParser, parseScript, type ShellCommand, type ShellScript } from "../shell/script.js";
import { positionInArgs, positionInHeredoc } from "../syntax/parser.js";
import type { DockerfileTree } from "../syntax/types.js";
import { analyzeScript } from "./analyze.js";
import { ScopeHistory } from "./scope.js";
import type { Fact, PackageManager } from "./facts.js";

/** A fact or command located in the Dockerfile (not just in its script). */
export interface Located<T> {
  value: T;
  /** Where in the Dockerfile. */
  at: Position;
}

export interface RunAnalysis {
  /** Index of the step in its stage. */
  step: number;
  line: number;
  /** What ran: the shell script (shell form or heredoc bodies), or the exec-form argv. */
  scripts: ShellScript[];
  facts: Array<Located<Fact>>;
  unrecognized: Array<Located<ShellCommand>>;
  trivial: number;
  diagnostics: Array<{ message: string; at: Position }>;
}

export interface PackageState {
  name: string;
  manager: PackageManager;
  /** Line of the instruction that installed it. */
  line: number;
  /** Stage that installed it (a parent stage for inherited packages). */
  stage: number;
  class: PackageClass;
  /** For build-only packages: the runtime libraries they imply. */
  runtimeLibraries: string[];
}

export interface RuntimeConfig {
  env: Record<string, string>;
  workdir: string;
  user: string | undefined;
  expose: string[];
  volumes: string[];
  entrypoint: { shell: boolean; cmdLine: string[] } | undefined;
  cmd: { shell: boolean; cmdLine: string[] } | undefined;
  healthcheck: string | undefined;
  labels: Record<string, string>;
  stopsignal: string | undefined;
  shell: string[] | undefined;
}

export interface StageAnalysis {
  index: number;
  name: string | undefined;
  id: string;
  baseName: string;
  /** What the knowledge says about the base image (undefined for stages, scratch and unknown images). */
  baseInfo: BaseImageInfo | undefined;
  family: PackageFamily;
  runs: RunAnalysis[];
  /** System packages present at the end of the stage (installs minus removals, inherited through FROM <stage>). */
  packages: PackageState[];
  buildOnly: string[];
  /** Runtime libraries the build-only packages imply (e.g. libmariadb3 for default-libmysqlclient-dev). */
  runtimeLibraries: string[];
  /** Python/Node/Go/Rust/Java/.NET/C build and dependency steps. */
  languageSteps: Array<Located<Fact>>;
  /** Paths the stage's steps leave behind that are build results (binaries, venvs, prefixes). */
  artifacts: string[];
  /** Caches left in the image (package lists, pip/npm caches) that no later step removed. */
  caches: string[];
  runtime: RuntimeConfig;
  unused: boolean;
}

export interface Verdict {
  /** The final stage ships these build-only packages. */
  buildTools: string[];
  /** The base image is a build image (compilers, SDK) with a runtime counterpart. */
  heavyBase: { image: string; counterpart: string | undefined } | undefined;
  caches: string[];
  /** What a multi-stage split would remove from the final image. */
  wouldRemove: string[];
  /** The runtime libraries the final stage must keep. */
  keepLibraries: string[];
  summary: string;
}

export interface DockerfileAnalysis {
  model: DockerfileModel;
  graph: StageGraph;
  stages: StageAnalysis[];
  /** Index of the final (target) stage. */
  final: number;
  verdict: Verdict;
}

export interface AnalyzeDockerfileOptions extends ModelOptions {
  target?: string;
}

/**
 * Fact kinds that are a language's build or dependency step. Each converter ecosystem strategy
 * (src/convert/ecosystems/<name>.ts) claims some of them; a test checks that the two agree.
 */
export const LANGUAGE_FACT_KINDS = [
  "python-deps",
  "python-venv",
  "node-deps",
  "node-run",
  "go",
  "cargo",
  "java",
  "dotnet",
  "c-build",
  "php",
  "ruby-deps",
  "ruby-run",
] as const satisfies ReadonlyArray<Fact["kind"]>;
export type LanguageFactKind = (typeof LANGUAGE_FACT_KINDS)[number];
const languageKinds = new Set<Fact["kind"]>(LANGUAGE_FACT_KINDS);

/** Loads the shell parser (once), then analyses. */
export async function analyzeDockerfile(input: DockerfileTree | DockerfileModel, opts: AnalyzeDockerfileOptions = {}): Promise<DockerfileAnalysis> {
  await loadShellParser();
  return analyzeDockerfileSync(input, opts);
}

/** The analysis, once `loadShellParser()` has resolved. Pure. */
export function analyzeDockerfileSync(input: DockerfileTree | DockerfileModel, opts: AnalyzeDockerfileOptions = {}): DockerfileAnalysis {
  // relative paths in a stage FROM golang resolve against /go, as BuildKit takes the image config's WorkingDir
  const graph = stageGraph(input, { imageWorkdir, ...opts });
  const model = graph.model;
  const stages: StageAnalysis[] = [];
  for (const stage of model.stages) {
    const parent = stage.base.kind === "stage" ? stages[stage.base.index] : undefined;
    stages.push(analyzeStage(stage, parent, graph.stages[stage.index]?.unused ?? false));
  }
  const final = graph.target;
  return { model, graph, stages, final, verdict: verdictFor(stages[final] as StageAnalysis) };
}

function familyOf(info: BaseImageInfo | undefined, parent: StageAnalysis | undefined, facts: Fact[]): PackageFamily {
  if (parent) return parent.family;
  if (info && (info.family === "debian" || info.family === "ubuntu" || info.family === "alpine" || info.family === "redhat")) return info.family;
  const pkgFact = facts.find((f): f is Extract<Fact, { kind: "system-packages" }> => f.kind === "system-packages");
  const manager = pkgFact?.manager;
  if (manager === "apk") return "alpine";
  if (manager === "dnf" || manager === "yum" || manager === "microdnf") return "redhat";
  return "debian";
}

function analyzeStage(stage: Stage, parent: StageAnalysis | undefined, unused: boolean): StageAnalysis {
  const baseInfo = stage.base.kind === "image" ? baseImageInfoAsWritten(stage.from.image, stage.base.ref) : undefined;
  const env: Record<string, string> = { ...(parent?.runtime.env ?? {}) };
  // what each RUN sees, without copying the scope per RUN
  const scope = new ScopeHistory();
  for (const [k, v] of Object.entries(env)) scope.setEnv(k, v);
  const runs: RunAnalysis[] = [];
  // HOME of the USER a RUN runs as: the runtime sets it from the user's passwd entry when ENV does not
  const homes = new Map<string, string>(Object.entries(KNOWN_HOMES));
  for (const f of parentUserFacts(parent)) homes.set(f.name, userHome(f));
  let user = parent?.runtime.user;
  stage.steps.forEach((step, i) => {
    const ins = step.instruction;
    if (ins.kind === "USER") user = step.expanded.user ?? user;
    if (ins.kind === "ENV") {
      for (const p of step.expanded.pairs ?? []) {
        env[p.key] = p.value;
        scope.setEnv(p.key, p.value);
      }
    }
    if (ins.kind === "ARG") for (const a of step.expanded.args ?? []) if (a.value !== undefined) scope.setArg(a.key, a.value);
    if (ins.kind === "RUN") {
      const seen = scope.snapshot();
      const home = seen.HOME === undefined ? homeOfUser(user, homes) : undefined;
      const run = analyzeRun(step, i, home === undefined ? seen : { ...seen, HOME: home });
      runs.push(run);
      for (const { value: f } of run.facts) if (f.kind === "user" && f.op === "create-user") homes.set(f.name, userHome(f));
    }
  });
  const allFacts = runs.flatMap((r) => r.facts.map((f) => f.value));
  const family = familyOf(baseInfo, parent, allFacts);
  const release = debianReleaseFor(baseInfo?.release) ?? undefined;
  const knowledge = { family, ...(release ? { release } : {}) };

  // packages present: inherited, then installs and removals in order
  const present = new Map<string, PackageState>((parent?.packages ?? []).map((p) => [p.name, p]));
  const virtualGroups = new Map<string, string[]>();
  for (const run of runs) {
    for (const { value: f } of run.facts) {
      if (f.kind !== "system-packages") continue;
      const names = f.packages.filter((p) => !p.dynamic).map((p) => normalizePackageName(p.name));
      if (f.op === "install") {
        if (f.virtual) virtualGroups.set(f.virtual, names);
        for (const name of names) {
          if (present.has(name)) continue;
          const cls = classify(name, family, knowledge).class;
          present.set(name, {
            name,
            manager: f.manager,
            line: run.line,
            stage: stage.index,
            class: cls,
            runtimeLibraries: cls === "build-only" ? runtimeLibrariesFor(name, knowledge) : [],
          });
        }
      } else if (f.op === "remove" || f.op === "purge") {
        for (const name of names) {
          for (const member of virtualGroups.get(name) ?? [name]) present.delete(member);
        }
      }
    }
  }
  const packages = [...present.values()];
  const buildOnly = packages.filter((p) => p.class === "build-only").map((p) => p.name);
  const runtimeLibraries = unique(packages.flatMap((p) => p.runtimeLibraries)).filter((l) => !isDevName(l));
  const languageSteps = runs.flatMap((r) => r.facts.filter((f) => languageKinds.has(f.value.kind)));
  const artifacts = unique(languageSteps.flatMap((f) => f.value.outputs).filter((o) => !isCachePath(o)));
  const cleaned = runs.flatMap((r) => r.facts.flatMap((f) => (f.value.kind === "cache-cleanup" ? f.value.paths : [])));
  const caches = unique(runs.flatMap((r) => r.facts.flatMap((f) => f.value.outputs.filter(isCachePath)))).filter((c) => !cleaned.some((p) => covers(p, c)));
  return {
    index: stage.index,
    name: stage.name,
    id: stage.name ?? `stage-${stage.index}`,
    baseName: stage.baseName,
    baseInfo,
    family,
    runs,
    packages,
    buildOnly,
    runtimeLibraries,
    languageSteps,
    artifacts,
    caches,
    runtime: runtimeConfig(stage, env, parent?.runtime),
    unused,
  };
}

/** Users of the official images whose home is not /home/NAME (Debian's `nobody` has /nonexistent). */
const KNOWN_HOMES: Readonly<Record<string, string>> = { root: "/root", "0": "/root", nobody: "/nonexistent" };

function userHome(f: Extract<Fact, { kind: "user" }>): string {
  // useradd and adduser write /home/NAME into passwd when no home is given (Debian's adduser --system: /nonexistent)
  return f.home ?? (f.tool === "adduser" && f.system ? "/nonexistent" : `/home/${f.name}`);
}

function parentUserFacts(parent: StageAnalysis | undefined): Array<Extract<Fact, { kind: "user" }>> {
  return (parent?.runs ?? [])
    .flatMap((r) => r.facts.map((f) => f.value))
    .filter((f): f is Extract<Fact, { kind: "user" }> => f.kind === "user" && f.op === "create-user");
}

/**
 * The HOME a RUN sees as USER `user` (`name`, `name:group`, `uid`): undefined for root or when nothing tells, so
 * the recognisers keep their root default. A user of the base image not created here is taken to live in
 * /home/NAME, as the official images' users (node, …) do.
 */
function homeOfUser(user: string | undefined, homes: ReadonlyMap<string, string>): string | undefined {
  const name = user?.split(":")[0];
  if (!name || name === "root" || name === "0") return undefined;
  const known = homes.get(name);
  if (known) return known;
  return /^\d+$/.test(name) ? undefined : `/home/${name}`;
}

function analyzeRun(step: Step, index: number, env: Readonly<Record<string, string>>): RunAnalysis {
  const ins = step.instruction as Extract<Instruction, { kind: "RUN" }>;
  const node = ins.node;
  const out: RunAnalysis = { step: index, line: ins.range.start.line, scripts: [], facts: [], unrecognized: [], trivial: 0, diagnostics: [] };
  const add = (script: ShellScript, locate: (r: Range) => Position) => {
    out.scripts.push(script);
    const a = analyzeScript(script, { cwd: step.workdir, env });
    for (const f of a.facts) out.facts.push({ value: f, at: locate(f.range) });
    for (const c of a.unrecognized) out.unrecognized.push({ value: c, at: locate(c.range) });
    out.trivial += a.trivial.length;
    for (const d of script.diagnostics) out.diagnostics.push({ message: d.message, at: locate(d.range) });
  };
  if (!ins.shell) {
    add(
      {
        text: ins.cmdLine.join(" "),
        commands: [commandFromExec(ins.cmdLine, { cwd: step.workdir })],
        diagnostics: [],
        options: { errexit: false, pipefail: false },
        cwd: step.workdir,
      },
      () => ins.range.start,
    );
    return out;
  }
  const text = ins.cmdLine[0] ?? "";
  // `RUN <<EOF` (optionally naming a shell) runs the heredoc body as the script; otherwise the bodies are input
  // to the command on the line, which is the script.
  const withoutMarkers = text.replace(/(^|\s)\d*<<-?\s*("[^"]*"|'[^']*'|\S+)/g, " ").trim();
  if (node.heredocs.length > 0 && (withoutMarkers === "" || /^(\/bin\/|\/usr\/bin\/)?(ba)?sh(\s+-[a-z]+)*$/.test(withoutMarkers))) {
    node.heredocs.forEach((h, hi) => add(parseScript(h.content, { cwd: step.workdir, env }), (r) => positionInHeredoc(node, hi, r.start.offset)));
  } else {
    add(parseScript(text, { cwd: step.workdir, env }), (r) => positionInArgs(node, r.start.offset));
  }
  return out;
}

function runtimeConfig(stage: Stage, env: Record<string, string>, inherited: RuntimeConfig | undefined): RuntimeConfig {
  const rc: RuntimeConfig = {
    env,
    workdir: stage.workdir,
    user: inherited?.user,
    expose: [...(inherited?.expose ?? [])],
    volumes: [...(inherited?.volumes ?? [])],
    entrypoint: inherited?.entrypoint,
    cmd: inherited?.cmd,
    healthcheck: inherited?.healthcheck,
    labels: { ...(inherited?.labels ?? {}) },
    stopsignal: inherited?.stopsignal,
    shell: inherited?.shell,
  };
  for (const step of stage.steps) {
    const ins = step.instruction;
    const x = step.expanded;
    switch (ins.kind) {
      case "USER":
        rc.user = x.user;
        break;
      case "EXPOSE":
        pushAll(rc.expose, x.ports ?? []);
        break;
      case "VOLUME":
        pushAll(rc.volumes, x.paths ?? []);
        break;
      case "ENTRYPOINT":
        rc.entrypoint = { shell: ins.shell, cmdLine: ins.cmdLine };
        // BuildKit: ENTRYPOINT resets a CMD inherited from the base
        rc.cmd = undefined;
        break;
      case "CMD":
        rc.cmd = { shell: ins.shell, cmdLine: ins.cmdLine };
        break;
      case "HEALTHCHECK":
        rc.healthcheck = ins.test.type === "NONE" ? "NONE" : `${ins.test.shell ? "CMD-SHELL" : "CMD"} ${ins.test.cmdLine.join(" ")}`;
        break;
      case "LABEL":
        for (const p of x.pairs ?? []) rc.labels[p.key] = p.value;
        break;
      case "STOPSIGNAL":
        rc.stopsignal = x.signal;
        break;
      case "SHELL":
        rc.shell = ins.shell;
        break;
      default:
        break;
    }
  }
  return rc;
}

function verdictFor(stage: StageAnalysis): Verdict {
  const info = stage.baseInfo;
  const heavyBase = info && info.role === "build" ? { image: stage.baseName, counterpart: info.runtimeCounterpart } : undefined;
  const wouldRemove = unique([...stage.buildOnly, ...stage.caches]);
  const keepLibraries = stage.runtimeLibraries;
  const parts: string[] = [];
  if (stage.buildOnly.length) parts.push(`the final stage ships ${stage.buildOnly.length} build-only package(s): ${stage.buildOnly.join(", ")}`);
  if (heavyBase) parts.push(`its base ${heavyBase.image} is a build image${heavyBase.counterpart ? ` (runtime counterpart: ${heavyBase.counterpart})` : ""}`);
  if (stage.caches.length) parts.push(`caches left behind: ${stage.caches.join(", ")}`);
  const summary = parts.length
    ? `${parts.join("; ")}. A multi-stage split would leave them in a builder stage${keepLibraries.length ? ` and keep only the runtime libraries ${keepLibraries.join(", ")}` : ""}.`
    : "The final stage ships no known build tools: little to gain from a split.";
  return { buildTools: stage.buildOnly, heavyBase, caches: stage.caches, wouldRemove, keepLibraries, summary };
}

function isDevName(name: string): boolean {
  return /-dev$|-devel$/.test(name);
}

export function isCachePath(path: string): boolean {
  return /(^|\/)(\.cache|\.npm|\.yarn|\.pnpm-store|\.m2|\.gradle|\.nuget|\.cargo\/registry)(\/|$)|\/var\/lib\/apt\/lists|\/var\/cache\/(apt|apk|dnf|yum)|\/go\/pkg\/mod/.test(
    path,
  );
}

function covers(removed: string, path: string): boolean {
  const r = removed.replace(/\/\*$/, "").replace(/\/$/, "");
  return path === r || path.startsWith(r + "/") || path.replace(/\/\*$/, "").replace(/\/$/, "") === r;
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}
