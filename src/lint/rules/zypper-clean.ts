import { cacheMountOn, defineRule, imageStages } from "../helpers.js";
import { removesUnder, subcommandCalls } from "../shell-commands.js";
import { ZYPPER_GLOBAL } from "./zypper-yes.js";

export default defineRule({
  meta: {
    id: "zypper-clean",
    aliases: ["DL3036"],
    source: "hadolint",
    severity: "warning",
    category: "size",
    summary: "`zypper clean` missing after zypper use",
    rationale:
      "zypper keeps repository metadata and packages in /var/cache/zypp; unless the same RUN cleans them they stay in the layer. Only stages that end up in the image are checked.",
    examples: {
      bad: "FROM opensuse/leap:15.6\nRUN zypper -n install curl\n",
      good: "FROM opensuse/leap:15.6\nRUN zypper -n install curl && zypper clean -a\n",
    },
    fixable: false,
    needs: "analysis",
    url: "https://github.com/hadolint/hadolint/wiki/DL3036",
  },
  check(ctx) {
    const shipped = imageStages(ctx);
    const cleaning = new Set(subcommandCalls(ctx, ["zypper"], ["clean", "cc"], ZYPPER_GLOBAL).map((r) => r.run));
    for (const r of subcommandCalls(ctx, ["zypper"], ["install", "in", "source-install", "si"], ZYPPER_GLOBAL)) {
      if (
        !shipped.has(r.stage.index) ||
        cleaning.has(r.run) ||
        removesUnder(r, "/var/cache/zypp") ||
        cacheMountOn(ctx, r.run, r.stage.index, ["/var/cache/zypp"])
      )
        continue;
      ctx.report({ range: r.range, message: "`zypper clean` missing after zypper use" });
    }
  },
  tests: {
    valid: ["FROM opensuse/leap\nRUN zypper -n in x && zypper cc -a\n", "FROM opensuse/leap\nRUN zypper -n in x && rm -rf /var/cache/zypp/*\n"],
    invalid: [{ code: "FROM opensuse/leap\nRUN zypper -n install x\n", errors: [{ line: 2, column: 5, endColumn: 24, message: "`zypper clean` missing" }] }],
  },
});
