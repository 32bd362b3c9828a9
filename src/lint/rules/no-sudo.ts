import { defineRule } from "../helpers.js";
import { commandsOf } from "../helpers.js";

export default defineRule({
  meta: {
    id: "no-sudo",
    aliases: ["DL3004"],
    source: "hadolint",
    severity: "error",
    category: "security",
    summary: "Do not use sudo as it leads to unpredictable behavior. Use a tool like gosu to enforce root",
    rationale:
      "Builds run as root unless a USER says otherwise, so sudo is unneeded; where it is installed it brings a setuid binary and TTY/PAM behaviour that differs between images.",
    examples: { bad: "FROM debian\nRUN sudo apt-get update\n", good: "FROM debian\nRUN apt-get update\n" },
    fixable: false,
    needs: "analysis",
    url: "https://github.com/hadolint/hadolint/wiki/DL3004",
  },
  check(ctx) {
    for (const r of commandsOf(ctx)) {
      const w = r.raw.words[0];
      if (!w || (w.value !== "sudo" && !w.value.endsWith("/sudo"))) continue;
      ctx.report({ range: r.wordRange(w), message: "Do not use sudo as it leads to unpredictable behavior. Use a tool like gosu to enforce root" });
    }
  },
  tests: {
    valid: ["FROM debian\nRUN apt-get update && echo sudo\n"],
    invalid: [{ code: "FROM debian\nRUN apt-get update && sudo make install\n", errors: [{ line: 2, column: 23, endColumn: 27 }] }],
  },
});
