import { parseImageRef } from "../../knowledge/index.js";
import { defineRule, sourceOf } from "../helpers.js";
import { tokenRange } from "../locate.js";

export default defineRule({
  meta: {
    id: "trusted-registries",
    aliases: ["DL3026"],
    source: "hadolint",
    severity: "error",
    category: "security",
    summary: "Use only an allowed registry in the FROM image",
    rationale:
      "With `trustedRegistries` in the config (`.slimstage.yaml` or `.hadolint.yaml`), every base image must come from one of them (`docker.io` for Docker Hub names). Without the setting the rule is silent.",
    examples: { bad: "FROM quay.io/evil/image:1\n", good: "FROM docker.io/library/debian:12\n", options: { trustedRegistries: ["docker.io"] } },
    fixable: false,
    needs: "model",
    url: "https://github.com/hadolint/hadolint/wiki/DL3026",
  },
  check(ctx) {
    const trusted = ctx.options.trustedRegistries;
    if (trusted.length === 0) return;
    const src = sourceOf(ctx);
    for (const stage of ctx.model.stages) {
      if (stage.base.kind !== "image") continue;
      const ref = parseImageRef(stage.base.ref);
      if (!ref) continue;
      const registry = ref.registry;
      const ok = trusted.some(
        (t) => t === registry || (t === "hub.docker.com" && registry === "docker.io") || (t.startsWith("*.") && registry.endsWith(t.slice(1))),
      );
      if (!ok)
        ctx.report({
          range: tokenRange(src, stage.from.node, stage.from.image),
          message: `Use only an allowed registry in the FROM image: ${registry} is not one of ${trusted.join(", ")}`,
        });
    }
  },
  tests: {
    valid: ["FROM quay.io/x/y:1\n", { code: "FROM debian:12\nFROM scratch\n", options: { trustedRegistries: ["docker.io"] } }],
    invalid: [
      {
        code: "FROM quay.io/x/y:1\n",
        options: { trustedRegistries: ["docker.io", "*.example.com"] },
        errors: [{ line: 1, column: 6, endColumn: 19, message: "quay.io is not one of" }],
      },
    ],
  },
});
