import { suggestion } from "../../model/suggest.js";
import { defineRule, sourceOf } from "../helpers.js";
import { wordRange } from "../locate.js";

export default defineRule({
  meta: {
    id: "copy-from-undefined",
    aliases: ["DL3022"],
    source: "hadolint",
    severity: "warning",
    category: "correctness",
    summary: "COPY --from should reference a previously defined FROM alias",
    rationale:
      "`COPY --from=<name>` that names no stage makes BuildKit pull an image of that name: a typo in a stage name turns into a pull of an unrelated (or missing) image. Names with a registry, tag or digest are clearly images and are not reported.",
    examples: {
      bad: "FROM golang:1.22 AS builder\nRUN go build -o /app .\nFROM alpine:3\nCOPY --from=buildr /app /app\n",
      good: "FROM golang:1.22 AS builder\nRUN go build -o /app .\nFROM alpine:3\nCOPY --from=builder /app /app\n",
    },
    fixable: false,
    needs: "model",
    url: "https://github.com/hadolint/hadolint/wiki/DL3022",
  },
  check(ctx) {
    const src = sourceOf(ctx);
    const names = ctx.model.stages.map((s) => s.name).filter((n): n is string => n !== undefined);
    for (const stage of ctx.model.stages) {
      for (const step of stage.steps) {
        const ins = step.instruction;
        if (ins.kind !== "COPY" || ins.from === undefined) continue;
        const from = ins.from.toLowerCase();
        if (/^\d+$/.test(from) || from.includes("$") || /[/:@]/.test(from) || names.includes(from)) continue;
        const hint = suggestion(from, names);
        if (!hint && !names.length) continue; // a single-stage file copying from an image such as `--from=nginx`
        if (!hint) continue;
        ctx.report({
          range: wordRange(src, ins.node, ins.from),
          message: `COPY --from=${ins.from} names no stage of this file (did you mean ${hint}?); BuildKit will pull an image called "${ins.from}"`,
        });
      }
    }
  },
  tests: {
    valid: [
      "FROM alpine AS build\nFROM alpine\nCOPY --from=build /a /a\nCOPY --from=0 /a /b\nCOPY --from=nginx:1 /x /x\n",
      "FROM alpine\nCOPY --from=busybox /bin/busybox /bin/\n",
    ],
    invalid: [
      {
        code: "FROM alpine AS builder\nFROM alpine\nCOPY --from=buidler /a /a\n",
        errors: [{ line: 3, column: 13, endColumn: 20, message: "did you mean builder?" }],
      },
    ],
  },
});
