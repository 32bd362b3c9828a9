import { defineRule } from "../helpers.js";
import { programCalls } from "../shell-commands.js";

export default defineRule({
  meta: {
    id: "cd-use-workdir",
    aliases: ["DL3003"],
    source: "hadolint",
    severity: "warning",
    category: "maintainability",
    summary: "Use WORKDIR to switch to a directory",
    rationale:
      "`cd` inside RUN lasts only for that RUN; later instructions silently run elsewhere. WORKDIR states where the following steps run. Reported when a RUN starts with `cd` (unlike hadolint, which reports every `cd`): a `cd` later in the RUN usually enters a directory that the same RUN just created, cloned or unpacked, where no WORKDIR could stand in. Not reported either: `cd` inside `( … )`, `if` or loops, and moves out of a directory (`cd /`, `cd /tmp`, `cd ..`, `cd -`, `cd ~`).",
    examples: { bad: "FROM debian\nRUN cd /app && make\n", good: "FROM debian\nWORKDIR /app\nRUN make\n" },
    fixable: false,
    needs: "analysis",
    url: "https://github.com/hadolint/hadolint/wiki/DL3003",
  },
  check(ctx) {
    for (const r of programCalls(ctx, ["cd"])) {
      if (r.raw.context.some((c) => c.kind === "subshell")) continue;
      // only a RUN that starts by moving somewhere: `cd` after a mkdir, clone or unpack in the same RUN has no
      // WORKDIR to replace it (the directory does not exist before the RUN)
      if (r.raw.index !== 0 || r.raw.context.length > 0) continue;
      // leaving a directory (to delete it, or back to / or /tmp) is no place a WORKDIR would name
      const to = r.cmd.argv[1];
      if (
        to === undefined ||
        to === "/" ||
        to === "-" ||
        to === ".." ||
        to === "~" ||
        /^\/tmp\/?$/.test(to) ||
        /^\$\{?HOME\}?$/.test(to) ||
        /^\$\{?OLDPWD/.test(to)
      )
        continue;
      ctx.report({ range: r.range, message: "Use WORKDIR to switch to a directory" });
    }
  },
  tests: {
    valid: [
      "FROM debian\nWORKDIR /app\nRUN make\n",
      "FROM debian\nRUN (cd /tmp && make)\n",
      "FROM debian\nRUN cd / && rm -rf /src\n",
      "FROM debian\nRUN git clone https://x/y /y && cd /y && make\n",
    ],
    invalid: [{ code: "FROM debian\nRUN cd /app && make\n", errors: [{ line: 2, column: 5, endColumn: 12 }] }],
  },
});
