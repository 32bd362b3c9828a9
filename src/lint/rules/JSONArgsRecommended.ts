import type { Stage } from "../../model/stages.js";
import { defineRule } from "../helpers.js";

/** Words that mean the same with and without a shell: no quotes, variables, globs or operators. */
const plainWords = /^[A-Za-z0-9_./:=@%+,-]+( +[A-Za-z0-9_./:=@%+,-]+)*$/;

export default defineRule({
  meta: {
    id: "JSONArgsRecommended",
    aliases: ["DL3025"],
    source: "buildkit",
    severity: "warning",
    category: "buildkit",
    summary: "JSON arguments recommended for ENTRYPOINT/CMD to prevent unintended behavior related to OS signals",
    rationale:
      "In shell form the program runs as a child of `/bin/sh -c`, which does not forward signals: `docker stop` waits for the timeout and kills it. Exec (JSON) form runs the program as PID 1. A `SHELL` instruction in the stage says the shell is intended, and silences the rule, as in BuildKit. Unlike BuildKit, `CMD exec prog …` is not reported: `exec` makes the program PID 1.",
    examples: { bad: "FROM alpine\nCMD node server.js\n", good: 'FROM alpine\nCMD ["node", "server.js"]\n' },
    fixable: true,
    needs: "model",
    url: "https://docs.docker.com/go/dockerfile/rule/json-args-recommended/",
  },
  check(ctx) {
    const stages = ctx.model.stages;
    const hasShell = (s: Stage): boolean =>
      s.steps.some((st) => st.instruction.kind === "SHELL") || (s.base.kind === "stage" && hasShell(stages[s.base.index] as Stage));
    for (const stage of stages) {
      for (const { instruction: ins } of stage.steps) {
        if ((ins.kind !== "CMD" && ins.kind !== "ENTRYPOINT") || !ins.shell) continue;
        // SHELL before this instruction (BuildKit reads the image config's shell at that point)
        const before = stage.steps.slice(
          0,
          stage.steps.findIndex((s) => s.instruction === ins),
        );
        if (before.some((s) => s.instruction.kind === "SHELL") || (stage.base.kind === "stage" && hasShell(stages[stage.base.index] as Stage))) continue;
        const node = ins.node;
        const cmd = ins.cmdLine[0] ?? "";
        // `CMD exec prog …`: the shell replaces itself with the program, which then gets the signals (BuildKit
        // still reports it; slimstage does not)
        if (/^\s*exec\s/.test(cmd)) continue;
        const single = node.argsRange.start.line === node.argsRange.end.line;
        const fixable = single && plainWords.test(cmd.trim());
        ctx.report({
          range: node.keywordRange,
          message: `JSON arguments recommended for ${ins.kind} to prevent unintended behavior related to OS signals`,
          ...(fixable
            ? {
                fix: {
                  title: "use the exec (JSON) form",
                  edits: [{ range: node.argsRange, text: JSON.stringify(cmd.trim().split(/ +/)).replace(/","/g, '", "') }],
                },
              }
            : {}),
        });
      }
    }
  },
  tests: {
    valid: [
      'FROM alpine\nCMD ["a"]\n',
      "FROM alpine\nCMD exec gunicorn --bind :$PORT app:app\n",
      'FROM alpine\nSHELL ["/bin/bash", "-c"]\nCMD echo $HOME\n',
      'FROM alpine AS a\nSHELL ["/bin/sh", "-c"]\nFROM a\nENTRYPOINT run.sh\n',
    ],
    invalid: [
      {
        code: "FROM alpine\nCMD node server.js --port 80\n",
        errors: [{ line: 2, column: 1, endColumn: 4, message: "for CMD" }],
        output: 'FROM alpine\nCMD ["node", "server.js", "--port", "80"]\n',
      },
      { code: "FROM alpine\nENTRYPOINT echo $HOME && run\n", errors: [{ line: 2, column: 1, message: "ENTRYPOINT" }] },
    ],
  },
});
