import { defineRule } from "../helpers.js";
import { checkLabelFormat, isSemver } from "../label-schema.js";

export default defineRule({
  meta: {
    id: "label-semver",
    aliases: ["DL3056"],
    source: "hadolint",
    severity: "warning",
    category: "maintainability",
    summary: "A label of type `semver` in the label schema does not conform to semantic versioning",
    rationale:
      "The schema says the label holds a version (`semver`): Semantic Versioning 2.0.0 (`1.4.2`, `2.0.0-rc.1+build.7`), which tools compare and sort. `v1.4.2`, `1.4` and leading zeros are not semantic versions. Values that use a variable without a value here (`version=$VERSION`) are not judged.",
    examples: {
      bad: "FROM alpine:3.20\nLABEL org.opencontainers.image.version=v1.4\n",
      good: "FROM alpine:3.20\nLABEL org.opencontainers.image.version=1.4.0\n",
      options: { labelSchema: { "org.opencontainers.image.version": "semver" } },
    },
    fixable: false,
    needs: "model",
    url: "https://github.com/hadolint/hadolint/wiki/DL3056",
  },
  check(ctx) {
    checkLabelFormat(ctx, "semver", isSemver, "does not conform to semantic versioning");
  },
  tests: {
    valid: [
      { code: "FROM alpine\nLABEL version=1.0.0-rc.1+build.5\n", options: { labelSchema: { version: "semver" } } },
      { code: "FROM alpine\nARG VERSION\nLABEL version=${VERSION}\n", options: { labelSchema: { version: "semver" } } },
    ],
    invalid: [
      {
        code: "FROM alpine\nLABEL version=v1.0.0\n",
        options: { labelSchema: { version: "semver" } },
        errors: [{ line: 2, column: 15, endColumn: 21, message: "Label `version` does not conform to semantic versioning" }],
      },
      {
        code: "FROM alpine\nARG VERSION=01.2.3\nLABEL version=${VERSION}\n",
        options: { labelSchema: { version: "semver" } },
        errors: [{ line: 3, column: 15, message: '"01.2.3"' }],
      },
    ],
  },
});
