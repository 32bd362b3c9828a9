import { defineRule } from "../helpers.js";
import { programCalls } from "../shell-commands.js";

const POINTLESS = ["ssh", "vim", "shutdown", "service", "ps", "free", "top", "kill", "mount", "ifconfig", "nano"];

export default defineRule({
  meta: {
    id: "pointless-commands",
    aliases: ["DL3001"],
    source: "hadolint",
    severity: "info",
    category: "correctness",
    summary:
      "For some bash commands it makes no sense running them in a Docker container like ssh, vim, shutdown, service, ps, free, top, kill, mount, ifconfig",
    rationale:
      "A build step has no services, terminal or other processes: `service x start` starts nothing that survives the step, `top` and `vim` wait for a user who is not there.",
    examples: { bad: "FROM debian\nRUN service nginx start\n", good: 'FROM debian\nCMD ["nginx", "-g", "daemon off;"]\n' },
    fixable: false,
    needs: "analysis",
    url: "https://github.com/hadolint/hadolint/wiki/DL3001",
  },
  check(ctx) {
    for (const r of programCalls(ctx, POINTLESS)) {
      ctx.report({ range: r.range, message: `\`${r.cmd.argv[0]}\` makes no sense in a build step` });
    }
  },
  tests: {
    valid: ["FROM debian\nRUN apt-get install -y vim-tiny && echo top\n"],
    invalid: [{ code: "FROM debian\nRUN service mysql start && mysql < x.sql\n", errors: [{ line: 2, column: 5, endColumn: 24 }] }],
  },
});
