import type { RunInstruction } from "../../model/instructions.js";
import { defineRule, sourceOf } from "../helpers.js";
import { headRange } from "../locate.js";
import type { Stage } from "../../model/stages.js";
import { copiesToolchain, packageStateUnknown, rootBase, targetDefinesStart } from "../stage-facts.js";

const RUNTIME_TOO = new Set(["git", "git-core", "openssh-client", "rsync"]);

export default defineRule({
  meta: {
    id: "final-stage-build-packages",
    aliases: [],
    source: "slimstage",
    // demoted from warning: 2 of the 4 findings on the real-world corpus were test images (docs/lint-precision.md)
    severity: "info",
    category: "multi-stage",
    summary: "The final stage of a multi-stage build ships build-only packages (compilers, headers, build tools)",
    rationale:
      "A multi-stage build exists to leave compilers, `-dev` headers and build tools behind, yet this final stage installs some (directly or through `FROM <stage>`) and keeps them. They add size and attack surface to every container. Install them in the builder stage and copy only the results; keep the runtime libraries the message names. Not reported: final stages that start from a build image or define no CMD/ENTRYPOINT (tooling, test and development images ship their tools on purpose) or receive a toolchain from another stage, stages that remove packages with `apt-mark auto` + `--auto-remove` (which packages remain is then unknown), and `git`. Package classes come from Debian's archive data (Alpine and Red Hat: hand tables), see docs/knowledge.md.",
    examples: {
      bad: 'FROM golang:1.22 AS build\nRUN go build -o /app .\nFROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev && rm -rf /var/lib/apt/lists/*\nCOPY --from=build /app /app\nCMD ["/app"]\n',
      good: 'FROM golang:1.22 AS build\nRUN go build -o /app .\nFROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*\nCOPY --from=build /app /app\nCMD ["/app"]\n',
    },
    fixable: false,
    needs: "analysis",
  },
  check(ctx) {
    if (ctx.model.stages.length < 2) return; // single-stage files: single-stage-split
    const src = sourceOf(ctx);
    const final = ctx.analysis.stages[ctx.analysis.final];
    if (!final) return;
    // a final stage on a build image is a build or tooling environment (heavy-final-base speaks about the base)
    const root = rootBase(ctx, ctx.model.stages[final.index] as Stage);
    if (root.kind === "image" && root.info?.role === "build") return;
    // no CMD/ENTRYPOINT: a tooling or validation stage of a build script rather than an application image
    if (!targetDefinesStart(ctx)) return;
    // a toolchain copied in (a test or CI image), or packages removed by apt-mark/--auto-remove: say nothing
    if (copiesToolchain(ctx) || packageStateUnknown(ctx, ctx.model.stages[final.index] as Stage)) return;
    const byLine = new Map<string, { stage: number; line: number; names: string[]; libs: string[] }>();
    for (const p of final.packages) {
      // git is as often a run-time tool (CI agents, Jenkins, tools that clone) as a build tool
      if (p.class !== "build-only" || RUNTIME_TOO.has(p.name)) continue;
      const key = `${p.stage}:${p.line}`;
      const e = byLine.get(key) ?? { stage: p.stage, line: p.line, names: [], libs: [] };
      e.names.push(p.name);
      e.libs.push(...p.runtimeLibraries);
      byLine.set(key, e);
    }
    for (const e of byLine.values()) {
      const stage = ctx.model.stages[e.stage];
      const step = stage?.steps.find((s) => s.instruction.kind === "RUN" && s.instruction.range.start.line === e.line);
      if (!stage || !step) continue;
      const via = e.stage === final.index ? "" : ` (installed in stage ${stage.name ?? e.stage}, which the final stage is built FROM)`;
      const libs = [...new Set(e.libs)];
      ctx.report({
        range: headRange(src, (step.instruction as RunInstruction).node),
        message: `the final stage ships build-only package${e.names.length > 1 ? "s" : ""} ${e.names.join(", ")}${via}: install ${e.names.length > 1 ? "them" : "it"} in a builder stage and copy the results${libs.length ? `; keep the runtime librar${libs.length > 1 ? "ies" : "y"} ${libs.join(", ")}` : ""}`,
      });
    }
  },
  tests: {
    valid: [
      "FROM debian:bookworm AS build\nRUN apt-get update && apt-get install -y gcc\nFROM debian:bookworm-slim\nCOPY --from=build /x /x\n",
      "FROM alpine:3 AS b\nRUN true\nFROM alpine:3\nRUN apk add --no-cache --virtual .deps gcc musl-dev && make && apk del .deps\n",
      "FROM debian:bookworm\nRUN apt-get update && apt-get install -y gcc\n",
      "FROM golang:1.22 AS b\nFROM debian:bookworm-slim AS validate\nRUN apt-get update && apt-get install -y gcc\nCOPY --from=b /x /x\n",
    ],
    invalid: [
      {
        code: 'FROM debian:bookworm-slim AS base\nRUN apt-get update && apt-get install -y make libpq-dev\nFROM golang:1.22 AS build\nRUN go build -o /app .\nFROM base\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n',
        errors: [
          {
            line: 2,
            column: 1,
            endColumn: 56,
            message:
              "build-only packages make, libpq-dev (installed in stage base, which the final stage is built FROM): install them in a builder stage and copy the results; keep the runtime library libpq5",
          },
        ],
      },
    ],
  },
});
