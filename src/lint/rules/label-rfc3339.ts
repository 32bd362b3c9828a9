import { defineRule } from "../helpers.js";
import { checkLabelFormat, isRfc3339 } from "../label-schema.js";

export default defineRule({
  meta: {
    id: "label-rfc3339",
    aliases: ["DL3053"],
    source: "hadolint",
    severity: "warning",
    category: "maintainability",
    summary: "A label of type `rfc3339` in the label schema is not a valid RFC 3339 time",
    rationale:
      "The schema says the label holds a time stamp (`rfc3339`), as `org.opencontainers.image.created` does: `2024-05-01T12:00:00Z` or with an offset (`+02:00`), fractions of a second allowed, a space allowed instead of `T` (RFC 3339 §5.6). Dates that do not exist (month 13, 30 February) are rejected. Values that use a variable without a value here (`created=$BUILD_DATE` with `ARG BUILD_DATE`) are not judged.",
    examples: {
      bad: 'FROM alpine:3.20\nLABEL org.opencontainers.image.created="2024-05-01"\n',
      good: 'FROM alpine:3.20\nLABEL org.opencontainers.image.created="2024-05-01T12:00:00Z"\n',
      options: { labelSchema: { "org.opencontainers.image.created": "rfc3339" } },
    },
    fixable: false,
    needs: "model",
    url: "https://github.com/hadolint/hadolint/wiki/DL3053",
  },
  check(ctx) {
    checkLabelFormat(ctx, "rfc3339", isRfc3339, "is not a valid RFC 3339 time");
  },
  tests: {
    valid: [
      { code: "FROM alpine\nLABEL created=2021-03-23T13:04:29.300508335+01:00 other=today\n", options: { labelSchema: { created: "rfc3339" } } },
      { code: 'FROM alpine\nLABEL created="2021-03-23 13:04:29Z"\n', options: { labelSchema: { created: "rfc3339" } } },
      { code: "FROM alpine\nARG BUILD_DATE\nLABEL created=${BUILD_DATE}\n", options: { labelSchema: { created: "rfc3339" } } },
    ],
    invalid: [
      {
        code: 'FROM alpine\nLABEL created="today"\n',
        options: { labelSchema: { created: "rfc3339" } },
        errors: [{ line: 2, column: 15, endColumn: 22, message: "Label `created` is not a valid RFC 3339 time" }],
      },
      { code: "FROM alpine\nLABEL created=2023-02-30T00:00:00Z\n", options: { labelSchema: { created: "rfc3339" } }, errors: [{ line: 2, column: 15 }] },
    ],
  },
});
