import { cacheMountOn, defineRule, hasFlag, imageStages, insertAfter } from "../helpers.js";
import { removesUnder, subcommandCalls } from "../shell-commands.js";

export default defineRule({
  meta: {
    id: "apk-no-cache",
    aliases: ["DL3019"],
    source: "hadolint",
    severity: "info",
    category: "size",
    summary: "Use the `--no-cache` switch to avoid the need to use `--update` and remove `/var/cache/apk/*` when done installing packages",
    rationale:
      "`apk add --no-cache` fetches the index into memory and leaves nothing in /var/cache/apk. Checked in stages that end up in the image, unless the RUN removes /var/cache/apk or mounts a cache there.",
    examples: { bad: "FROM alpine\nRUN apk add curl\n", good: "FROM alpine\nRUN apk add --no-cache curl\n" },
    fixable: true,
    needs: "analysis",
    url: "https://github.com/hadolint/hadolint/wiki/DL3019",
  },
  check(ctx) {
    const shipped = imageStages(ctx);
    for (const r of subcommandCalls(
      ctx,
      ["apk"],
      ["add"],
      ["-X", "--repository", "-p", "--root", "--arch", "--cache-dir", "--keys-dir", "--repositories-file", "-t", "--virtual"],
    )) {
      // --no-network installs from what is already there and downloads no index
      if (!shipped.has(r.stage.index) || hasFlag(r.cmd, undefined, ["--no-cache", "--no-network"])) continue;
      const cleaned = removesUnder(r, "/var/cache/apk");
      if (cleaned || cacheMountOn(ctx, r.run, r.stage.index, ["/var/cache/apk", "/etc/apk/cache"])) continue;
      const sub = r.cmd.words[r.sub];
      const fix =
        sub && !sub.dynamic && r.raw.words.includes(sub) ? { fix: { title: "add --no-cache", edits: [insertAfter(r.wordRange(sub), " --no-cache")] } } : {};
      ctx.report({
        range: r.range,
        message: "Use the `--no-cache` switch to avoid the need to use `--update` and remove `/var/cache/apk/*` when done installing packages",
        ...fix,
      });
    }
  },
  tests: {
    valid: [
      "FROM alpine\nRUN apk add --no-cache curl\n",
      "FROM alpine\nRUN apk add curl && rm -rf /var/cache/apk/*\n",
      "FROM alpine\nRUN apk add --no-network --virtual .rundeps $deps\n",
      "FROM alpine AS b\nRUN apk add gcc\nFROM alpine\nCOPY --from=b /x /x\n",
    ],
    invalid: [
      {
        code: "FROM alpine\nRUN apk add --update curl\n",
        errors: [{ line: 2, column: 5, endColumn: 26 }],
        output: "FROM alpine\nRUN apk add --no-cache --update curl\n",
      },
    ],
  },
});
