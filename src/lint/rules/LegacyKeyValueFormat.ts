import { defineRule } from "../helpers.js";

export default defineRule({
  meta: {
    id: "LegacyKeyValueFormat",
    aliases: [],
    source: "buildkit",
    severity: "warning",
    category: "buildkit",
    summary: "Legacy key/value format with whitespace separator should not be used",
    rationale:
      "`ENV key value` is the deprecated form: the whole rest of the line becomes the value, so `ENV A 1 B 2` sets one variable. `ENV key=value` says what it sets.",
    examples: { bad: "FROM alpine\nENV NODE_ENV production\n", good: "FROM alpine\nENV NODE_ENV=production\n" },
    fixable: true,
    needs: "tree",
    url: "https://docs.docker.com/go/dockerfile/rule/legacy-key-value-format/",
  },
  check(ctx) {
    const visit = (node: (typeof ctx.tree.instructions)[number]) => {
      if (node.name === "onbuild" && node.sub) return visit(node.sub);
      if ((node.name !== "env" && node.name !== "label") || node.args.length !== 3 || node.args[2] !== "") return;
      const [key, value] = node.args as [string, string];
      // quotes and backslashes would be read differently once inside quotes: no fix for those
      const single = node.range.start.line === node.range.end.line && !/["'\\`]/.test(value);
      const quoted = /\s/.test(value) ? `"${value}"` : value;
      const kw = node.keyword.toUpperCase();
      ctx.report({
        range: node.keywordRange,
        message: `"${kw} key=value" should be used instead of legacy "${kw} key value" format`,
        ...(single ? { fix: { title: "use key=value", edits: [{ range: node.argsRange, text: `${key}=${quoted}` }] } } : {}),
      });
    };
    for (const node of ctx.tree.instructions) visit(node);
  },
  tests: {
    valid: ["FROM alpine\nENV A=1 B=2\nLABEL a=b\n"],
    invalid: [
      { code: "FROM alpine\nENV A 1\n", errors: [{ line: 2, column: 1, endColumn: 4, message: '"ENV key=value"' }], output: "FROM alpine\nENV A=1\n" },
      { code: "FROM alpine\nLABEL desc a  $B value\n", errors: [{ line: 2, column: 1, message: "LABEL" }], output: 'FROM alpine\nLABEL desc="a  $B value"\n' },
      { code: 'FROM alpine\nENV A "x y"\n', errors: [{ line: 2, column: 1 }] },
    ],
  },
});
