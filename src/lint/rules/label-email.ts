import { defineRule } from "../helpers.js";
import { checkLabelFormat, isEmail } from "../label-schema.js";

export default defineRule({
  meta: {
    id: "label-email",
    aliases: ["DL3058"],
    source: "hadolint",
    severity: "warning",
    category: "maintainability",
    summary: "A label of type `email` in the label schema is not a valid email address",
    rationale:
      "The schema says the label holds an email address (`email`): an RFC 5322 mailbox: `name@domain`, or with a display name, `Jane Doe <jane@example.org>` (the conventional `maintainer` form, which hadolint rejects). A name alone (`The Example Authors`) is not an address. Values that use a variable without a value here are not judged.",
    examples: {
      bad: 'FROM alpine:3.20\nLABEL maintainer="ops team"\n',
      good: "FROM alpine:3.20\nLABEL maintainer=ops@example.org\n",
      options: { labelSchema: { maintainer: "email" } },
    },
    fixable: false,
    needs: "model",
    url: "https://github.com/hadolint/hadolint/wiki/DL3058",
  },
  check(ctx) {
    checkLabelFormat(ctx, "email", isEmail, "is not a valid email address");
  },
  tests: {
    valid: [
      { code: "FROM alpine\nLABEL maintainer=first.last+tag@mail.example.org\n", options: { labelSchema: { maintainer: "email" } } },
      { code: 'FROM alpine\nLABEL maintainer="NGINX Docker Maintainers <docker-maint@nginx.com>"\n', options: { labelSchema: { maintainer: "email" } } },
      { code: "FROM alpine\nLABEL maintainer=nobody other=x@\n", options: { labelSchema: { other: "text" } } },
    ],
    invalid: [
      {
        code: 'FROM alpine\nLABEL maintainer="Jane <jane@@example.org>"\n',
        options: { labelSchema: { maintainer: "email" } },
        errors: [{ line: 2, column: 18, endColumn: 44, message: "Label `maintainer` is not a valid email address" }],
      },
      {
        code: 'FROM alpine\nLABEL org.opencontainers.image.authors="The Example Authors"\n',
        options: { labelSchema: { "org.opencontainers.image.authors": "email" } },
        errors: [{ line: 2, column: 40, endColumn: 61 }],
      },
      { code: "FROM alpine\nLABEL maintainer=jane@\n", options: { labelSchema: { maintainer: "email" } }, errors: [{ line: 2, column: 18 }] },
    ],
  },
});
