import type { Stage } from "../../model/stages.js";
import { defineRule, sourceOf } from "../helpers.js";
import { tokenRange } from "../locate.js";
import { rootBase, rootStage, targetDefinesStart } from "../stage-facts.js";

export default defineRule({
  meta: {
    id: "heavy-final-base",
    aliases: [],
    source: "slimstage",
    severity: "info",
    category: "multi-stage",
    summary: "The final stage of a multi-stage build runs on a build image that has a slim runtime counterpart",
    rationale:
      "`golang`, `rust`, `maven`, `*-jdk`, the full `python`/`node` images and SDK images carry compilers and headers. A multi-stage file already builds elsewhere, so its final stage can usually start from the runtime counterpart (same language version and distribution release), named in the message from slimstage's base-image knowledge. Off by default (experimental): in the real-world corpus every multi-stage file whose final stage runs on a build image was a deliberate development or tool image; enable it with `--only heavy-final-base` or a severity in the config. Not reported: final stages that build or install dependencies themselves, or define no CMD/ENTRYPOINT (tooling, test and development images).",
    examples: {
      bad: 'FROM golang:1.22 AS build\nRUN CGO_ENABLED=0 go build -o /app .\nFROM golang:1.22\nCOPY --from=build /app /app\nCMD ["/app"]\n',
      good: 'FROM golang:1.22 AS build\nRUN CGO_ENABLED=0 go build -o /app .\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /app /app\nCMD ["/app"]\n',
    },
    fixable: false,
    needs: "analysis",
    // demoted: on the real-world corpus every final stage on a build image was a deliberate development or tool
    // image (docs/lint-precision.md); run it with --only heavy-final-base
    experimental: true,
  },
  check(ctx) {
    if (ctx.model.stages.length < 2) return;
    const target = ctx.model.stages[ctx.graph.target] as Stage;
    const root = rootBase(ctx, target);
    if (root.kind !== "image" || !root.info || root.info.role !== "build" || !root.info.runtimeCounterpart) return;
    // a final stage that builds or installs dependencies itself is a build or tooling environment
    for (let s: Stage | undefined = target; s; s = s.base.kind === "stage" ? ctx.model.stages[s.base.index] : undefined) {
      if ((ctx.analysis.stages[s.index]?.languageSteps.length ?? 0) > 0) return;
    }
    if (!targetDefinesStart(ctx)) return;
    const first = rootStage(ctx, target);
    ctx.report({
      range: tokenRange(sourceOf(ctx), first.from.node, first.from.image),
      message: `the final stage runs on ${root.ref}, a build image; its runtime counterpart is ${root.info.runtimeCounterpart}`,
    });
  },
  tests: {
    valid: [
      "FROM golang:1.22 AS b\nFROM golang:1.22\nCOPY --from=b /x /x\nRUN go install example.com/lint@v1\n",
      "FROM golang:1.22 AS b\nRUN go build .\nFROM debian:bookworm-slim\nCOPY --from=b /x /x\n",
      "FROM python:3.12\nRUN pip install x\n",
    ],
    invalid: [
      {
        code: 'FROM node:20-slim AS b\nRUN npm ci\nFROM node:20 AS final\nCOPY --from=b /a /a\nCMD ["node", "/a"]\n',
        errors: [{ line: 3, column: 6, endColumn: 13, message: "its runtime counterpart is node:20-slim" }],
      },
    ],
  },
});
