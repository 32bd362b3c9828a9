// How `slimstage convert` reports: the Dockerfile, a unified diff, JSON, and the plain-words explanation.
import { createTwoFilesPatch } from "diff";
import type { ConvertResult } from "../convert/types.js";

export function convertToJSON(r: ConvertResult): unknown {
  const base = { status: r.status, decisions: r.decisions };
  if (r.status === "converted") {
    return {
      ...base,
      dockerfile: r.dockerfile,
      plan: r.plan,
      estimate: {
        removedPackages: r.plan.removedPackages,
        addedRuntimePackages: r.plan.runtimePackages,
        base: { from: r.plan.builderBase, to: r.plan.finalBase },
        note: "sizes are measured by `slimstage verify` (or `convert --verify`), which builds both images",
      },
    };
  }
  if (r.status === "declined") return { ...base, declines: r.declines };
  return { ...base, reasons: r.reasons, ...(r.reasonIds ? { reasonIds: r.reasonIds } : {}) };
}

export function unifiedDiff(name: string, before: string, after: string): string {
  // like `diff -u`: without the "=====" index line jsdiff puts first
  return createTwoFilesPatch(`a/${name}`, `b/${name}`, before, after, undefined, undefined, { context: 3 }).replace(/^=+\n/, "");
}

export function explainText(r: ConvertResult): string {
  const out: string[] = [];
  if (r.status === "converted") {
    out.push(`converted (${r.plan.ecosystem}): builder FROM ${r.plan.builderBase}, final FROM ${r.plan.finalBase}`);
    for (const d of r.decisions) out.push(`  - ${d.message}`);
  } else if (r.status === "declined") {
    out.push("declined:");
    for (const d of r.declines) out.push(`  - ${d.reason}\n    what you can do: ${d.hint}`);
  } else {
    out.push(`nothing to gain: ${r.reasons.join("; ")}`);
  }
  return out.join("\n") + "\n";
}
