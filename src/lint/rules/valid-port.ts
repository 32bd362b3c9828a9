import { defineRule, sourceOf } from "../helpers.js";
import { tokenRange } from "../locate.js";

export default defineRule({
  meta: {
    id: "valid-port",
    aliases: ["DL3011"],
    source: "hadolint",
    severity: "error",
    category: "correctness",
    summary: "Valid UNIX ports range from 0 to 65535",
    rationale: "A port outside 0–65535 cannot be listened on; the number is a typo.",
    examples: { bad: "FROM alpine\nEXPOSE 80800\n", good: "FROM alpine\nEXPOSE 8080\n" },
    fixable: false,
    needs: "model",
    url: "https://github.com/hadolint/hadolint/wiki/DL3011",
  },
  check(ctx) {
    const src = sourceOf(ctx);
    for (const stage of ctx.model.stages) {
      for (const step of stage.steps) {
        if (step.instruction.kind !== "EXPOSE") continue;
        for (const p of step.expanded.ports ?? []) {
          const nums = (p.split("/")[0] as string).split(":").at(-1)?.split("-") ?? [];
          if (nums.every((n) => /^\d+$/.test(n) && Number(n) <= 65535)) continue;
          if (!nums.every((n) => /^\d+$/.test(n))) continue; // not a number: BuildKit reports it
          ctx.report({ range: tokenRange(src, step.instruction.node, p), message: `Valid UNIX ports range from 0 to 65535, got ${p}` });
        }
      }
    }
  },
  tests: {
    valid: ["FROM alpine\nEXPOSE 80 443/tcp 8000-8010 65535\n"],
    invalid: [{ code: "FROM alpine\nEXPOSE 80 65536/udp\n", errors: [{ line: 2, column: 11, endColumn: 20 }] }],
  },
});
