import { defineRule } from "../helpers.js";

export default defineRule({
  meta: {
    id: "MaintainerDeprecated",
    aliases: ["DL4000"],
    source: "buildkit",
    severity: "warning",
    category: "buildkit",
    summary: "The MAINTAINER instruction is deprecated, use a label instead to define an image author",
    rationale:
      "MAINTAINER has been deprecated since Docker 1.13; the OCI label `org.opencontainers.image.authors` carries the same information where tools look for it.",
    examples: {
      bad: "FROM alpine\nMAINTAINER Jane <jane@example.com>\n",
      good: 'FROM alpine\nLABEL org.opencontainers.image.authors="Jane <jane@example.com>"\n',
    },
    fixable: true,
    needs: "tree",
    url: "https://docs.docker.com/go/dockerfile/rule/maintainer-deprecated/",
  },
  check(ctx) {
    for (const node of ctx.tree.instructions) {
      if (node.name !== "maintainer") continue;
      const who = (node.args[0] ?? "").replace(/\\/g, "\\\\").replace(/"/g, '\\"');
      const single = node.range.start.line === node.argsRange.end.line;
      const label = `${node.keyword === node.keyword.toLowerCase() ? "label" : "LABEL"} org.opencontainers.image.authors="${who}"`;
      ctx.report({
        range: node.keywordRange,
        message: "Maintainer instruction is deprecated in favor of using label",
        ...(single && node.args.length === 1
          ? {
              fix: {
                title: "use the org.opencontainers.image.authors label",
                edits: [{ range: { start: node.keywordRange.start, end: node.argsRange.end }, text: label }],
              },
            }
          : {}),
      });
    }
  },
  tests: {
    valid: ['FROM alpine\nLABEL org.opencontainers.image.authors="me"\n'],
    invalid: [
      {
        code: 'FROM alpine\nMAINTAINER Jane "J" Doe\n',
        errors: [{ line: 2, column: 1, endColumn: 11 }],
        output: 'FROM alpine\nLABEL org.opencontainers.image.authors="Jane \\"J\\" Doe"\n',
      },
    ],
  },
});
