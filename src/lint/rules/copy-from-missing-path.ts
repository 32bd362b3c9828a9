import type { Stage } from "../../model/stages.js";
import { defineRule, sourceOf } from "../helpers.js";
import { tokenRange } from "../locate.js";
import { normPath, rootBase } from "../stage-facts.js";

/**
 * Everything a stage that rests on scratch can contain: what COPY/ADD put under their destinations, and the
 * (empty) WORKDIR directories of its FROM chain.
 */
function producedPaths(ctx: { model: { stages: readonly Stage[] } }, stage: Stage): Array<{ path: string; tree: boolean }> {
  const out: Array<{ path: string; tree: boolean }> = [];
  for (let s: Stage | undefined = stage; s; s = s.base.kind === "stage" ? ctx.model.stages[s.base.index] : undefined) {
    for (const step of s.steps) {
      const ins = step.instruction;
      if (ins.kind === "COPY" || ins.kind === "ADD") out.push({ path: normPath(step.expanded.dest ?? ins.dest, step.workdir), tree: true });
      if (ins.kind === "WORKDIR") out.push({ path: normPath(step.workdir), tree: false });
    }
  }
  return out;
}

const under = (p: string, dir: string): boolean => p === dir || p.startsWith(dir === "/" ? "/" : dir + "/");
/** A copied path exists if it is a produced path, inside a COPY destination, or a directory above one. */
const exists = (p: string, q: { path: string; tree: boolean }): boolean => under(q.path, p) || (q.tree && under(p, q.path));

export default defineRule({
  meta: {
    id: "copy-from-missing-path",
    aliases: [],
    source: "slimstage",
    severity: "error",
    category: "multi-stage",
    summary: "`COPY --from` copies a path the source stage never produces",
    rationale:
      "The build fails with `failed to compute cache key: \"/x\" not found`, after every stage before it has been built. Reported only when certain: the source stage rests on `scratch` (through `FROM <stage>` too), so its files are exactly what its COPY/ADD instructions put there and its WORKDIRs; a copied path that is none of those, nor inside or above one, cannot exist. Stages on an image base are not judged (the image's files are not known), nor sources with wildcards or variables left unexpanded, nor `/` (an empty scratch stage's root exists: `COPY --from=empty / /usr/bin/` is the deliberate optional-files pattern).",
    examples: {
      bad: "FROM golang:1.22 AS build\nRUN CGO_ENABLED=0 go build -o /out/app .\nFROM scratch AS bin\nCOPY --from=build /out/app /app\nFROM alpine:3.20\nCOPY --from=bin /usr/local/bin/app /app\n",
      good: "FROM golang:1.22 AS build\nRUN CGO_ENABLED=0 go build -o /out/app .\nFROM scratch AS bin\nCOPY --from=build /out/app /app\nFROM alpine:3.20\nCOPY --from=bin /app /app\n",
    },
    fixable: false,
    needs: "model",
  },
  check(ctx) {
    const src = sourceOf(ctx);
    const stages = ctx.model.stages;
    for (const into of stages) {
      for (const step of into.steps) {
        const ins = step.instruction;
        if (ins.kind !== "COPY" || ins.from === undefined) continue;
        const name = ins.from.toLowerCase();
        const from = /^\d+$/.test(name) ? stages[Number(name)] : stages.find((s) => s.name === name);
        if (!from || from.index >= into.index || rootBase(ctx, from).kind !== "scratch") continue;
        const produced = producedPaths(ctx, from);
        (step.expanded.sources ?? ins.sources).forEach((s, i) => {
          if (/[*?[$]/.test(s)) return;
          const p = normPath(s, from.workdir);
          if (p === "/") return; // an empty stage's root exists: copying it is the deliberate "optional files" pattern
          if (produced.some((q) => exists(p, q))) return;
          ctx.report({
            range: tokenRange(src, ins.node, ins.sources[i] as string),
            message: `stage ${ins.from} never produces ${p}: it rests on scratch and only has ${produced.length ? produced.map((q) => q.path).join(", ") : "nothing"}`,
          });
        });
      }
    }
  },
  tests: {
    valid: [
      "FROM scratch AS a\nCOPY bin/ /usr/local/bin/\nFROM alpine\nCOPY --from=a /usr/local/bin/tool /tool\nCOPY --from=a / /\n",
      "FROM scratch AS empty\nFROM alpine\nCOPY --from=empty / /usr/bin/\n",
      "FROM alpine AS a\nFROM alpine\nCOPY --from=a /etc/os-release /x\n",
      "FROM scratch AS a\nWORKDIR /app\nCOPY x.txt .\nFROM a AS b\nFROM alpine\nCOPY --from=b /app/x.txt /x\nCOPY --from=b /app/*.txt /y/\n",
    ],
    invalid: [
      {
        code: "FROM scratch AS a\nCOPY app /app\nFROM alpine\nCOPY --from=a /usr/bin/app /app\n",
        errors: [{ line: 4, column: 15, endColumn: 27, message: "never produces /usr/bin/app" }],
      },
      {
        code: "FROM scratch AS a\nWORKDIR /w\nCOPY f /w/f\nFROM a AS b\nFROM alpine\nCOPY --from=b out/f /f\n",
        errors: [{ line: 6, column: 15, endColumn: 20, message: "never produces /w/out/f" }],
      },
    ],
  },
});
