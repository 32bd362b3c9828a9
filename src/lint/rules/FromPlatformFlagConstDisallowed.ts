import { defineRule } from "../helpers.js";

export default defineRule({
  meta: {
    id: "FromPlatformFlagConstDisallowed",
    aliases: [],
    source: "buildkit",
    severity: "warning",
    category: "buildkit",
    summary: "FROM --platform flag should not use a constant value",
    rationale:
      "A constant `--platform` pins the stage to one platform and stops multi-platform builds. Use `$BUILDPLATFORM`/`$TARGETPLATFORM`, or name the stage after its platform when the pin is intended (then the rule is silent, as in BuildKit).",
    examples: { bad: "FROM --platform=linux/amd64 alpine AS base\n", good: "FROM --platform=$BUILDPLATFORM alpine AS base\n" },
    fixable: false,
    needs: "tree",
    url: "https://docs.docker.com/go/dockerfile/rule/from-platform-flag-const-disallowed/",
  },
  check(ctx) {
    for (const node of ctx.tree.instructions) {
      if (node.name !== "from") continue;
      const stage = node.args.length === 3 ? (node.args[2] as string).toLowerCase() : "";
      for (const f of node.flags) {
        if (f.name !== "platform" || !f.value || f.value.includes("$")) continue;
        const m = /^([a-z0-9]+)\/([a-z0-9_]+)(?:\/[a-z0-9]+)?$/i.exec(f.value);
        if (!m) continue; // BuildKit ignores what it cannot parse (the build fails elsewhere)
        const [, os, arch] = m as unknown as [string, string, string];
        if (stage.includes(os.toLowerCase()) || stage.includes(arch.toLowerCase())) continue;
        ctx.report({ range: f.range, message: `FROM --platform flag should not use constant value "${f.value}"` });
      }
    }
  },
  tests: {
    valid: ["FROM --platform=$BUILDPLATFORM alpine\n", "FROM --platform=linux/amd64 alpine AS build_amd64\n"],
    invalid: [{ code: "FROM --platform=linux/amd64 alpine AS base\n", errors: [{ line: 1, column: 6, endColumn: 28, message: '"linux/amd64"' }] }],
  },
});
