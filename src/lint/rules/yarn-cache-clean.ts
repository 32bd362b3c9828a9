import { cacheMountOn, defineRule, imageStages } from "../helpers.js";
import { removesUnder, subcommandCalls } from "../shell-commands.js";

const VALUE_OPTIONS = ["--cwd", "--cache-folder", "--modules-folder", "--network-timeout", "--mutex", "--registry"];

export default defineRule({
  meta: {
    id: "yarn-cache-clean",
    aliases: ["DL3060"],
    source: "hadolint",
    severity: "info",
    category: "size",
    summary: "`yarn cache clean` missing after `yarn install` was run",
    rationale:
      "yarn (v1) keeps every downloaded package in its global cache; unless the same RUN cleans it, the layer carries a second copy of node_modules. Only stages that end up in the image are checked; a cache mount or `--cache-folder` removed in the same RUN counts as clean.",
    examples: { bad: "FROM node:20\nRUN yarn install --frozen-lockfile\n", good: "FROM node:20\nRUN yarn install --frozen-lockfile && yarn cache clean\n" },
    fixable: false,
    needs: "analysis",
    url: "https://github.com/hadolint/hadolint/wiki/DL3060",
  },
  check(ctx) {
    const shipped = imageStages(ctx);
    const cleaning = new Set(
      subcommandCalls(ctx, ["yarn"], ["cache"], VALUE_OPTIONS)
        .filter((r) => r.cmd.argv[r.sub + 1] === "clean")
        .map((r) => r.run),
    );
    for (const r of subcommandCalls(ctx, ["yarn"], ["install"], VALUE_OPTIONS)) {
      if (!shipped.has(r.stage.index) || cleaning.has(r.run)) continue;
      if (
        removesUnder(r, "/usr/local/share/.cache/yarn") ||
        removesUnder(r, "/root/.cache/yarn") ||
        r.run.facts.some((f) => f.value.kind === "cache-cleanup" && f.value.owner === "yarn")
      )
        continue;
      if (cacheMountOn(ctx, r.run, r.stage.index, ["/usr/local/share/.cache/yarn", "/root/.cache/yarn", "/root/.yarn", "/home/node/.cache/yarn"])) continue;
      ctx.report({ range: r.range, message: "`yarn cache clean` missing after `yarn install` was run" });
    }
  },
  tests: {
    valid: ["FROM node\nRUN yarn install && yarn cache clean\n", "FROM node AS build\nRUN yarn install\nFROM node\nCOPY --from=build /app /app\n"],
    invalid: [{ code: "FROM node\nRUN yarn install --frozen-lockfile\n", errors: [{ line: 2, column: 5, endColumn: 35 }] }],
  },
});
