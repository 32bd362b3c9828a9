import { defineRule } from "../helpers.js";
import { checkLabelFormat, isGitHash } from "../label-schema.js";

export default defineRule({
  meta: {
    id: "label-git-hash",
    aliases: ["DL3055"],
    source: "hadolint",
    severity: "warning",
    category: "maintainability",
    summary: "A label of type `hash` in the label schema is not a valid git hash",
    rationale:
      "The schema says the label holds a git commit (`hash`), as `org.opencontainers.image.revision` does: 7 to 40 hexadecimal digits (an abbreviated or full SHA-1 object name) or 64 (a SHA-256 repository). Branch names and tags are not commits. Values that use a variable without a value here (`revision=$GIT_SHA`) are not judged.",
    examples: {
      bad: "FROM alpine:3.20\nLABEL org.opencontainers.image.revision=main\n",
      good: "FROM alpine:3.20\nLABEL org.opencontainers.image.revision=4f1c2a9\n",
      options: { labelSchema: { "org.opencontainers.image.revision": "hash" } },
    },
    fixable: false,
    needs: "model",
    url: "https://github.com/hadolint/hadolint/wiki/DL3055",
  },
  check(ctx) {
    checkLabelFormat(ctx, "hash", isGitHash, "is not a valid git hash");
  },
  tests: {
    valid: [
      { code: "FROM alpine\nLABEL rev=0123456789abcdef0123456789abcdef01234567\n", options: { labelSchema: { rev: "hash" } } },
      { code: "FROM alpine\nARG REV\nLABEL rev=$REV\n", options: { labelSchema: { rev: "hash" } } },
    ],
    invalid: [
      {
        code: "FROM alpine\nLABEL rev=v1.2.3\n",
        options: { labelSchema: { rev: "hash" } },
        errors: [{ line: 2, column: 11, endColumn: 17, message: "Label `rev` is not a valid git hash" }],
      },
      { code: "FROM alpine\nLABEL rev=abc12\n", options: { labelSchema: { rev: "hash" } }, errors: [{ line: 2, column: 11 }] },
    ],
  },
});
