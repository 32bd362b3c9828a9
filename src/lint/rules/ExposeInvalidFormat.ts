import { defineRule, sourceOf } from "../helpers.js";
import { tokenRange } from "../locate.js";

export default defineRule({
  meta: {
    id: "ExposeInvalidFormat",
    aliases: [],
    source: "buildkit",
    severity: "warning",
    category: "buildkit",
    summary: "IP address and host-port mapping should not be used in EXPOSE instruction. This will become an error in a future release",
    rationale: "EXPOSE documents the ports the container listens on; publishing to a host port or address is decided at `docker run -p`, not in the image.",
    examples: { bad: "FROM alpine\nEXPOSE 80:80\n", good: "FROM alpine\nEXPOSE 80\n" },
    fixable: false,
    needs: "tree",
    url: "https://docs.docker.com/go/dockerfile/rule/expose-invalid-format/",
  },
  check(ctx) {
    const src = sourceOf(ctx);
    for (const node of ctx.tree.instructions) {
      if (node.name !== "expose") continue;
      for (const port of node.args) {
        if (!port.includes(":") || port.includes("$")) continue;
        ctx.report({ range: tokenRange(src, node, port), message: `EXPOSE instruction should not define an IP address or host-port mapping, found '${port}'` });
      }
    }
  },
  tests: {
    valid: ["FROM alpine\nEXPOSE 80 443/tcp\n"],
    invalid: [{ code: "FROM alpine\nEXPOSE 127.0.0.1:80:80\n", errors: [{ line: 2, column: 8, message: "found '127.0.0.1:80:80'" }] }],
  },
});
