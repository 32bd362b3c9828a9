import type { Position, Range } from "../../errors.js";
import type { RunInstruction } from "../../model/instructions.js";
import type { Stage } from "../../model/stages.js";
import { defineRule } from "../helpers.js";
import { scriptRange } from "../locate.js";
import { offsetAt } from "../shellcheck.js";
import type { RuleContext } from "../types.js";

/** The shell a RUN runs in: the last SHELL of the stage (or the stages it is built FROM); undefined: not a POSIX shell. */
function dialectOf(ctx: RuleContext, stage: Stage, step: number): "sh" | "bash" | undefined {
  const shells = (s: Stage, upTo: number): string[][] => [
    ...(s.base.kind === "stage" ? shells(ctx.model.stages[s.base.index] as Stage, Infinity) : []),
    ...s.steps.slice(0, upTo).flatMap((st) => (st.instruction.kind === "SHELL" ? [st.instruction.shell] : [])),
  ];
  const shell = shells(stage, step).at(-1)?.[0];
  if (shell === undefined || /(^|\/)(da|a)?sh$/.test(shell)) return "sh";
  if (/(^|\/)bash$/.test(shell)) return "bash";
  return undefined;
}

const pos = (offset: number): Position => ({ line: 0, column: 0, offset });

export default defineRule({
  meta: {
    id: "shellcheck",
    aliases: [],
    source: "hadolint",
    severity: "warning",
    category: "correctness",
    summary: "ShellCheck's findings on RUN scripts (SC codes), at their place in the Dockerfile",
    rationale:
      "Where the `shellcheck` binary is installed (Debian package `shellcheck`), every shell-form RUN and `RUN <<EOF` heredoc script is checked as `sh`, or as `bash` when the stage's SHELL is bash; the findings keep ShellCheck's level and code and are mapped back to the line and column in the Dockerfile (continuation lines and heredocs included). `# hadolint ignore=SC2086` or `# slimstage ignore=SC2086` silences one code for the next instruction, `--ignore SC2086` everywhere. Not reported: SC1090/SC1091 (sourced files) and SC2154 (variables come from ENV, ARG and the base image). When the binary is missing the CLI prints one note and the rule reports nothing. In the library, pass a runner as the `shellcheck` option (the CLI's is `runShellcheck` in src/cli/shellcheck-runner.ts); without one the rule reports nothing.",
    examples: { bad: "FROM debian:12\nRUN echo $HOME/*.txt | xargs ls\n", good: 'FROM debian:12\nRUN echo "$HOME"/*.txt | xargs ls\n' },
    fixable: false,
    needs: "analysis",
    url: "https://www.shellcheck.net/wiki/",
  },
  check(ctx) {
    const run = ctx.options.shellcheck;
    if (!run) return;
    const jobs: Record<"sh" | "bash", Array<{ text: string; at: (r: Range) => Range }>> = { sh: [], bash: [] };
    for (const sa of ctx.analysis.stages) {
      const stage = ctx.model.stages[sa.index] as Stage;
      for (const ra of sa.runs) {
        const ins = stage.steps[ra.step]?.instruction as RunInstruction;
        if (!ins.shell || ins.node.json) continue;
        const dialect = dialectOf(ctx, stage, ra.step);
        if (!dialect) continue;
        for (const script of ra.scripts) {
          const first = script.text.split("\n", 1)[0] ?? "";
          if (first.startsWith("#!") && !/\b(ba|da|a)?sh\b/.test(first)) continue; // a python/node heredoc
          jobs[dialect].push({ text: script.text, at: (r) => scriptRange(ra, script, ins.node, r) });
        }
      }
    }
    for (const dialect of ["sh", "bash"] as const) {
      const results = jobs[dialect].length
        ? run(
            jobs[dialect].map((j) => j.text),
            dialect,
          )
        : [];
      if (!results) return;
      results.forEach((comments, i) => {
        const job = jobs[dialect][i];
        if (!job) return;
        for (const c of comments) {
          const start = offsetAt(job.text, c.line, c.column);
          const end = Math.max(start, offsetAt(job.text, c.endLine, c.endColumn));
          const code = `SC${c.code}`;
          ctx.report({ range: job.at({ start: pos(start), end: pos(end) }), message: `${code}: ${c.message}`, severity: c.level, aliases: [code] });
        }
      });
    }
  },
  tests: {
    valid: [
      'FROM debian\nRUN echo "$HOME"\n',
      "FROM debian\n# hadolint ignore=SC2086\nRUN echo $1\n",
      "FROM debian\nRUN <<EOF\n#!/usr/bin/env python3\nprint($x)\nEOF\n",
      { code: "FROM debian\nRUN echo $1\n", options: { ignore: ["SC2086"] } },
      'FROM debian\nSHELL ["/bin/bash", "-c"]\nRUN [[ -n "$HOME" ]] && echo ok\n',
    ],
    invalid: [
      { code: "FROM debian\nRUN cd /tmp && \\\n  echo $HOME/*.txt\n", errors: [{ line: 3, column: 8, endColumn: 13, message: "SC2086" }] },
      { code: 'FROM debian\nRUN [[ -n "$HOME" ]]\n', errors: [{ line: 2, column: 5, endColumn: 21, message: "SC3010" }] },
      { code: "FROM debian\nRUN <<EOF\nset -e\nls $1\nEOF\n", errors: [{ line: 4, column: 4, endColumn: 6, message: "SC2086" }] },
    ],
  },
});
