import { defineRule, sourceOf } from "../helpers.js";
import { headRange } from "../locate.js";
import type { RunInstruction } from "../../model/instructions.js";

function flagsOf(ins: RunInstruction): string {
  return JSON.stringify([ins.mounts, ins.network, ins.security, ins.devices]);
}

export default defineRule({
  meta: {
    id: "consecutive-run",
    aliases: ["DL3059"],
    source: "hadolint",
    severity: "info",
    category: "size",
    summary: "Multiple consecutive `RUN` instructions. Consider consolidation.",
    rationale:
      "Each RUN is a layer; files a RUN deletes still weigh in the layer of the RUN that created them. Consecutive RUNs with the same flags can usually be one. Not reported when a comment separates them (a deliberate step) or their flags (mounts, network, security) differ.",
    examples: {
      bad: "FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl\n",
      good: "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n",
    },
    fixable: false,
    needs: "model",
    url: "https://github.com/hadolint/hadolint/wiki/DL3059",
  },
  check(ctx) {
    const src = sourceOf(ctx);
    for (const stage of ctx.model.stages) {
      stage.steps.forEach((step, i) => {
        const prev = stage.steps[i - 1]?.instruction;
        const ins = step.instruction;
        if (ins.kind !== "RUN" || prev?.kind !== "RUN" || flagsOf(ins) !== flagsOf(prev)) return;
        const between = src.text.slice(prev.node.range.end.offset, ins.node.range.start.offset);
        if (/^\s*#/m.test(between)) return;
        ctx.report({ range: headRange(src, ins.node), message: "Multiple consecutive `RUN` instructions. Consider consolidation." });
      });
    }
  },
  tests: {
    valid: ["FROM debian\nRUN a\n# then b\nRUN b\nRUN --mount=type=cache,target=/c c\n"],
    invalid: [{ code: "FROM debian\nRUN a\n\nRUN b\n", errors: [{ line: 4, column: 1, endColumn: 6 }] }],
  },
});
