import { defineRule } from "../helpers.js";
import { imageChain, labelsOf } from "../label-schema.js";

export default defineRule({
  meta: {
    id: "label-superfluous",
    aliases: ["DL3050"],
    source: "hadolint",
    severity: "info",
    category: "maintainability",
    summary: "A label that the label schema does not name (with `strict-labels`)",
    rationale:
      "With `strict-labels: true` (`strictLabels: true` in `.slimstage.yaml`) the image may carry only the labels of the label schema, e.g. so that no internal information leaks and label parsers see only what they expect. With strict labels and no schema, every label is superfluous (as in hadolint). Only the image's stages are checked (the target and its `FROM <stage>` chain): builder stages' labels are not shipped.",
    examples: {
      bad: "FROM alpine:3.20\nLABEL version=1.0.0 internal.ticket=OPS-12\n",
      good: "FROM alpine:3.20\nLABEL version=1.0.0\n",
      options: { labelSchema: { version: "semver" }, strictLabels: true },
    },
    fixable: false,
    needs: "model",
    url: "https://github.com/hadolint/hadolint/wiki/DL3050",
  },
  check(ctx) {
    if (!ctx.options.strictLabels) return;
    const schema = ctx.options.labelSchema ?? {};
    const chain = imageChain(ctx);
    for (const l of labelsOf(ctx)) {
      if (chain.includes(l.stage) && !Object.hasOwn(schema, l.key))
        ctx.report({ range: l.keyRange, message: `Superfluous label \`${l.key}\`: not in the label schema (strict labels)` });
    }
  },
  tests: {
    valid: [
      "FROM alpine\nLABEL anything=1\n",
      { code: "FROM alpine\nLABEL version=1\n", options: { labelSchema: { version: "text" }, strictLabels: true } },
      { code: "FROM alpine AS build\nLABEL stage=build\nFROM alpine\nLABEL version=1\n", options: { labelSchema: { version: "text" }, strictLabels: true } },
    ],
    invalid: [
      {
        code: "FROM alpine\nLABEL version=1 other=2\n",
        options: { labelSchema: { version: "text" }, strictLabels: true },
        errors: [{ line: 2, column: 17, endColumn: 22, message: "Superfluous label `other`" }],
      },
      { code: "FROM alpine\nLABEL a=1\n", options: { strictLabels: true }, errors: [{ line: 2, column: 7, endColumn: 8 }] },
    ],
  },
});
