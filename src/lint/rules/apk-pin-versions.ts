import { defineRule } from "../helpers.js";
import { operands, subcommandCalls } from "../shell-commands.js";

const VALUE_OPTIONS = ["-X", "--repository", "-p", "--root", "--arch", "--cache-dir", "-t", "--virtual", "--keys-dir", "--repositories-file"];

export default defineRule({
  meta: {
    id: "apk-pin-versions",
    aliases: ["DL3018"],
    source: "hadolint",
    severity: "warning",
    category: "maintainability",
    summary: "Pin versions in apk add. Instead of `apk add <package>` use `apk add <package>=<version>`",
    rationale: "An unpinned package installs whatever the index has on build day; pins make rebuilds repeatable.",
    examples: { bad: "FROM alpine\nRUN apk add --no-cache curl\n", good: "FROM alpine\nRUN apk add --no-cache curl=8.5.0-r0\n" },
    fixable: false,
    needs: "analysis",
    url: "https://github.com/hadolint/hadolint/wiki/DL3018",
  },
  check(ctx) {
    for (const r of subcommandCalls(ctx, ["apk"], ["add"], VALUE_OPTIONS)) {
      for (const w of operands(r, VALUE_OPTIONS)) {
        if (w.dynamic || /[=<>~]/.test(w.value) || w.value.endsWith(".apk") || w.value.includes("/")) continue;
        ctx.report({ range: r.wordRange(w), message: `Pin versions in apk add: \`${w.value}\` has no version (\`${w.value}=<version>\`)` });
      }
    }
  },
  tests: {
    valid: ["FROM alpine\nRUN apk add --no-cache curl=8.5.0-r0 'git>2' ./x.apk\n"],
    invalid: [{ code: "FROM alpine\nRUN apk add --no-cache --virtual .build gcc\n", errors: [{ line: 2, column: 41, endColumn: 44, message: "`gcc`" }] }],
  },
});
