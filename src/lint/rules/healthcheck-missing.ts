import { defineRule, imageStages, sourceOf } from "../helpers.js";
import { headRange } from "../locate.js";

export default defineRule({
  meta: {
    id: "healthcheck-missing",
    aliases: ["DL3057"],
    source: "hadolint",
    severity: "info",
    category: "maintainability",
    summary: "`HEALTHCHECK` instruction missing",
    rationale:
      "Without a HEALTHCHECK the engine knows only whether the process runs, not whether it answers. Many images get health checks from the orchestrator instead, so this is off by default (as in hadolint); the base image may define one that slimstage cannot see.",
    examples: {
      bad: "FROM nginx:1.27\nCOPY site /usr/share/nginx/html\n",
      good: "FROM nginx:1.27\nCOPY site /usr/share/nginx/html\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\n",
    },
    fixable: false,
    needs: "model",
    url: "https://github.com/hadolint/hadolint/wiki/DL3057",
    experimental: true,
  },
  check(ctx) {
    const stages = imageStages(ctx);
    const has = ctx.model.stages.some((s) => stages.has(s.index) && s.steps.some((st) => st.instruction.kind === "HEALTHCHECK"));
    const target = ctx.model.stages[ctx.graph.target];
    if (has || !target) return;
    ctx.report({ range: headRange(sourceOf(ctx), target.from.node), message: "`HEALTHCHECK` instruction missing in the image's stages" });
  },
  tests: {
    valid: ["FROM alpine AS a\nHEALTHCHECK CMD true\nFROM a\n", "FROM alpine\nHEALTHCHECK NONE\n"],
    invalid: [{ code: 'FROM alpine\nCMD ["sh"]\n', errors: [{ line: 1, column: 1, endColumn: 12 }] }],
  },
});
