// Renderings of a stage graph: text, JSON, Mermaid and Graphviz dot.
import type { StageEdge, StageGraph } from "../model/graph.js";

/** Node ids for edges, with the externals indexed once (a search per edge is quadratic on large graphs). */
function nodeIds(g: StageGraph): (e: Pick<StageEdge, "from" | "external">) => string {
  const index = new Map(g.externals.map((x, i) => [x.id, i]));
  return (e) => (e.from !== undefined ? `s${e.from}` : `x${e.external === undefined ? -1 : (index.get(e.external) ?? -1)}`);
}

function edgeLabel(e: StageEdge): string {
  if (e.kind === "copy") return `COPY ${(e.sources ?? []).join(" ")} → ${e.dest ?? ""}`.trim();
  if (e.kind === "mount") return `RUN --mount${e.target ? ` ${e.target}` : ""}`;
  return "FROM";
}

export function graphToJSON(g: StageGraph): unknown {
  return {
    file: g.model.file ?? null,
    target: g.stages[g.target]?.id,
    order: g.order.map((i) => g.stages[i]?.id),
    levels: g.levels.map((l) => l.map((i) => g.stages[i]?.id)),
    stages: g.stages.map((s) => ({
      index: s.index,
      name: s.name ?? null,
      id: s.id,
      base: s.base,
      baseName: s.baseName,
      platform: s.platform ?? null,
      unused: s.unused,
      line: s.range.start.line,
    })),
    externals: g.externals,
    edges: g.edges.map((e) => ({
      kind: e.kind,
      from: e.from !== undefined ? g.stages[e.from]?.id : null,
      external: e.external ?? null,
      to: g.stages[e.to]?.id,
      line: e.range.start.line,
      column: e.range.start.column,
      ...(e.sources ? { sources: e.sources, dest: e.dest } : {}),
      ...(e.target !== undefined ? { target: e.target } : {}),
    })),
    warnings: g.model.warnings.map((w) => ({ code: w.code, message: w.message, line: w.range.start.line })),
  };
}

export function graphToText(g: StageGraph): string {
  const out: string[] = [];
  const refs = new Map(g.externals.map((x) => [x.id, x.ref]));
  const edgesTo = new Map<number, StageEdge[]>();
  for (const e of g.edges) if (e.kind !== "from") (edgesTo.get(e.to) ?? edgesTo.set(e.to, []).get(e.to))?.push(e);
  for (const s of g.stages) {
    const base = s.base.kind === "stage" ? `stage ${g.stages[s.base.index]?.id}` : s.base.kind === "scratch" ? "scratch" : s.baseName;
    const marks = [s.index === g.target ? "target" : "", s.unused ? "unused" : ""].filter(Boolean).join(", ");
    out.push(`stage ${s.index} ${s.id} (line ${s.range.start.line}) from ${base}${marks ? `  [${marks}]` : ""}`);
    for (const e of edgesTo.get(s.index) ?? []) {
      const src = e.from !== undefined ? `stage ${g.stages[e.from]?.id}` : `external ${e.external === undefined ? undefined : refs.get(e.external)}`;
      out.push(`    line ${e.range.start.line}: ${edgeLabel(e)}  ← ${src}`);
    }
  }
  out.push("");
  out.push(`build order: ${g.order.map((i) => g.stages[i]?.id).join(" → ")}`);
  g.levels.forEach((l, i) => out.push(`level ${i}: ${l.map((s) => g.stages[s]?.id).join(", ")}`));
  if (g.unused.length) out.push(`unused: ${g.unused.map((i) => g.stages[i]?.id).join(", ")}`);
  return out.join("\n") + "\n";
}

const mermaidText = (s: string) => s.replace(/"/g, "#quot;");

export function graphToMermaid(g: StageGraph): string {
  const out = ["flowchart LR"];
  g.externals.forEach((x, i) => out.push(`  x${i}[("${mermaidText(x.ref)}")]`));
  for (const s of g.stages) {
    const label = `${s.id}${s.unused ? " (unused)" : ""}${s.index === g.target ? " (target)" : ""}`;
    out.push(`  s${s.index}["${mermaidText(label)}"]`);
  }
  const nodeId = nodeIds(g);
  for (const e of g.edges) out.push(`  ${nodeId(e)} -->|"${mermaidText(edgeLabel(e))}"| s${e.to}`);
  if (g.unused.length) {
    out.push("  classDef unused stroke-dasharray: 5 5,opacity:0.6");
    out.push(`  class ${g.unused.map((i) => `s${i}`).join(",")} unused`);
  }
  out.push("  classDef target stroke-width:3px");
  out.push(`  class s${g.target} target`);
  return out.join("\n") + "\n";
}

const dotString = (s: string) => JSON.stringify(s);

export function graphToDot(g: StageGraph): string {
  const out = ["digraph stages {", "  rankdir=LR;", '  node [shape=box, fontname="sans-serif"];', '  edge [fontname="sans-serif", fontsize=10];'];
  g.externals.forEach((x, i) => out.push(`  x${i} [label=${dotString(x.ref)}, shape=cylinder];`));
  for (const s of g.stages) {
    const attrs = [`label=${dotString(s.id)}`];
    if (s.unused) attrs.push("style=dashed", 'color="gray50"');
    if (s.index === g.target) attrs.push("penwidth=3");
    out.push(`  s${s.index} [${attrs.join(", ")}];`);
  }
  const nodeId = nodeIds(g);
  for (const e of g.edges) out.push(`  ${nodeId(e)} -> s${e.to} [label=${dotString(edgeLabel(e))}];`);
  out.push("}");
  return out.join("\n") + "\n";
}
