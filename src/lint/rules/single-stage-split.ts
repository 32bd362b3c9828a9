import { defineRule, sourceOf } from "../helpers.js";
import { headRange } from "../locate.js";

export default defineRule({
  meta: {
    id: "single-stage-split",
    aliases: [],
    source: "slimstage",
    severity: "info",
    category: "multi-stage",
    summary: "A single-stage Dockerfile that ships build tools or a build image would gain from a multi-stage split",
    rationale:
      "Everything a single-stage build installs to compile (gcc, `-dev` headers, build tools) or starts from (an SDK/full image such as `python:3.12` or `golang:1.22`) stays in the image that runs. A builder stage plus a slim final stage keeps only the artifacts and runtime libraries. `slimstage convert` writes that split and can prove it on an engine (`--verify`). slimstage has no package sizes yet, so the message names what would go, not how many megabytes.",
    examples: {
      bad: "FROM python:3.12\nRUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev && rm -rf /var/lib/apt/lists/*\nCOPY . /app\nRUN pip install --no-cache-dir /app\n",
      good: "FROM python:3.12-slim\nCOPY . /app\nRUN pip install --no-cache-dir /app\n",
    },
    fixable: false,
    needs: "analysis",
  },
  check(ctx) {
    if (ctx.model.stages.length !== 1) return;
    const stage = ctx.model.stages[0];
    const a = ctx.analysis.stages[0];
    if (!stage || !a) return;
    const v = ctx.analysis.verdict;
    if (v.buildTools.length === 0 && !(v.heavyBase && v.heavyBase.counterpart)) return;
    const parts: string[] = [];
    if (v.buildTools.length) parts.push(`ships build-only package${v.buildTools.length > 1 ? "s" : ""} ${v.buildTools.slice(0, 6).join(", ")}${v.buildTools.length > 6 ? ` and ${v.buildTools.length - 6} more` : ""}`);
    if (v.heavyBase?.counterpart) parts.push(`runs on the build image ${v.heavyBase.image} (runtime counterpart: ${v.heavyBase.counterpart})`);
    const keep = v.keepLibraries.length ? `; the final stage would keep ${v.keepLibraries.join(", ")}` : "";
    ctx.report({
      range: headRange(sourceOf(ctx), stage.from.node),
      message: `this single-stage image ${parts.join(" and ")}: a multi-stage split would leave ${v.buildTools.length ? "them" : "the toolchain"} in a builder stage${keep} — run \`slimstage convert\``,
    });
  },
  tests: {
    valid: ["FROM python:3.12-slim\nRUN pip install --no-cache-dir flask==3\n", "FROM golang:1.22 AS b\nRUN go build -o /x .\nFROM scratch\nCOPY --from=b /x /x\n"],
    invalid: [
      { code: "FROM python:3.9\nRUN pip install flask\n", errors: [{ line: 1, column: 1, endColumn: 16, message: "runs on the build image python:3.9 (runtime counterpart: python:3.9-slim)" }] },
      { code: "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y gcc default-libmysqlclient-dev\n", errors: [{ line: 1, column: 1, message: "ships build-only packages gcc, default-libmysqlclient-dev: a multi-stage split would leave them in a builder stage; the final stage would keep libmariadb3 — run `slimstage convert`" }] },
    ],
  },
});
