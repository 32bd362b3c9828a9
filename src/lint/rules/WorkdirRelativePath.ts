import type { Stage } from "../../model/stages.js";
import { defineRule, sourceOf } from "../helpers.js";
import { tokenRange } from "../locate.js";

export default defineRule({
  meta: {
    id: "WorkdirRelativePath",
    aliases: ["DL3000"],
    source: "buildkit",
    severity: "warning",
    category: "buildkit",
    summary: "Relative workdir without an absolute workdir declared within the build can have unexpected results if the base image changes",
    rationale:
      "A relative WORKDIR continues from the base image's working directory, which the base may change without notice. Only the first WORKDIR of a stage matters: once an absolute one is set, relative ones are predictable. (hadolint's DL3000 flags every relative WORKDIR; slimstage follows BuildKit.)",
    examples: { bad: "FROM nginx\nWORKDIR usr/share/nginx/html\n", good: "FROM nginx\nWORKDIR /usr/share/nginx/html\n" },
    fixable: false,
    needs: "model",
    url: "https://docs.docker.com/go/dockerfile/rule/workdir-relative-path/",
  },
  check(ctx) {
    const src = sourceOf(ctx);
    const stages = ctx.model.stages;
    const setIn = (s: Stage): boolean =>
      s.steps.some((st) => st.instruction.kind === "WORKDIR") || (s.base.kind === "stage" && setIn(stages[s.base.index] as Stage));
    for (const stage of stages) {
      if (stage.base.kind === "stage" && setIn(stages[stage.base.index] as Stage)) continue;
      const first = stage.steps.find((s) => s.instruction.kind === "WORKDIR");
      if (!first || first.instruction.kind !== "WORKDIR") continue;
      const path = first.expanded.path ?? first.instruction.path;
      // a variable slimstage cannot resolve (the base image's ENV, as for `WORKDIR $HOME`) may well be absolute
      if (first.undefinedVars.length || path === "") continue;
      if (path.startsWith("/") || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith("$")) continue;
      ctx.report({
        range: tokenRange(src, first.instruction.node, first.instruction.path),
        message: `Relative workdir "${path}" can have unexpected results if the base image changes`,
      });
    }
  },
  tests: {
    valid: ["FROM alpine\nWORKDIR /app\nWORKDIR src\n", "FROM alpine AS a\nWORKDIR /app\nFROM a\nWORKDIR src\n", "FROM alpine\nARG D=/x\nWORKDIR $D\n"],
    invalid: [{ code: "FROM alpine\nWORKDIR app\nWORKDIR /x\n", errors: [{ line: 2, column: 9, endColumn: 12, message: 'Relative workdir "app"' }] }],
  },
});
