import { parseImageRef } from "../../knowledge/index.js";
import { defineRule, sourceOf } from "../helpers.js";
import { tokenRange } from "../locate.js";

export default defineRule({
  meta: {
    id: "image-tag",
    aliases: ["DL3006"],
    source: "hadolint",
    severity: "warning",
    category: "maintainability",
    summary: "Always tag the version of an image explicitly",
    rationale:
      "`FROM debian` means `debian:latest`, which moves: the next build may start from another release. A tag (or a digest) says which image the build was written for.",
    examples: { bad: "FROM debian\n", good: "FROM debian:bookworm-slim\n" },
    fixable: false,
    needs: "model",
    url: "https://github.com/hadolint/hadolint/wiki/DL3006",
  },
  check(ctx) {
    const src = sourceOf(ctx);
    for (const stage of ctx.model.stages) {
      if (stage.base.kind !== "image" || stage.base.unresolved.length) continue;
      const ref = parseImageRef(stage.base.ref);
      if (!ref || ref.tag !== undefined || ref.digest !== undefined) continue;
      ctx.report({
        range: tokenRange(src, stage.from.node, stage.from.image),
        message: `Always tag the version of an image explicitly: \`${stage.base.ref}\` means \`${stage.base.ref}:latest\``,
      });
    }
  },
  tests: {
    valid: [
      "FROM debian:bookworm\nFROM scratch\n",
      "FROM alpine:3 AS base\nFROM base\n",
      "ARG IMG=debian:12\nFROM $IMG\n",
      "FROM debian@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n",
    ],
    invalid: [{ code: "ARG IMG=debian\nFROM ${IMG} AS x\n", errors: [{ line: 2, column: 6, endColumn: 12, message: "`debian`" }] }],
  },
});
