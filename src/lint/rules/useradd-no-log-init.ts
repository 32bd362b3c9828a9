import { defineRule, hasFlag, insertAfter } from "../helpers.js";
import { programCalls } from "../shell-commands.js";

export default defineRule({
  meta: {
    id: "useradd-no-log-init",
    aliases: ["DL3046"],
    source: "hadolint",
    severity: "warning",
    category: "size",
    summary: "`useradd` without flag `-l` and high UID will result in excessively large Image",
    rationale:
      "useradd writes the new user's record into /var/log/lastlog and faillog, sparse files indexed by UID; for a UID in the hundreds of thousands the layer stores them at full size (gigabytes for very large UIDs). `-l` (`--no-log-init`) skips them.",
    examples: { bad: "FROM debian\nRUN useradd -u 123456 app\n", good: "FROM debian\nRUN useradd -l -u 123456 app\n" },
    fixable: true,
    needs: "analysis",
    url: "https://github.com/hadolint/hadolint/wiki/DL3046",
  },
  check(ctx) {
    for (const r of programCalls(ctx, ["useradd"])) {
      const i = r.cmd.argv.findIndex((a) => a === "-u" || a === "--uid" || a.startsWith("--uid="));
      if (i < 0) continue;
      const arg = r.cmd.argv[i] as string;
      const uid = arg.startsWith("--uid=") ? arg.slice(6) : r.cmd.argv[i + 1];
      if (!uid || !/^\d+$/.test(uid) || uid.length <= 5) continue;
      if (hasFlag(r.cmd, "l", ["--no-log-init"])) continue;
      const w = r.cmd.words[0];
      const fix = w && !w.dynamic ? { fix: { title: "add -l", edits: [insertAfter(r.wordRange(w), " -l")] } } : {};
      ctx.report({ range: r.range, message: `\`useradd\` without flag \`-l\` and high UID ${uid} will result in excessively large Image`, ...fix });
    }
  },
  tests: {
    valid: ["FROM debian\nRUN useradd -u 1000 app && useradd -l -u 100000 b && useradd --no-log-init --uid=123456 c\n"],
    invalid: [
      {
        code: "FROM debian\nRUN useradd --uid=123456 -m app\n",
        errors: [{ line: 2, column: 5, endColumn: 32 }],
        output: "FROM debian\nRUN useradd -l --uid=123456 -m app\n",
      },
    ],
  },
});
