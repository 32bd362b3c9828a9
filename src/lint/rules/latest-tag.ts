import { parseImageRef } from "../../knowledge/index.js";
import { defineRule, sourceOf } from "../helpers.js";
import { tokenRange } from "../locate.js";

export default defineRule({
  meta: {
    id: "latest-tag",
    aliases: ["DL3007"],
    source: "hadolint",
    severity: "warning",
    category: "maintainability",
    summary: "Using latest is prone to errors if the image will ever update. Pin the version explicitly to a release tag",
    rationale: "`:latest` is whatever was pushed last; builds stop being repeatable and break when the image changes.",
    examples: { bad: "FROM node:latest\n", good: "FROM node:20-slim\n" },
    fixable: false,
    needs: "model",
    url: "https://github.com/hadolint/hadolint/wiki/DL3007",
  },
  check(ctx) {
    const src = sourceOf(ctx);
    for (const stage of ctx.model.stages) {
      if (stage.base.kind !== "image") continue;
      const ref = parseImageRef(stage.base.ref);
      if (ref?.tag !== "latest" || ref.digest !== undefined) continue;
      ctx.report({
        range: tokenRange(src, stage.from.node, stage.from.image),
        message: "Using latest is prone to errors if the image will ever update. Pin the version explicitly to a release tag",
      });
    }
  },
  tests: {
    valid: ["FROM node:20\n", "FROM node:latest@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n"],
    invalid: [{ code: "FROM --platform=$BUILDPLATFORM node:latest AS b\n", errors: [{ line: 1, column: 32, endColumn: 43 }] }],
  },
});
