import { defineRule, imageStages, sourceOf, cacheMountOn } from "../helpers.js";
import { headRange } from "../locate.js";
import { removesUnder } from "../shell-commands.js";
import type { RunInstruction } from "../../model/instructions.js";

export default defineRule({
  meta: {
    id: "apt-lists-cleanup",
    aliases: ["DL3009"],
    source: "hadolint",
    severity: "info",
    category: "size",
    summary: "Delete the apt-get lists after installing something",
    rationale:
      "`apt-get update` downloads package lists (tens of MB) into /var/lib/apt/lists; unless the same RUN removes them, they stay in the layer. Only stages that end up in the image are checked: a builder stage's lists are thrown away with it.",
    examples: {
      bad: "FROM debian\nRUN apt-get update && apt-get install -y curl\n",
      good: "FROM debian\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n",
    },
    fixable: false,
    needs: "analysis",
    url: "https://github.com/hadolint/hadolint/wiki/DL3009",
  },
  check(ctx) {
    const src = sourceOf(ctx);
    const shipped = imageStages(ctx);
    for (const stage of ctx.analysis.stages) {
      if (!shipped.has(stage.index)) continue;
      for (const run of stage.runs) {
        const facts = run.facts.map((f) => f.value);
        const updates = facts.some((f) => f.kind === "system-packages" && f.manager === "apt" && (f.op === "update" || f.op === "install"));
        if (!updates || !facts.some((f) => f.kind === "system-packages" && f.manager === "apt" && f.op === "update")) continue;
        const cleaned = removesUnder({ run }, "/var/lib/apt/lists");
        if (cleaned || cacheMountOn(ctx, run, stage.index, ["/var/lib/apt"])) continue;
        const node = (ctx.model.stages[stage.index]?.steps[run.step]?.instruction as RunInstruction).node;
        ctx.report({
          range: headRange(src, node),
          message: "Delete the apt-get lists after installing something: add `&& rm -rf /var/lib/apt/lists/*` to this RUN",
        });
      }
    }
  },
  tests: {
    valid: [
      "FROM debian\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n",
      "FROM debian AS build\nRUN apt-get update && apt-get install -y gcc\nFROM debian\nCOPY --from=build /x /x\n",
      "FROM debian\nRUN apt-get update && apt-get install -y a && rm -rf /var/lib/apt/lists/* /etc/apt/x.list\n",
      "FROM debian\nRUN --mount=type=cache,target=/var/lib/apt apt-get update && apt-get install -y curl\n",
    ],
    invalid: [{ code: "FROM debian\nRUN apt-get update \\\n  && apt-get install -y curl\n", errors: [{ line: 2, column: 1, endLine: 2, endColumn: 21 }] }],
  },
});
