// The stage graph: which stage needs which (FROM <stage>, COPY --from, RUN --mount=from), external sources
// (images and named build contexts), the stages a target builds, a topological order and parallel levels.
import { DockerfileError, type Range } from "../errors.js";
import { processWord } from "../shell/lex.js";
import { parseDockerfile } from "../syntax/parser.js";
import type { DockerfileTree } from "../syntax/types.js";
import { buildModel, type DockerfileModel, type ModelOptions, type Stage } from "./stages.js";
import { suggestion } from "./suggest.js";

export type EdgeKind = "from" | "copy" | "mount";

/** A node that is no stage: a base image, an image or a named build context used by `--from`. */
export interface ExternalNode {
  id: string;
  ref: string;
  /** How it is used: as a base (FROM) or as a source (--from). */
  usedAs: "base" | "source";
}

export interface StageEdge {
  kind: EdgeKind;
  /** Index of the stage that needs the other. */
  to: number;
  /** Index of the stage it needs, or undefined for an external source. */
  from: number | undefined;
  /** External source id when `from` is undefined. */
  external: string | undefined;
  /** Where the dependency is written. */
  range: Range;
  /** For copies: source paths and destination (expanded). */
  sources?: string[];
  dest?: string;
  /** For mounts: the mount target. */
  target?: string;
}

export interface GraphStage {
  index: number;
  name: string | undefined;
  /** Display id: the name, or `stage-N`. */
  id: string;
  base: Stage["base"];
  baseName: string;
  platform: string | undefined;
  unused: boolean;
  range: Range;
}

export interface StageGraph {
  model: DockerfileModel;
  stages: GraphStage[];
  externals: ExternalNode[];
  edges: StageEdge[];
  /** Index of the target stage. */
  target: number;
  /** Stages the target needs (itself included), in a build order: dependencies first. */
  order: number[];
  /** Groups of stages that can build in parallel, level by level. */
  levels: number[][];
  /** Stages the target does not need. */
  unused: number[];
}

export interface GraphOptions extends ModelOptions {
  /** Target stage name (default: the last stage). */
  target?: string;
  file?: string;
}

/** The stage graph of a parsed tree (or of Dockerfile text). */
export function stageGraph(input: DockerfileTree | DockerfileModel | string, opts: GraphOptions = {}): StageGraph {
  const model =
    typeof input === "string"
      ? buildModel(parseDockerfile(input, { file: opts.file }), opts)
      : "stages" in input
        ? input
        : buildModel(input, opts);
  const file = model.file;
  const { stages } = model;
  const byName = new Map<string, Stage>();
  for (const s of stages) if (s.name) byName.set(s.name, s);

  const externals = new Map<string, ExternalNode>();
  const external = (ref: string, usedAs: ExternalNode["usedAs"]): string => {
    const id = `${usedAs === "base" ? "image" : "source"}:${ref}`;
    if (!externals.has(id)) externals.set(id, { id, ref, usedAs });
    return id;
  };

  const edges: StageEdge[] = [];
  for (const s of stages) {
    if (s.base.kind === "stage") {
      edges.push({ kind: "from", to: s.index, from: s.base.index, external: undefined, range: s.from.range });
    } else if (s.base.kind === "image") {
      edges.push({ kind: "from", to: s.index, from: undefined, external: external(s.base.ref, "base"), range: s.from.range });
    }
    for (const st of s.steps) {
      const ins = st.instruction;
      if (ins.kind === "COPY" && ins.from !== undefined) {
        const fromRange = ins.node.flags.find((f) => f.name === "from")?.range ?? ins.range;
        if (processWord(ins.from, {}, { escapeToken: model.tree.escapeToken }).value !== ins.from) {
          throw new DockerfileError(
            "variable expansion is not supported for --from, define a new stage with FROM using ARG from global scope as a workaround",
            fromRange,
            { file },
          );
        }
        let from: number | undefined;
        let ext: string | undefined;
        if (/^[+-]?\d+$/.test(ins.from)) {
          const i = Number.parseInt(ins.from, 10);
          if (i < 0 || i >= stages.length) throw new DockerfileError(`invalid stage index ${i}`, fromRange, { file });
          from = i;
        } else {
          const named = byName.get(ins.from.toLowerCase());
          if (named) from = named.index;
          else ext = external(ins.from, "source");
        }
        edges.push({
          kind: "copy",
          to: s.index,
          from,
          external: ext,
          range: ins.range,
          sources: st.expanded.sources ?? ins.sources,
          dest: st.expanded.dest ?? ins.dest,
        });
      }
      if (ins.kind === "RUN") {
        for (const m of st.expanded.mounts ?? []) {
          if (m.from === undefined || m.from === "") continue;
          const named = byName.get(m.from.toLowerCase());
          edges.push({
            kind: "mount",
            to: s.index,
            from: named?.index,
            external: named ? undefined : external(m.from, "source"),
            range: ins.range,
            target: m.target,
          });
        }
      }
    }
  }

  const deps: number[][] = stages.map(() => []);
  for (const e of edges) if (e.from !== undefined && !deps[e.to]?.includes(e.from)) deps[e.to]?.push(e.from);
  checkCycles(stages, edges, deps, file);

  const target = resolveTarget(stages, opts.target, file);
  const needed = new Set<number>();
  const visit = (i: number) => {
    if (needed.has(i)) return;
    needed.add(i);
    for (const d of deps[i] ?? []) visit(d);
  };
  visit(target.index);

  const level = new Map<number, number>();
  const levelOf = (i: number): number => {
    const known = level.get(i);
    if (known !== undefined) return known;
    const l = Math.max(-1, ...(deps[i] ?? []).map(levelOf)) + 1;
    level.set(i, l);
    return l;
  };
  const order = [...needed].sort((a, b) => levelOf(a) - levelOf(b) || a - b);
  const levels: number[][] = [];
  for (const i of order) (levels[levelOf(i)] ??= []).push(i);

  return {
    model,
    stages: stages.map((s) => ({
      index: s.index,
      name: s.name,
      id: s.name ?? `stage-${s.index}`,
      base: s.base,
      baseName: s.baseName,
      platform: s.platform,
      unused: !needed.has(s.index),
      range: s.range,
    })),
    externals: [...externals.values()],
    edges,
    target: target.index,
    order,
    levels,
    unused: stages.filter((s) => !needed.has(s.index)).map((s) => s.index),
  };
}

function resolveTarget(stages: Stage[], target: string | undefined, file: string | undefined): Stage {
  if (target === undefined || target === "") return stages[stages.length - 1] as Stage;
  const found = stages.find((s) => s.name === target.toLowerCase());
  if (found) return found;
  const names = stages.flatMap((s) => (s.name ? [s.name] : []));
  const hint = suggestion(target, names);
  throw new DockerfileError(`target stage "${target}" could not be found${hint ? ` (did you mean ${hint}?)` : ""}`, undefined, {
    file,
  });
}

function checkCycles(stages: Stage[], edges: StageEdge[], deps: number[][], file: string | undefined): void {
  const state = new Array<0 | 1 | 2>(stages.length).fill(0);
  const stack: number[] = [];
  const visit = (i: number): number[] | undefined => {
    if (state[i] === 2) return undefined;
    if (state[i] === 1) return [...stack.slice(stack.indexOf(i)), i];
    state[i] = 1;
    stack.push(i);
    for (const d of deps[i] ?? []) {
      const cycle = visit(d);
      if (cycle) return cycle;
    }
    stack.pop();
    state[i] = 2;
    return undefined;
  };
  for (const s of stages) {
    const cycle = visit(s.index);
    if (cycle) {
      const first = cycle[0] as number;
      const second = cycle[1] as number;
      const edge = edges.find((e) => e.to === first && e.from === second);
      const names = cycle.map((i) => stages[i]?.name ?? `stage-${i}`).join(" → ");
      throw new DockerfileError(`circular dependency detected on stage: ${stages[first]?.name ?? `stage-${first}`} (${names})`, edge?.range, {
        file,
      });
    }
  }
}
