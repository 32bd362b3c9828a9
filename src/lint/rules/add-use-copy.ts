import { defineRule } from "../helpers.js";

const ARCHIVE = /\.(tar|tar\.gz|tgz|tar\.bz2|tbz2?|tar\.xz|txz|tar\.zst|tzst|gz|bz2|xz|zst|lz4)$/i;

export default defineRule({
  meta: {
    id: "add-use-copy",
    aliases: ["DL3020"],
    source: "hadolint",
    severity: "error",
    category: "correctness",
    summary: "Use COPY instead of ADD for files and folders",
    rationale:
      "ADD also fetches URLs and unpacks local archives; for plain files and folders COPY does the same with no surprise (a `.tar.gz` meant to be copied as is gets unpacked by ADD).",
    examples: { bad: "FROM alpine\nADD app.py /app/\n", good: "FROM alpine\nCOPY app.py /app/\n" },
    fixable: true,
    needs: "model",
    url: "https://github.com/hadolint/hadolint/wiki/DL3020",
  },
  check(ctx) {
    for (const stage of ctx.model.stages) {
      for (const step of stage.steps) {
        const ins = step.instruction;
        if (ins.kind !== "ADD") continue;
        const sources = [...(step.expanded.sources ?? ins.sources)];
        if (ins.contents.length || sources.length === 0) continue;
        if (sources.some((s) => /^[a-z][a-z0-9+.-]*:\/\//i.test(s) || s.startsWith("git@") || ARCHIVE.test(s) || s.includes("$") || /[*?[]/.test(s))) continue;
        const addOnly = ins.checksum !== undefined || ins.keepGitDir !== undefined || ins.unpack !== undefined;
        const kw = ins.node.keyword;
        const copy = kw === kw.toLowerCase() ? "copy" : "COPY";
        ctx.report({
          range: ins.node.keywordRange,
          message: "Use COPY instead of ADD for files and folders",
          ...(addOnly ? {} : { fix: { title: "use COPY", edits: [{ range: ins.node.keywordRange, text: copy }] } }),
        });
      }
    }
  },
  tests: {
    valid: ["FROM alpine\nADD https://example.com/a.txt /a\nADD rootfs.tar.gz /\nADD *.txt /x/\n", "FROM alpine\nCOPY a /a\n"],
    invalid: [
      {
        code: "FROM alpine\nADD --chown=1:1 a b /dest/\n",
        errors: [{ line: 2, column: 1, endColumn: 4 }],
        output: "FROM alpine\nCOPY --chown=1:1 a b /dest/\n",
      },
    ],
  },
});
