import { defineRule } from "../helpers.js";
import { labelsOf } from "../label-schema.js";

export default defineRule({
  meta: {
    id: "label-empty",
    aliases: ["DL3051"],
    source: "hadolint",
    severity: "warning",
    category: "maintainability",
    summary: "A label of the label schema is set to an empty value",
    rationale:
      "A label the schema requires carries information; an empty value satisfies the letter of the schema and nothing else. Values that use a variable without a value here (an `ARG` set with `--build-arg` at build time) are not judged.",
    examples: {
      bad: 'FROM alpine:3.20\nLABEL maintainer=""\n',
      good: 'FROM alpine:3.20\nLABEL maintainer="ops team"\n',
      options: { labelSchema: { maintainer: "text" } },
    },
    fixable: false,
    needs: "model",
    url: "https://github.com/hadolint/hadolint/wiki/DL3051",
  },
  check(ctx) {
    const schema = ctx.options.labelSchema ?? {};
    for (const l of labelsOf(ctx)) {
      if (Object.hasOwn(schema, l.key) && l.value !== undefined && l.value.trim() === "")
        ctx.report({ range: l.valueRange, message: `Label \`${l.key}\` is empty` });
    }
  },
  tests: {
    valid: [
      'FROM alpine\nLABEL a=""\n',
      { code: 'FROM alpine\nLABEL a=x b=""\n', options: { labelSchema: { a: "text" } } },
      { code: "FROM alpine\nARG V\nLABEL a=$V\n", options: { labelSchema: { a: "text" } } },
    ],
    invalid: [
      {
        code: 'FROM alpine\nLABEL a=""\n',
        options: { labelSchema: { a: "text" } },
        errors: [{ line: 2, column: 9, endColumn: 11, message: "Label `a` is empty" }],
      },
      { code: "FROM alpine\nARG V=\nLABEL a=${V}\n", options: { labelSchema: { a: "url" } }, errors: [{ line: 3, column: 9, endColumn: 13 }] },
    ],
  },
});
