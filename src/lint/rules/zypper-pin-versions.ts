import { defineRule } from "../helpers.js";
import { operands, subcommandCalls } from "../shell-commands.js";
import { ZYPPER_GLOBAL } from "./zypper-yes.js";

const VALUE_OPTIONS = [...ZYPPER_GLOBAL, "-t", "--type", "-r", "--repo", "--from", "--download"];

export default defineRule({
  meta: {
    id: "zypper-pin-versions",
    aliases: ["DL3037"],
    source: "hadolint",
    severity: "warning",
    category: "maintainability",
    summary: "Specify version with `zypper install -y <package>=<version>`",
    rationale: "An unpinned package installs whatever the repositories have on build day; `name=version` makes rebuilds repeatable.",
    examples: {
      bad: "FROM opensuse/leap:15.6\nRUN zypper -n install curl && zypper clean\n",
      good: "FROM opensuse/leap:15.6\nRUN zypper -n install curl=8.6.0 && zypper clean\n",
    },
    fixable: false,
    needs: "analysis",
    url: "https://github.com/hadolint/hadolint/wiki/DL3037",
  },
  check(ctx) {
    for (const r of subcommandCalls(ctx, ["zypper"], ["install", "in"], ZYPPER_GLOBAL)) {
      // patterns, patches and products are not packages with versions
      const type = r.cmd.argv.findIndex((a) => a === "-t" || a === "--type");
      if (type > 0 && r.cmd.argv[type + 1] !== "package") continue;
      for (const w of operands(r, VALUE_OPTIONS)) {
        if (w.dynamic || /[<>=]/.test(w.value) || w.value.endsWith(".rpm") || w.value.includes("/")) continue;
        ctx.report({ range: r.wordRange(w), message: `Specify version with \`zypper install -y ${w.value}=<version>\`` });
      }
    }
  },
  tests: {
    valid: [
      "FROM opensuse/leap\nRUN zypper -n install 'curl>=8' git=2.43 ./x.rpm && zypper clean\n",
      "FROM opensuse/leap\nRUN zypper -n install -t pattern devel_basis && zypper clean\n",
    ],
    invalid: [
      { code: "FROM opensuse/leap\nRUN zypper -n install -t package curl\n", errors: [{ line: 2, column: 34, endColumn: 38, message: "curl=<version>" }] },
    ],
  },
});
