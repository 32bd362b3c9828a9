import { defineRule, hasFlag } from "../helpers.js";
import { subcommandCalls } from "../shell-commands.js";

export const ZYPPER_GLOBAL = [
  "-R",
  "--root",
  "-c",
  "--config",
  "-D",
  "--reposd-dir",
  "-C",
  "--cache-dir",
  "--raw-cache-dir",
  "--solv-cache-dir",
  "--pkg-cache-dir",
  "-p",
  "--plus-repo",
  "--installroot",
];
const CHANGING = ["install", "in", "remove", "rm", "source-install", "si", "patch", "update", "up", "dist-upgrade", "dup", "install-new-recommends", "inr"];

export default defineRule({
  meta: {
    id: "zypper-yes",
    aliases: ["DL3034"],
    source: "hadolint",
    severity: "warning",
    category: "correctness",
    summary: "Non-interactive switch missing from `zypper` command: `zypper install -y`",
    rationale: "zypper asks for confirmation; a build cannot answer, so without `-n` (global) or `-y` the command aborts.",
    examples: { bad: "FROM opensuse/leap:15.6\nRUN zypper install httpd\n", good: "FROM opensuse/leap:15.6\nRUN zypper install -y httpd\n" },
    fixable: false,
    needs: "analysis",
    url: "https://github.com/hadolint/hadolint/wiki/DL3034",
  },
  check(ctx) {
    for (const r of subcommandCalls(ctx, ["zypper"], CHANGING, ZYPPER_GLOBAL)) {
      if (hasFlag(r.cmd, "n", ["--non-interactive"]) || hasFlag(r.cmd, "y", ["--no-confirm"])) continue;
      ctx.report({ range: r.range, message: `Non-interactive switch missing from \`zypper\` command: \`zypper ${r.cmd.argv[r.sub]} -y\`` });
    }
  },
  tests: {
    valid: ["FROM opensuse/leap\nRUN zypper -n install x && zypper install -y y && zypper --non-interactive in z && zypper refresh\n"],
    invalid: [{ code: "FROM opensuse/leap\nRUN zypper install curl\n", errors: [{ line: 2, column: 5, endColumn: 24, message: "zypper install -y" }] }],
  },
});
