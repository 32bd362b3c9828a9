import { defineRule, sourceOf } from "../helpers.js";
import { headRange } from "../locate.js";

/** Stage names that say the stage is a build target of its own (`--target test`). */
const TARGET_NAMES = /^(dev|devel|develop|development|test|tests|testing|debug|lint|ci|local|prod|production|release|final|runtime|docs|e2e|unit|integration|bench|shell)([-_.].*)?$/;

export default defineRule({
  meta: {
    id: "unused-stage",
    aliases: [],
    source: "slimstage",
    severity: "info",
    category: "multi-stage",
    summary: "A stage that the target stage does not need",
    rationale:
      "BuildKit builds only the stages the target needs, so an unused stage costs nothing at build time, but it is code nobody runs: it goes stale and misleads readers. Remove it (the fix deletes it, up to the next FROM), or build it with `--target`. Stages whose names say they are targets of their own (test, dev, debug, lint, docs …) are not reported, nor are named stages in a file with several unused named end stages (a multi-target file); an unnamed unused stage cannot even be built with `--target`. `--target` changes what is used.",
    examples: {
      bad: "FROM node:20 AS old-build\nRUN npm ci\nFROM node:20 AS build\nRUN npm ci && npm run build\nFROM node:20-slim\nCOPY --from=build /app /app\n",
      good: "FROM node:20 AS build\nRUN npm ci && npm run build\nFROM node:20-slim\nCOPY --from=build /app /app\n",
    },
    fixable: true,
    needs: "model",
  },
  check(ctx) {
    const src = sourceOf(ctx);
    const stages = ctx.model.stages;
    // named stages nothing refers to are what `--target` builds; a file with several is a multi-target file
    const referenced = new Set(ctx.graph.edges.map((e) => e.from).filter((i): i is number => i !== undefined));
    const namedLeaves = ctx.graph.stages.filter((g) => g.unused && g.name && !referenced.has(g.index));
    for (const g of ctx.graph.stages) {
      if (!g.unused) continue;
      if (g.name && (TARGET_NAMES.test(g.name) || namedLeaves.length > 1)) continue;
      const stage = stages[g.index];
      if (!stage) continue;
      // the stage's text: from its FROM (with the comments just above it) to the next FROM
      const next = stages[g.index + 1];
      let start = stage.from.node.range.start.line;
      while (start > 1 && src.line(start - 1).trim().startsWith("#") && !/^#\s*(syntax|escape|check)\s*=/.test(src.line(start - 1).trim())) start--;
      let end = next ? next.from.node.range.start.line - 1 : src.lineCount;
      if (next) while (end > start && src.line(end).trim().startsWith("#")) end--;
      const target = stages[ctx.graph.target];
      ctx.report({
        range: headRange(src, stage.from.node),
        message: `stage ${g.id} is not used by the target stage ${target?.name ?? `stage-${ctx.graph.target}`}: remove it or build it with --target ${g.id}`,
        fix: { title: `remove stage ${g.id}`, edits: [{ range: src.lineRange(start, end), text: "" }] },
      });
    }
  },
  tests: {
    valid: ["FROM alpine AS a\nRUN x\nFROM alpine\nCOPY --from=a /x /x\n", "FROM alpine AS test\nRUN make test\nFROM alpine\nRUN true\n", "FROM alpine AS binaries\nRUN x\nFROM alpine AS image\nRUN y\nFROM alpine AS integration\nRUN z\n"],
    invalid: [
      {
        code: "FROM alpine AS old\n# build it\nRUN x\n\n# the real one\nFROM alpine AS a\nRUN y\nFROM alpine\nCOPY --from=a /y /y\n",
        errors: [{ line: 1, column: 1, endColumn: 19, message: "stage old is not used by the target stage stage-2" }],
        output: "# the real one\nFROM alpine AS a\nRUN y\nFROM alpine\nCOPY --from=a /y /y\n",
      },
    ],
  },
});
