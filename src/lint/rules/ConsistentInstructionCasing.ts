import { defineRule } from "../helpers.js";

export default defineRule({
  meta: {
    id: "ConsistentInstructionCasing",
    aliases: [],
    source: "buildkit",
    severity: "warning",
    category: "buildkit",
    summary: "All commands within the Dockerfile should use the same casing (either upper or lower)",
    rationale:
      "Instruction keywords are case-insensitive; mixing `Run`, `run` and `RUN` makes a file harder to read and to search. The majority casing of the file wins.",
    examples: { bad: "FROM alpine\nRun echo hello\n", good: "FROM alpine\nRUN echo hello\n" },
    fixable: true,
    needs: "tree",
    url: "https://docs.docker.com/go/dockerfile/rule/consistent-instruction-casing/",
  },
  check(ctx) {
    const nodes = ctx.tree.instructions;
    let lower = 0;
    let upper = 0;
    for (const n of nodes) {
      if (n.keyword === n.keyword.toLowerCase()) lower++;
      else if (n.keyword === n.keyword.toUpperCase()) upper++;
    }
    const majorityLower = lower > upper;
    for (const n of nodes) {
      const want = majorityLower ? n.keyword.toLowerCase() : n.keyword.toUpperCase();
      if (n.keyword === want) continue;
      ctx.report({
        range: n.keywordRange,
        message: `Command '${n.keyword}' should match the case of the command majority (${majorityLower ? "lowercase" : "uppercase"})`,
        fix: { title: `write '${want}'`, edits: [{ range: n.keywordRange, text: want }] },
      });
    }
  },
  tests: {
    valid: ["FROM alpine\nRUN true\n", "from alpine\nrun true\n"],
    invalid: [
      {
        code: 'FROM alpine\nRun true\nCMD ["x"]\n',
        errors: [{ line: 2, column: 1, endColumn: 4, message: "Command 'Run' should match the case of the command majority (uppercase)" }],
        output: 'FROM alpine\nRUN true\nCMD ["x"]\n',
      },
      { code: 'from alpine\nrun true\nCMD ["x"]\n', errors: [{ line: 3, column: 1, message: "(lowercase)" }], output: 'from alpine\nrun true\ncmd ["x"]\n' },
    ],
  },
});
