import { defineRule } from "../helpers.js";
import { aptSimulated, APT_VALUE_OPTIONS, operands, subcommandCalls } from "../shell-commands.js";

export default defineRule({
  meta: {
    id: "apt-pin-versions",
    aliases: ["DL3008"],
    source: "hadolint",
    severity: "warning",
    category: "maintainability",
    summary: "Pin versions in apt-get install (`apt-get install <package>=<version>`)",
    rationale:
      "An unpinned package installs whatever version the archive has on build day, so two builds of one Dockerfile can differ. Pinning makes rebuilds repeatable (at the cost of updating pins).",
    examples: { bad: "FROM debian\nRUN apt-get install -y curl\n", good: "FROM debian\nRUN apt-get install -y curl=7.88.1-10+deb12u8\n" },
    fixable: false,
    needs: "analysis",
    url: "https://github.com/hadolint/hadolint/wiki/DL3008",
  },
  check(ctx) {
    for (const r of subcommandCalls(ctx, ["apt-get"], ["install"], APT_VALUE_OPTIONS)) {
      if (aptSimulated(r)) continue;
      for (const w of operands(r, APT_VALUE_OPTIONS)) {
        if (w.dynamic || w.value.includes("=") || w.value.endsWith(".deb") || w.value.includes("/")) continue;
        ctx.report({ range: r.wordRange(w), message: `Pin versions in apt-get install: \`${w.value}\` has no version (\`${w.value}=<version>\`)` });
      }
    }
  },
  tests: {
    valid: ["FROM debian\nRUN apt-get install -y curl=7.88.1 ./local.deb $PKGS\n", "FROM debian\nRUN apt-get update\n"],
    invalid: [
      {
        code: "FROM debian\nRUN apt-get install -y -t bookworm-backports curl git=1:2.39\n",
        errors: [{ line: 2, column: 46, endColumn: 50, message: "`curl`" }],
      },
    ],
  },
});
