// The stage graph: which stage needs which (FROM <stage>, COPY --from, RUN --mount=from), external sources
// (images and named build contexts), the stages a target builds, a topological order and parallel levels.
import { DockerfileError, type Range } from "../errors.js";
import { processWord } from "../shell/lex.js";
import { parseDockerfile } from "../syntax/parser.js";
import { checkTree } from "../syntax/check.js";
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
  if (typeof input !== "string" && !(typeof input === "object" && input !== null && Array.isArray((input as Partial<DockerfileModel>).stages)))
    checkTree(input, "stageGraph");
  const model = typeof input === "string" ? buildModel(parseDockerfile(input, { file: opts.file }), opts) : "stages" in input ? input : buildModel(input, opts);
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

  const depSets = stages.map(() => new Set<number>());
  for (const e of edges) if (e.from !== undefined) depSets[e.to]?.add(e.from);
  const deps = depSets.map((d) => [...d]);
  checkCycles(stages, edges, deps, file);

  const target = resolveTarget(stages, opts.target, file);
  // dependencies come before their dependents in a post-order, so each level is known when it is needed
  const reached = postOrder([target.index], deps);
  const needed = new Set(reached);
  const level = new Map<number, number>();
  for (const i of reached) {
    let l = 0;
    for (const d of deps[i] ?? []) l = Math.max(l, (level.get(d) ?? 0) + 1);
    level.set(i, l);
  }
  const levelOf = (i: number): number => level.get(i) ?? 0;
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

/**
 * Depth-first walk from `roots` along `deps`, with an explicit stack (a chain of 5,000 stages is 5,000 deep):
 * every node reached, each after its dependencies. `onBack` sees edges back into the current path (cycles) and
 * ends the walk by returning true.
 */
function postOrder(roots: number[], deps: number[][], onBack?: (path: number[], to: number) => boolean): number[] {
  const state = new Uint8Array(deps.length); // 0 new, 1 on the current path, 2 done
  const out: number[] = [];
  for (const root of roots) {
    if (state[root] !== 0) continue;
    const path = [root];
    const next = [0];
    state[root] = 1;
    while (path.length > 0) {
      const top = path.length - 1;
      const i = path[top] as number;
      const k = next[top] as number;
      const ds = deps[i] ?? [];
      if (k < ds.length) {
        next[top] = k + 1;
        const d = ds[k] as number;
        if (state[d] === 0) {
          state[d] = 1;
          path.push(d);
          next.push(0);
        } else if (state[d] === 1 && onBack?.(path, d)) {
          return out;
        }
        continue;
      }
      path.pop();
      next.pop();
      state[i] = 2;
      out.push(i);
    }
  }
  return out;
}

function checkCycles(stages: Stage[], edges: StageEdge[], deps: number[][], file: string | undefined): void {
  let cycle: number[] | undefined;
  postOrder(
    stages.map((s) => s.index),
    deps,
    (path, to) => {
      cycle = [...path.slice(path.indexOf(to)), to];
      return true;
    },
  );
  if (!cycle) return;
  const first = cycle[0] as number;
  const second = cycle[1] as number;
  const edge = edges.find((e) => e.to === first && e.from === second);
  const names = cycle.map((i) => stages[i]?.name ?? `stage-${i}`).join(" → ");
  throw new DockerfileError(`circular dependency detected on stage: ${stages[first]?.name ?? `stage-${first}`} (${names})`, edge?.range, {
    file,
  });
}
