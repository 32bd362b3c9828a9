import { defineRule } from "../helpers.js";
import { programCalls } from "../shell-commands.js";

export default defineRule({
  meta: {
    id: "shell-sh-symlink",
    aliases: ["DL4005"],
    source: "hadolint",
    severity: "warning",
    category: "correctness",
    summary: "Use SHELL to change the default shell",
    rationale:
      "Replacing /bin/sh with a link to bash changes the shell of every program in the image that runs `sh`, not only of the build; SHELL changes only what RUN uses.",
    examples: { bad: "FROM debian\nRUN ln -sf /bin/bash /bin/sh\n", good: 'FROM debian\nSHELL ["/bin/bash", "-c"]\n' },
    fixable: false,
    needs: "analysis",
    url: "https://github.com/hadolint/hadolint/wiki/DL4005",
  },
  check(ctx) {
    for (const r of programCalls(ctx, ["ln"])) {
      const a = r.cmd.argv;
      if (!a.some((x) => /^-[a-zA-Z]*s/.test(x) || x === "--symbolic")) continue;
      if (a.at(-1) !== "/bin/sh") continue;
      ctx.report({ range: r.range, message: "Use SHELL to change the default shell instead of replacing /bin/sh" });
    }
  },
  tests: {
    valid: ["FROM debian\nRUN ln -s /usr/bin/python3 /usr/bin/python\n"],
    invalid: [{ code: "FROM debian\nRUN rm /bin/sh && ln -s /bin/bash /bin/sh\n", errors: [{ line: 2, column: 19, endColumn: 42 }] }],
  },
});
