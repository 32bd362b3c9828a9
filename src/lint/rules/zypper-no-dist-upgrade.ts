import type { ShellWord } from "../../shell/script.js";
import { defineRule } from "../helpers.js";
import { subcommandCalls } from "../shell-commands.js";
import { ZYPPER_GLOBAL } from "./zypper-yes.js";

export default defineRule({
  meta: {
    id: "zypper-no-dist-upgrade",
    aliases: ["DL3035"],
    source: "hadolint",
    severity: "warning",
    category: "maintainability",
    summary: "Do not use `zypper dist-upgrade`",
    rationale:
      "A distribution upgrade inside a build replaces the base image's release with whatever the repositories have today; use a newer base image instead.",
    examples: { bad: "FROM opensuse/leap:15.6\nRUN zypper -n dist-upgrade\n", good: "FROM opensuse/leap:15.6\nRUN zypper -n patch\n" },
    fixable: false,
    needs: "analysis",
    url: "https://github.com/hadolint/hadolint/wiki/DL3035",
  },
  check(ctx) {
    for (const r of subcommandCalls(ctx, ["zypper"], ["dist-upgrade", "dup"], ZYPPER_GLOBAL)) {
      ctx.report({ range: r.wordRange(r.cmd.words[r.sub] as ShellWord), message: "Do not use `zypper dist-upgrade`" });
    }
  },
  tests: {
    valid: ["FROM opensuse/leap\nRUN zypper -n update && zypper -n install x\n"],
    invalid: [{ code: "FROM opensuse/leap\nRUN zypper -n dup\n", errors: [{ line: 2, column: 15, endColumn: 18 }] }],
  },
});
