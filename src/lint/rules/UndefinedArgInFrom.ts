import { defineRule, sourceOf } from "../helpers.js";
import { wordRange } from "../locate.js";

export default defineRule({
  meta: {
    id: "UndefinedArgInFrom",
    aliases: [],
    source: "buildkit",
    severity: "warning",
    category: "buildkit",
    summary: "FROM command must use declared ARGs",
    rationale:
      "FROM can only expand ARGs declared before the first FROM (and the predefined platform ARGs). An undeclared one expands to nothing, usually a typo or an ARG declared in the wrong place.",
    examples: { bad: "FROM node:${NODE_VERSION}-slim\n", good: "ARG NODE_VERSION=20\nFROM node:${NODE_VERSION}-slim\n" },
    fixable: false,
    needs: "model",
    url: "https://docs.docker.com/go/dockerfile/rule/undefined-arg-in-from/",
  },
  check(ctx) {
    const src = sourceOf(ctx);
    const declared = [...ctx.model.globalArgs.keys()];
    for (const stage of ctx.model.stages) {
      const node = stage.from.node;
      for (const w of ctx.model.warnings) {
        if (w.code !== "undefined-arg-in-from" || w.range.start.offset !== stage.from.range.start.offset) continue;
        const name = /'([^']+)'/.exec(w.message)?.[1] ?? "";
        // declared without a value is InvalidDefaultArgInFrom's concern, not an undeclared ARG
        if (ctx.model.globalArgs.has(name)) continue;
        const hint = declared.find((d) => d.toLowerCase() === name.toLowerCase());
        const at = wordRange(src, node, "${" + name) === node.keywordRange ? wordRange(src, node, "$" + name) : wordRange(src, node, "${" + name);
        ctx.report({ range: at, message: `FROM argument '${name}' is not declared${hint ? ` (did you mean ${hint}?)` : ""}` });
      }
    }
  },
  tests: {
    valid: ["ARG V=3\nFROM alpine:${V}\n", "ARG BASE\nFROM ${BASE}\n", "FROM --platform=$BUILDPLATFORM alpine\n"],
    invalid: [
      { code: "FROM alpine:${V}\n", errors: [{ line: 1, column: 13, message: "FROM argument 'V' is not declared" }] },
      { code: "ARG version=1\nFROM alpine:$VERSION\n", errors: [{ line: 2, column: 13, message: "(did you mean version?)" }] },
    ],
  },
});
