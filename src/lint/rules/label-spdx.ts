import { defineRule } from "../helpers.js";
import { checkLabelFormat, isSpdx } from "../label-schema.js";

export default defineRule({
  meta: {
    id: "label-spdx",
    aliases: ["DL3054"],
    source: "hadolint",
    severity: "warning",
    category: "maintainability",
    summary: "A label of type `spdx` in the label schema is not a valid SPDX license expression",
    rationale:
      "The schema says the label holds a license (`spdx`), as `org.opencontainers.image.licenses` does: an SPDX license expression (`MIT`, `Apache-2.0 OR MIT`, `GPL-2.0-only WITH Classpath-exception-2.0`, `LicenseRef-…`), checked against the SPDX license list (the `spdx-expression-parse` package). Compliance tools read it; `Apache 2` or `BSD` is not machine-readable. Values that use a variable without a value here are not judged.",
    examples: {
      bad: 'FROM alpine:3.20\nLABEL org.opencontainers.image.licenses="Apache 2"\n',
      good: "FROM alpine:3.20\nLABEL org.opencontainers.image.licenses=Apache-2.0\n",
      options: { labelSchema: { "org.opencontainers.image.licenses": "spdx" } },
    },
    fixable: false,
    needs: "model",
    url: "https://github.com/hadolint/hadolint/wiki/DL3054",
  },
  check(ctx) {
    checkLabelFormat(ctx, "spdx", isSpdx, "is not a valid SPDX license expression");
  },
  tests: {
    valid: [
      { code: "FROM alpine\nLABEL license=MIT\n", options: { labelSchema: { license: "spdx" } } },
      { code: 'FROM alpine\nLABEL license="(MIT OR Apache-2.0) AND BSD-3-Clause"\n', options: { labelSchema: { license: "spdx" } } },
      { code: 'FROM alpine\nLABEL license="not a license"\n', options: { labelSchema: { other: "spdx" } } },
    ],
    invalid: [
      {
        code: 'FROM alpine\nLABEL license="Apache 2"\n',
        options: { labelSchema: { license: "spdx" } },
        errors: [{ line: 2, column: 15, endColumn: 25, message: "Label `license` is not a valid SPDX" }],
      },
      { code: "FROM alpine\nLABEL license=MITT\n", options: { labelSchema: { license: "spdx" } }, errors: [{ line: 2, column: 15, endColumn: 19 }] },
    ],
  },
});
