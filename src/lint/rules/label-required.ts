import { defineRule, sourceOf } from "../helpers.js";
import { imageChain, labelsOf } from "../label-schema.js";
import { headRange } from "../locate.js";

export default defineRule({
  meta: {
    id: "label-required",
    aliases: ["DL3049"],
    source: "hadolint",
    severity: "info",
    category: "maintainability",
    summary: "A label of the configured label schema is missing from the image",
    rationale:
      "With a label schema in the config (`label-schema:` in `.hadolint.yaml`, `labelSchema:` in `.slimstage.yaml`), every label it names must be set. Labels are how registries, scanners and people find an image's source, version and owner. A label set in a stage the image is built `FROM` counts, since labels are inherited. Unlike hadolint, which reports every stage, only the image (the target stage and its `FROM <stage>` chain) is checked: builder stages' labels are not shipped. Labels of the external base image are not known and do not count. Without a schema the rule is silent.",
    examples: {
      bad: "FROM alpine:3.20\nLABEL org.opencontainers.image.title=app\n",
      good: "FROM alpine:3.20\nLABEL org.opencontainers.image.title=app org.opencontainers.image.version=1.0.0\n",
      options: { labelSchema: { "org.opencontainers.image.version": "semver" } },
    },
    fixable: false,
    needs: "model",
    url: "https://github.com/hadolint/hadolint/wiki/DL3049",
  },
  check(ctx) {
    const required = Object.keys(ctx.options.labelSchema ?? {});
    const chain = imageChain(ctx);
    const target = chain[0];
    if (required.length === 0 || !target) return;
    const set = new Set(
      labelsOf(ctx)
        .filter((l) => chain.includes(l.stage))
        .map((l) => l.key),
    );
    for (const key of required) {
      if (!set.has(key))
        ctx.report({ range: headRange(sourceOf(ctx), target.from.node), message: `Label \`${key}\` is missing (required by the label schema)` });
    }
  },
  tests: {
    valid: [
      "FROM alpine\n",
      { code: "FROM alpine\nLABEL version=1.0.0\n", options: { labelSchema: { version: "semver" } } },
      { code: 'FROM alpine AS base\nLABEL version=1.0.0\nFROM base\nCMD ["sh"]\n', options: { labelSchema: { version: "text" } } },
      { code: 'FROM alpine AS build\nRUN make\nFROM alpine\nLABEL version="1"\n', options: { labelSchema: { version: "text" } } },
    ],
    invalid: [
      {
        code: "FROM alpine\nLABEL other=1\n",
        options: { labelSchema: { version: "text" } },
        errors: [{ line: 1, column: 1, endColumn: 12, message: "Label `version` is missing" }],
      },
      {
        code: "FROM alpine AS build\nLABEL version=1\nFROM debian:12\n",
        options: { labelSchema: { version: "text", maintainer: "email" } },
        errors: [
          { line: 3, column: 1, message: "`version`" },
          { line: 3, column: 1, message: "`maintainer`" },
        ],
      },
    ],
  },
});
