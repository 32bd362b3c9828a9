import { defineRule, sourceOf } from "../helpers.js";
import { headRange } from "../locate.js";

export default defineRule({
  meta: {
    id: "unused-stage",
    aliases: [],
    source: "slimstage",
    severity: "info",
    category: "multi-stage",
    summary: "An unnamed stage that the target stage does not need: it can never be built",
    rationale:
      "BuildKit builds only the stages the target needs. A stage without a name that the target does not need cannot be selected with `--target` either, so nothing ever builds it: it is dead code that goes stale and misleads readers. The fix deletes it (with the comments just above it, up to the next FROM). Named unused stages are not reported: in real files they are build targets of their own (`--target test`, export stages), which only the build command knows. `--target` changes what is used.",
    examples: {
      bad: "FROM node:20\nRUN npm ci\nFROM node:20 AS build\nRUN npm ci && npm run build\nFROM node:20-slim\nCOPY --from=build /app /app\n",
      good: "FROM node:20 AS build\nRUN npm ci && npm run build\nFROM node:20-slim\nCOPY --from=build /app /app\n",
    },
    fixable: true,
    needs: "model",
  },
  check(ctx) {
    const src = sourceOf(ctx);
    const stages = ctx.model.stages;
    for (const g of ctx.graph.stages) {
      if (!g.unused) continue;
      // a named stage can always be a build target of its own (`--target name`); only unnamed ones are dead for sure
      if (g.name) continue;
      // the last stage is what a build without --target builds
      if (g.index === stages.length - 1) continue;
      const stage = stages[g.index];
      if (!stage) continue;
      // the stage's text: from its FROM (with the comments just above it) to the next FROM
      const next = stages[g.index + 1];
      let start = stage.from.node.range.start.line;
      while (
        start > 1 &&
        src
          .line(start - 1)
          .trim()
          .startsWith("#") &&
        !/^#\s*(syntax|escape|check)\s*=/.test(src.line(start - 1).trim())
      )
        start--;
      let end = next ? next.from.node.range.start.line - 1 : src.lineCount;
      if (next) while (end > start && src.line(end).trim().startsWith("#")) end--;
      const target = stages[ctx.graph.target];
      ctx.report({
        range: headRange(src, stage.from.node),
        message: `stage ${g.id} has no name and the target stage ${target?.name ?? `stage-${ctx.graph.target}`} does not use it: nothing can build it, remove it`,
        fix: { title: `remove stage ${g.id}`, edits: [{ range: src.lineRange(start, end), text: "" }] },
      });
    }
  },
  tests: {
    valid: [
      "FROM alpine AS a\nRUN x\nFROM alpine\nCOPY --from=a /x /x\n",
      "FROM alpine AS test\nRUN make test\nFROM alpine\nRUN true\n",
      "FROM alpine AS old\nRUN x\nFROM alpine\nRUN y\n",
      { code: "FROM alpine AS a\nFROM alpine\nCOPY --from=a /x /x\n", options: { target: "a" } },
    ],
    invalid: [
      {
        code: "FROM alpine\n# build it\nRUN x\n\n# the real one\nFROM alpine AS a\nRUN y\nFROM alpine\nCOPY --from=a /y /y\n",
        errors: [{ line: 1, column: 1, endColumn: 12, message: "stage stage-0 has no name and the target stage stage-2 does not use it" }],
        output: "# the real one\nFROM alpine AS a\nRUN y\nFROM alpine\nCOPY --from=a /y /y\n",
      },
    ],
  },
});
