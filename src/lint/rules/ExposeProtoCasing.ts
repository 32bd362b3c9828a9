import { defineRule, sourceOf } from "../helpers.js";
import { tokenRange } from "../locate.js";

export default defineRule({
  meta: {
    id: "ExposeProtoCasing",
    aliases: [],
    source: "buildkit",
    severity: "warning",
    category: "buildkit",
    summary: "Protocol in EXPOSE instruction should be lowercase",
    rationale: "Protocols are written `tcp`/`udp`; BuildKit accepts other casings today but reports them.",
    examples: { bad: "FROM alpine\nEXPOSE 80/TCP\n", good: "FROM alpine\nEXPOSE 80/tcp\n" },
    fixable: true,
    needs: "tree",
    url: "https://docs.docker.com/go/dockerfile/rule/expose-proto-casing/",
  },
  check(ctx) {
    const src = sourceOf(ctx);
    for (const node of ctx.tree.instructions) {
      if (node.name !== "expose") continue;
      for (const port of node.args) {
        const proto = port.split("/")[1];
        if (proto === undefined || proto === proto.toLowerCase() || port.includes("$")) continue;
        const range = tokenRange(src, node, port);
        ctx.report({
          range,
          message: `Defined protocol '${port}' in EXPOSE instruction should be lowercase`,
          fix: { title: "lowercase the protocol", edits: [{ range, text: port.toLowerCase() }] },
        });
      }
    }
  },
  tests: {
    valid: ["FROM alpine\nEXPOSE 80/tcp 53/udp 8080\n"],
    invalid: [{ code: "FROM alpine\nEXPOSE 8080 80/TCP\n", errors: [{ line: 2, column: 13, endColumn: 19 }], output: "FROM alpine\nEXPOSE 8080 80/tcp\n" }],
  },
});
