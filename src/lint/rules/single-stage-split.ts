import type { Step } from "../../model/stages.js";
import { defineRule, sourceOf } from "../helpers.js";
import { headRange } from "../locate.js";
import { splitEstimate } from "../split-estimate.js";
import { packageStateUnknown } from "../stage-facts.js";

/** Files an image definition copies next to its own build (entrypoint scripts, configs), not an application. */
const SUPPORT_FILE = /(^|\/)(docker-[^/]*|[^/]*entrypoint[^/]*|[^/]*\.(sh|conf|cfg|ini|ya?ml|json|toml|pem|crt|key|txt|md|patch)|\.[^/]*rc)$/;

export default defineRule({
  meta: {
    id: "single-stage-split",
    aliases: [],
    source: "slimstage",
    // demoted from info: 5 of 6 findings on the real-world corpus were right (docs/lint-precision.md)
    severity: "style",
    category: "multi-stage",
    summary: "A single-stage application image that ships build tools would gain from a multi-stage split",
    rationale:
      "Everything a single-stage build installs to compile (gcc, `-dev` headers, build tools) stays in the image that runs. A builder stage plus a slim final stage keeps only the artifacts and runtime libraries (named in the message). `slimstage convert` writes that split and can prove it on an engine (`--verify`). Reported for application images: files that copy their application from the build context, install its dependencies and set CMD or ENTRYPOINT; image definitions (SDKs, base and tool images, which ship their toolchain on purpose) are left alone, and so are files that remove packages with `apt-mark auto` + `--auto-remove`, whose remaining packages the analysis cannot name. The message estimates what the split saves from Debian's package data: the Installed-Size of the build-only packages and of the dependencies `apt-get install --no-install-recommends` adds to debian:bookworm-slim, each counted once, minus the runtime libraries kept (measured for the common build packages by scripts/lint/package-sizes.sh; packages without data are left out of the figure, and a base that already has some of the dependencies saves less). `slimstage convert --verify` measures the real images.",
    examples: {
      bad: 'FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev && rm -rf /var/lib/apt/lists/*\nCOPY . /app\nRUN pip install --no-cache-dir /app\nCMD ["python", "-m", "app"]\n',
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
    const tools = v.buildTools.filter((t) => t !== "git");
    if (tools.length === 0) return;
    // an application: copies more than support files from the context, and installs or builds dependencies
    const copiesApp = stage.steps.some(
      (s: Step) =>
        (s.instruction.kind === "COPY" || s.instruction.kind === "ADD") &&
        !(s.instruction.kind === "COPY" && s.instruction.from) &&
        (s.expanded.sources ?? []).some((src) => !/^[a-z]+:\/\//.test(src) && !SUPPORT_FILE.test(src)),
    );
    if (!copiesApp || a.languageSteps.length === 0) return;
    // and says how it starts (tool images that generate code or run tests mostly do not)
    if (!stage.steps.some((s) => s.instruction.kind === "CMD" || s.instruction.kind === "ENTRYPOINT")) return;
    // `apt-mark auto` + `purge --auto-remove` removes build packages in ways the analysis cannot follow
    if (packageStateUnknown(ctx, stage)) return;
    const list = `${tools.slice(0, 6).join(", ")}${tools.length > 6 ? ` and ${tools.length - 6} more` : ""}`;
    const base = v.heavyBase?.counterpart ? `, on the build image ${v.heavyBase.image} (runtime counterpart: ${v.heavyBase.counterpart})` : "";
    const keep = v.keepLibraries.length ? `; the final stage would keep ${v.keepLibraries.join(", ")}` : "";
    const est = splitEstimate(tools, v.keepLibraries);
    const size =
      est && est.mb > 0
        ? ` (about ${est.mb} MB installed${est.covered.length < tools.length ? ` for ${est.covered.join(", ")}` : ""}, Debian bookworm package sizes)`
        : "";
    ctx.report({
      range: headRange(sourceOf(ctx), stage.from.node),
      message: `this single-stage image ships build-only package${tools.length > 1 ? "s" : ""} ${list}${base}: a multi-stage split would leave ${tools.length > 1 ? "them" : "it"}${size} in a builder stage${keep} — run \`slimstage convert\``,
    });
  },
  tests: {
    valid: [
      "FROM python:3.12-slim\nCOPY . /app\nRUN pip install --no-cache-dir flask==3\n",
      "FROM golang:1.22 AS b\nRUN go build -o /x .\nFROM scratch\nCOPY --from=b /x /x\n",
      "FROM debian:bookworm\nRUN apt-get update && apt-get install -y gcc make\nCOPY docker-entrypoint.sh /usr/local/bin/\n",
    ],
    invalid: [
      {
        code: 'FROM python:3.9-slim\nWORKDIR /app\nRUN apt-get update && apt-get install -y gcc default-libmysqlclient-dev pkg-config\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\nCMD ["python", "app.py"]\n',
        errors: [
          {
            line: 1,
            column: 1,
            endColumn: 21,
            message:
              "ships build-only packages gcc, default-libmysqlclient-dev, pkg-config: a multi-stage split would leave them (about 225 MB installed, Debian bookworm package sizes) in a builder stage; the final stage would keep libmariadb3 — run `slimstage convert`",
          },
        ],
      },
      {
        code: 'FROM python:3.12\nRUN apt-get update && apt-get install -y libpq-dev\nCOPY app.py /app/\nRUN pip install psycopg2==2.9.9\nCMD ["python", "/app/app.py"]\n',
        errors: [{ line: 1, column: 1, message: "on the build image python:3.12 (runtime counterpart: python:3.12-slim)" }],
      },
    ],
  },
});
