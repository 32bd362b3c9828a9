// The stage model: stages with their bases, ARG scoping and ENV, and every word BuildKit expands, expanded the
// way BuildKit does it (global ARGs before the first FROM, build-arg overrides, in-stage re-declaration,
// ENV shadowing ARG, predefined platform ARGs).
import { DockerfileError, UsageError, type Range } from "../errors.js";
import { checkBuildArgs, checkTree } from "../syntax/check.js";
import { type EnvLookup, MAX_EXPANDED_LENGTH, processWord, processWords, ShellExpansionError } from "../shell/lex.js";
import type { DockerfileTree, EscapeToken } from "../syntax/types.js";
import { type ArgInstruction, type FromInstruction, type Instruction, type KeyValue, toInstruction } from "./instructions.js";
import { MountError, parseMount, type RunMount } from "./mounts.js";
import { defaultPlatformArgs, type PlatformOptions } from "./platform.js";

export interface ModelOptions {
  /** Build-arg overrides (`--build-arg KEY=VALUE`). */
  buildArgs?: Readonly<Record<string, string>>;
  platform?: PlatformOptions;
  /** The WORKDIR an image sets in its own config (golang: /go), for stages FROM that image; default "/". */
  imageWorkdir?: (ref: string) => string | undefined;
  /** Expansion limits (BuildKit has none; they keep hostile files from taking gigabytes). Defaults: `EXPANSION_LIMITS`. */
  limits?: Partial<ExpansionLimits>;
}

export interface ExpansionLimits {
  /** Longest expanded word, in UTF-16 code units. */
  maxWordLength: number;
  /** Most characters (keys plus values) one scope of variables may hold: a stage's ENV, its ARGs, or the global ARGs. */
  maxEnvLength: number;
  /** Most characters all expanded words of the file may add up to, on top of four times the file's own length. */
  maxExpandedTotal: number;
}

/** Far above real use: the longest physical line BuildKit reads is 64 KiB; real ENVs hold a few kilobytes. */
export const EXPANSION_LIMITS: Readonly<ExpansionLimits> = {
  maxWordLength: MAX_EXPANDED_LENGTH,
  maxEnvLength: 8 * MAX_EXPANDED_LENGTH,
  maxExpandedTotal: 64 * MAX_EXPANDED_LENGTH,
};

/** What a stage starts from. */
export type StageBase =
  | { kind: "scratch" }
  /** `FROM <earlier stage>`. */
  | { kind: "stage"; index: number; name: string }
  /** An image reference; `unresolved` lists variables it uses that have no value (then `ref` may be as written). */
  | { kind: "image"; ref: string; unresolved: string[] };

/** Words of an instruction after expansion (only those BuildKit expands). */
export interface ExpandedWords {
  sources?: string[];
  dest?: string;
  chown?: string;
  chmod?: string;
  pairs?: KeyValue[];
  args?: Array<{ key: string; value: string | undefined }>;
  path?: string;
  user?: string;
  ports?: string[];
  paths?: string[];
  signal?: string;
  mounts?: RunMount[];
}

export interface Step {
  instruction: Instruction;
  expanded: ExpandedWords;
  /** WORKDIR in effect when the step runs (absolute, "/" by default). */
  workdir: string;
  /** Variables the step referred to that had no value. */
  undefinedVars: string[];
}

export interface Stage {
  index: number;
  /** Lower-case name, undefined for unnamed stages. */
  name: string | undefined;
  from: FromInstruction;
  /** FROM's base after expansion. */
  baseName: string;
  base: StageBase;
  /** `--platform` after expansion. */
  platform: string | undefined;
  steps: Step[];
  /** ARG values visible at the end of the stage. */
  args: Map<string, string | undefined>;
  /** ENV at the end of the stage (including ENV inherited from a parent stage; not the base image's). */
  env: Map<string, string>;
  /** Final WORKDIR. */
  workdir: string;
  range: Range;
}

export interface ModelWarning {
  code: "undefined-var" | "undefined-arg-in-from" | "empty-continuation-line";
  message: string;
  range: Range;
}

export interface DockerfileModel {
  tree: DockerfileTree;
  file: string | undefined;
  /** ARG instructions before the first FROM. */
  metaArgs: ArgInstruction[];
  /** The global scope FROM lines expand with: meta ARGs plus the predefined platform ARGs. */
  globalArgs: Map<string, string | undefined>;
  stages: Stage[];
  warnings: ModelWarning[];
}

class Scope {
  constructor(
    readonly env: Map<string, string>,
    readonly args: Map<string, string | undefined>,
  ) {}
  /** ENV shadows ARG; an ARG declared without a value is unset. */
  lookup: EnvLookup = (name: string) => this.env.get(name) ?? this.args.get(name);
}

export function buildModel(tree: DockerfileTree, opts: ModelOptions = {}): DockerfileModel {
  checkTree(tree, "buildModel");
  if (typeof opts !== "object" || opts === null) throw new UsageError("buildModel: options must be an object");
  checkBuildArgs(opts.buildArgs, "buildModel");
  const file = tree.file;
  const escapeToken: EscapeToken = tree.escapeToken;
  const buildArgs = new Map(Object.entries(opts.buildArgs ?? {}));
  const warnings: ModelWarning[] = tree.warnings.map((w) => ({ code: w.code, message: w.message, range: w.range }));
  const platformArgs = defaultPlatformArgs(opts.platform);
  const globalArgs = new Map<string, string | undefined>(platformArgs);
  const metaArgs: ArgInstruction[] = [];
  const stages: Stage[] = [];
  const byName = new Map<string, Stage>();

  const limits: ExpansionLimits = { ...EXPANSION_LIMITS, ...opts.limits };
  const budget = { left: limits.maxExpandedTotal + 4 * textLength(tree) };
  // expansion with the variables it could not resolve collected, and errors located at the instruction
  const expand = <T>(run: () => { unmatched: Set<string> } & T, range: Range, undef: Set<string>, size: (r: T) => number): T => {
    let r: { unmatched: Set<string> } & T;
    try {
      r = run();
    } catch (e) {
      throw located(e, range, file);
    }
    for (const u of r.unmatched) undef.add(u);
    budget.left -= size(r);
    if (budget.left < 0) {
      const total = limits.maxExpandedTotal + 4 * textLength(tree);
      throw new DockerfileError(`the expanded words of this file add up to more than ${total} characters (slimstage's limit)`, range, { file });
    }
    return r;
  };
  const maxLength = limits.maxWordLength;
  const expandWord = (word: string, lookup: EnvLookup, range: Range, undef: Set<string>): string =>
    expand(
      () => processWord(word, lookup, { escapeToken, maxLength }),
      range,
      undef,
      (r) => r.value.length,
    ).value;
  const expandWords = (word: string, lookup: EnvLookup, range: Range, undef: Set<string>): string[] =>
    expand(
      () => processWords(word, lookup, { escapeToken, maxLength }),
      range,
      undef,
      (r) => r.words.reduce((n, w) => n + w.length, 0),
    ).words;
  const envSize = new EnvSize(limits.maxEnvLength, file);

  let current: Stage | undefined;
  let scope: Scope | undefined;
  for (const node of tree.instructions) {
    const ins = toInstruction(node, file);
    if (!current && ins.kind === "ARG") {
      metaArgs.push(ins);
      const globalScope = new Scope(new Map(), globalArgs);
      for (const a of ins.args) {
        const undef = new Set<string>();
        const value = buildArgs.has(a.key)
          ? buildArgs.get(a.key)
          : a.value === undefined
            ? undefined
            : expandWord(a.value, globalScope.lookup, ins.range, undef);
        envSize.set(globalArgs, a.key, value, ins.range);
        globalArgs.set(a.key, value);
      }
      continue;
    }
    if (ins.kind === "FROM") {
      const undef = new Set<string>();
      const globalLookup: EnvLookup = (n) => globalArgs.get(n);
      const expandedBase = expandWord(ins.image, globalLookup, ins.range, undef);
      // An empty base that waits for a declared ARG without a value (a required --build-arg): keep the reference as
      // written and say which variables it waits for, rather than failing the way a build without it would. With
      // nothing a --build-arg could fill (`FROM $UNDEF`, UNDEF never declared), no build can succeed: BuildKit's error.
      if (expandedBase === "" && ![...undef].some((u) => globalArgs.has(u))) {
        throw new DockerfileError(`base name (${ins.image}) should not be blank`, ins.range, { file });
      }
      const baseName = expandedBase === "" ? ins.image : expandedBase;
      const platform = ins.platform === undefined ? undefined : expandWord(ins.platform, globalLookup, ins.range, undef);
      if (ins.platform !== undefined && platform === "") {
        throw new DockerfileError(`empty platform value from expression ${ins.platform}`, ins.range, { file });
      }
      for (const u of undef) {
        warnings.push({ code: "undefined-arg-in-from", message: `FROM argument '${u}' is not declared`, range: ins.range });
      }
      const parent = byName.get(baseName);
      const base: StageBase =
        baseName === "scratch"
          ? { kind: "scratch" }
          : parent
            ? { kind: "stage", index: parent.index, name: parent.name as string }
            : { kind: "image", ref: baseName, unresolved: [...undef] };
      current = {
        index: stages.length,
        name: ins.stageName,
        from: ins,
        baseName,
        base,
        platform,
        steps: [],
        args: new Map(),
        env: new Map(parent?.env ?? []),
        workdir: parent?.workdir ?? (base.kind === "image" ? opts.imageWorkdir?.(base.ref) : undefined) ?? "/",
        range: ins.range,
      };
      scope = new Scope(current.env, current.args);
      envSize.inherit(current.env, parent?.env);
      stages.push(current);
      if (ins.stageName) {
        if (byName.has(ins.stageName) || ins.stageName === "scratch" || ins.stageName === "context") {
          const why = byName.has(ins.stageName) ? "stage names should be unique" : "the name is reserved";
          throw new DockerfileError(`duplicate stage name "${ins.stageName}": ${why}`, ins.node.argsRange, { file });
        }
        byName.set(ins.stageName, current);
      }
      continue;
    }
    if (!current || !scope) {
      throw new DockerfileError(`no build stage in current context: ${ins.kind} before the first FROM`, ins.node.keywordRange, {
        file,
      });
    }
    current.steps.push(step(ins, current, scope, globalArgs, buildArgs, { expandWord, expandWords, file, envSize }, warnings));
  }
  if (stages.length === 0) {
    throw new DockerfileError("the Dockerfile has no FROM instruction: no build stage", tree.instructions[0]?.range, { file });
  }
  return { tree, file, metaArgs, globalArgs, stages, warnings };
}

interface Expanders {
  expandWord: (w: string, l: EnvLookup, r: Range, u: Set<string>) => string;
  expandWords: (w: string, l: EnvLookup, r: Range, u: Set<string>) => string[];
  file: string | undefined;
  envSize: EnvSize;
}

/**
 * Keeps the size of every variable scope (a stage's ENV, its ARGs, the global ARGs) as they change, so the limit
 * costs O(1) per assignment rather than a sum over the scope.
 */
class EnvSize {
  private readonly sizes = new WeakMap<Map<string, string | undefined>, number>();
  constructor(
    private readonly max: number,
    private readonly file: string | undefined,
  ) {}

  inherit(scope: Map<string, string | undefined>, from: Map<string, string | undefined> | undefined): void {
    this.sizes.set(scope, from ? (this.sizes.get(from) ?? 0) : 0);
  }

  set(scope: Map<string, string | undefined>, key: string, value: string | undefined, range: Range): void {
    const old = scope.get(key);
    const size = (this.sizes.get(scope) ?? 0) + key.length + (value?.length ?? 0) - (scope.has(key) ? key.length + (old?.length ?? 0) : 0);
    if (size > this.max) {
      throw new DockerfileError(`the variables of this stage add up to more than ${this.max} characters (slimstage's limit)`, range, { file: this.file });
    }
    this.sizes.set(scope, size);
  }
}

function textLength(tree: DockerfileTree): number {
  let n = 0;
  for (const item of tree.items) n += item.raw.length;
  return n;
}

function step(
  ins: Instruction,
  stage: Stage,
  scope: Scope,
  globalArgs: Map<string, string | undefined>,
  buildArgs: Map<string, string>,
  x: Expanders,
  warnings: ModelWarning[],
): Step {
  const undef = new Set<string>();
  const w = (word: string) => x.expandWord(word, scope.lookup, ins.range, undef);
  const workdir = stage.workdir;
  const expanded: ExpandedWords = {};
  switch (ins.kind) {
    case "ARG":
      expanded.args = ins.args.map((a) => {
        const value = buildArgs.has(a.key) ? buildArgs.get(a.key) : a.value !== undefined ? w(a.value) : globalArgs.get(a.key);
        x.envSize.set(stage.args, a.key, value, ins.range);
        stage.args.set(a.key, value);
        return { key: a.key, value };
      });
      break;
    case "ENV":
      // all pairs of one ENV see the values from before it, like BuildKit
      expanded.pairs = ins.pairs.map((p) => ({ key: w(p.key), value: w(p.value), legacy: p.legacy }));
      for (const p of expanded.pairs) {
        x.envSize.set(stage.env as Map<string, string | undefined>, p.key, p.value, ins.range);
        stage.env.set(p.key, p.value);
      }
      break;
    case "LABEL":
      expanded.pairs = ins.pairs.map((p) => ({ key: w(p.key), value: w(p.value), legacy: p.legacy }));
      break;
    case "COPY":
    case "ADD":
      expanded.sources = ins.sources.map(w);
      expanded.dest = w(ins.dest);
      if (ins.chown !== undefined) expanded.chown = w(ins.chown);
      if (ins.chmod !== undefined) expanded.chmod = w(ins.chmod);
      break;
    case "WORKDIR": {
      const path = w(ins.path);
      expanded.path = path;
      stage.workdir = joinPath(stage.workdir, path);
      break;
    }
    case "USER":
      expanded.user = w(ins.user);
      break;
    case "EXPOSE":
      expanded.ports = ins.ports.flatMap((p) => x.expandWords(p, scope.lookup, ins.range, undef));
      break;
    case "VOLUME":
      expanded.paths = ins.paths.map(w);
      break;
    case "STOPSIGNAL":
      expanded.signal = w(ins.signal);
      break;
    case "RUN":
      expanded.mounts = ins.mounts.map((m) => {
        try {
          return parseMount(m, w);
        } catch (e) {
          if (e instanceof MountError) {
            const flag = ins.node.flags.find((f) => f.name === "mount" && f.value === m);
            throw new DockerfileError(e.message, flag?.range ?? ins.range, { file: x.file });
          }
          throw e;
        }
      });
      break;
    default:
      break;
  }
  for (const u of undef) {
    warnings.push({ code: "undefined-var", message: `Usage of undefined variable '$${u}'`, range: ins.range });
  }
  return { instruction: ins, expanded, workdir, undefinedVars: [...undef] };
}

/** WORKDIR semantics: relative paths resolve against the previous WORKDIR. */
export function joinPath(base: string, path: string): string {
  const joined = path.startsWith("/") ? path : `${base.replace(/\/$/, "")}/${path}`;
  const parts: string[] = [];
  for (const seg of joined.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") parts.pop();
    else parts.push(seg);
  }
  return "/" + parts.join("/");
}

function located(e: unknown, range: Range, file: string | undefined): unknown {
  if (e instanceof ShellExpansionError) {
    // a hostile word can be megabytes long: the message shows its start, the range says where it is
    const word = e.word.length > 120 ? `${e.word.slice(0, 120)}…` : e.word;
    return new DockerfileError(`failed to process "${word}": ${e.reason}`, range, { file, cause: e });
  }
  return e;
}
