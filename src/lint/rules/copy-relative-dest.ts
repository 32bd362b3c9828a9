import type { Stage } from "../../model/stages.js";
import { defineRule, sourceOf } from "../helpers.js";
import { tokenRange } from "../locate.js";
import { rootBase } from "../stage-facts.js";

export default defineRule({
  meta: {
    id: "copy-relative-dest",
    aliases: ["DL3045"],
    source: "hadolint",
    severity: "warning",
    category: "maintainability",
    summary: "`COPY` to a relative destination without `WORKDIR` set",
    rationale:
      "A relative destination is resolved against the base image's WORKDIR, which the Dockerfile does not show and the base may change. Set WORKDIR first (in this stage or one it is built FROM).",
    examples: { bad: "FROM node:20\nCOPY package.json .\n", good: "FROM node:20\nWORKDIR /app\nCOPY package.json .\n" },
    fixable: false,
    needs: "model",
    url: "https://github.com/hadolint/hadolint/wiki/DL3045",
  },
  check(ctx) {
    const src = sourceOf(ctx);
    const stages = ctx.model.stages;
    const setIn = (s: Stage): boolean =>
      s.steps.some((st) => st.instruction.kind === "WORKDIR") || (s.base.kind === "stage" && setIn(stages[s.base.index] as Stage));
    for (const stage of stages) {
      // FROM scratch: the working directory is `/`, nothing to guess
      let workdir = (stage.base.kind === "stage" && setIn(stages[stage.base.index] as Stage)) || rootBase(ctx, stage).kind === "scratch";
      for (const step of stage.steps) {
        const ins = step.instruction;
        if (ins.kind === "WORKDIR") workdir = true;
        if ((ins.kind !== "COPY" && ins.kind !== "ADD") || workdir) continue;
        const dest = step.expanded.dest ?? ins.dest;
        if (dest.startsWith("/") || dest.startsWith("$") || /^[A-Za-z]:[\\/]/.test(dest)) continue;
        ctx.report({ range: tokenRange(src, ins.node, ins.dest), message: `${ins.kind} to a relative destination (${dest}) without WORKDIR set` });
      }
    }
  },
  tests: {
    valid: ["FROM alpine\nCOPY a /app/\nWORKDIR /app\nCOPY b .\n", "FROM scratch\nCOPY exit arm64\n", "FROM alpine AS a\nWORKDIR /x\nFROM a\nCOPY b .\n"],
    invalid: [{ code: "FROM alpine\nCOPY a b ./\n", errors: [{ line: 2, column: 10, endColumn: 12 }] }],
  },
});
