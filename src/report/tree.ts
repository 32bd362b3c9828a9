// How `slimstage parse` shows a tree: JSON (everything, with locations) or a short text outline.
import type { Range } from "../errors.js";
import type { DockerfileTree, InstructionNode, Item } from "../syntax/types.js";

export function treeToJSON(tree: DockerfileTree): unknown {
  return {
    file: tree.file ?? null,
    escapeToken: tree.escapeToken,
    directives: tree.directives.map((d) => ({ name: d.name, value: d.value, range: d.range })),
    warnings: tree.warnings,
    items: tree.items.map(itemJSON),
  };
}

function itemJSON(item: Item): unknown {
  switch (item.type) {
    case "instruction":
      return { type: item.type, range: item.range, raw: item.raw, instruction: nodeJSON(item.node) };
    case "comment":
      return { type: item.type, range: item.range, raw: item.raw, text: item.text };
    case "directive":
      return { type: item.type, range: item.range, raw: item.raw, name: item.name, value: item.value };
    default:
      return { type: item.type, range: item.range, raw: item.raw };
  }
}

function nodeJSON(n: InstructionNode): unknown {
  return {
    keyword: n.keyword,
    name: n.name,
    range: n.range,
    keywordRange: n.keywordRange,
    flags: n.flags,
    args: n.args,
    argsRange: n.argsRange,
    json: n.json,
    original: n.original,
    comments: n.comments,
    heredocs: n.heredocs,
    ...(n.sub ? { sub: nodeJSON(n.sub) } : {}),
  };
}

const where = (r: Range) => (r.start.line === r.end.line ? `${r.start.line}` : `${r.start.line}-${r.end.line}`);

/** One line per instruction: its lines, keyword, flags and arguments. */
export function treeToText(tree: DockerfileTree): string {
  const lines: string[] = [];
  for (const d of tree.directives) lines.push(`${where(d.range).padStart(7)}  # ${d.name}=${d.value}`);
  for (const item of tree.items) {
    if (item.type !== "instruction") continue;
    lines.push(`${where(item.range).padStart(7)}  ${describe(item.node)}`);
  }
  for (const w of tree.warnings) lines.push(`warning: line ${w.range.start.line}: ${w.message}`);
  return lines.join("\n") + "\n";
}

function describe(n: InstructionNode): string {
  const parts = [n.name.toUpperCase(), ...n.flags.map((f) => f.text)];
  if (n.sub) parts.push(describe(n.sub));
  else if (n.json) parts.push(JSON.stringify(n.args));
  else for (const a of n.args) parts.push(/[\s"]/.test(a) || a === "" ? JSON.stringify(a) : a);
  if (n.heredocs.length) parts.push(`(heredocs: ${n.heredocs.map((h) => h.name).join(", ")})`);
  return parts.join(" ");
}
