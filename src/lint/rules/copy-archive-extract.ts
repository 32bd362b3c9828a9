import { defineRule, program, sourceOf } from "../helpers.js";
import { headRange } from "../locate.js";
import { programCalls } from "../shell-commands.js";

// The local archives ADD unpacks itself (tar, optionally gzip/bzip2/xz compressed); not zip.
const TAR = /\.(tar|tar\.gz|tgz|tar\.bz2|tbz2?|tar\.xz|txz)$/i;

export default defineRule({
  meta: {
    id: "copy-archive-extract",
    aliases: ["DL3010"],
    source: "hadolint",
    severity: "info",
    category: "size",
    summary: "Use ADD for extracting archives into an image",
    rationale:
      "`COPY app.tar.gz` followed by `RUN tar -x…` keeps the archive in the COPY layer even when the RUN deletes it; `ADD app.tar.gz /dest/` unpacks a local tar archive in one layer. Reported only when a later RUN of the same stage extracts the copied archive with `tar`.",
    examples: {
      bad: "FROM debian:12\nCOPY app.tar.gz /tmp/\nRUN tar -xzf /tmp/app.tar.gz -C /opt && rm /tmp/app.tar.gz\n",
      good: "FROM debian:12\nADD app.tar.gz /opt/\n",
    },
    fixable: false,
    needs: "analysis",
    url: "https://github.com/hadolint/hadolint/wiki/DL3010",
  },
  check(ctx) {
    const src = sourceOf(ctx);
    const tars = programCalls(ctx, ["tar", "bsdtar"]).filter((t) =>
      t.cmd.argv.some((a, i) => i > 0 && (a === "--extract" || a === "--get" || (/^-?[A-Za-z]*x[A-Za-z]*$/.test(a) && (a.startsWith("-") || i === 1)))),
    );
    for (const stage of ctx.model.stages) {
      stage.steps.forEach((step, index) => {
        const ins = step.instruction;
        if (ins.kind !== "COPY" || ins.from !== undefined) return;
        const archives = (step.expanded.sources ?? ins.sources).filter((s) => TAR.test(s) && !/[*?[$]/.test(s)).map((s) => s.slice(s.lastIndexOf("/") + 1));
        if (archives.length === 0) return;
        const extracted = archives.find((a) =>
          tars.some(
            (t) => t.stage.index === stage.index && t.run.step > index && program(t.cmd) !== "" && t.cmd.argv.some((w) => w === a || w.endsWith("/" + a)),
          ),
        );
        if (extracted)
          ctx.report({
            range: headRange(src, ins.node),
            message: `Use ADD for extracting archives into an image: \`${extracted}\` is copied and then extracted with tar`,
          });
      });
    }
  },
  tests: {
    valid: [
      "FROM debian\nCOPY app.tar.gz /tmp/\nRUN ls /tmp\n",
      "FROM debian\nCOPY app.zip /tmp/\nRUN unzip /tmp/app.zip\n",
      "FROM debian\nCOPY a.tar /tmp/\nRUN tar -cf /tmp/b.tar /etc\n",
    ],
    invalid: [
      {
        code: "FROM debian\nCOPY dist/app.tar.gz /tmp/\nRUN tar -xzf /tmp/app.tar.gz -C /opt\n",
        errors: [{ line: 2, column: 1, endColumn: 27, message: "`app.tar.gz`" }],
      },
    ],
  },
});
