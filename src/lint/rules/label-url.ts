import { defineRule } from "../helpers.js";
import { checkLabelFormat, isUrl } from "../label-schema.js";

export default defineRule({
  meta: {
    id: "label-url",
    aliases: ["DL3052"],
    source: "hadolint",
    severity: "warning",
    category: "maintainability",
    summary: "A label of type `url` in the label schema is not a valid URL",
    rationale:
      "The schema says the label holds a URL (`url`): an absolute URI with a scheme (`https://…`, `git+ssh://…`), which registries and people can follow. Values that use a variable without a value here are not judged; empty values are label-empty's concern. Without a schema the rule is silent.",
    examples: {
      bad: "FROM alpine:3.20\nLABEL org.opencontainers.image.source=github.com/acme/app\n",
      good: "FROM alpine:3.20\nLABEL org.opencontainers.image.source=https://github.com/acme/app\n",
      options: { labelSchema: { "org.opencontainers.image.source": "url" } },
    },
    fixable: false,
    needs: "model",
    url: "https://github.com/hadolint/hadolint/wiki/DL3052",
  },
  check(ctx) {
    checkLabelFormat(ctx, "url", isUrl, "is not a valid URL");
  },
  tests: {
    valid: [
      "FROM alpine\nLABEL src=nope\n",
      { code: 'FROM alpine\nLABEL src=https://example.org/x?y=1 doc="http://a.b"\n', options: { labelSchema: { src: "url", doc: "url" } } },
      { code: "FROM alpine\nARG SRC\nLABEL src=$SRC\n", options: { labelSchema: { src: "url" } } },
    ],
    invalid: [
      {
        code: "FROM alpine\nLABEL src=example.org/x\n",
        options: { labelSchema: { src: "url" } },
        errors: [{ line: 2, column: 11, endColumn: 24, message: "Label `src` is not a valid URL" }],
      },
      {
        code: 'FROM alpine\nARG SRC="not a url"\nLABEL src="$SRC"\n',
        options: { labelSchema: { src: "url" } },
        errors: [{ line: 3, column: 11, endColumn: 17, message: '"not a url"' }],
      },
    ],
  },
});
