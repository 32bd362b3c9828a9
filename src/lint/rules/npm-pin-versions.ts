import { defineRule } from "../helpers.js";
import { operands, subcommandCalls } from "../shell-commands.js";

const VALUE_OPTIONS = ["--prefix", "--registry", "--cache", "-w", "--workspace", "--omit", "--include", "--tag", "--userconfig", "--loglevel"];

export default defineRule({
  meta: {
    id: "npm-pin-versions",
    aliases: ["DL3016"],
    source: "hadolint",
    severity: "warning",
    category: "maintainability",
    summary: "Pin versions in npm. Instead of `npm install <package>` use `npm install <package>@<version>`",
    rationale:
      "A package named without a version installs the newest release on build day. (Installing from package.json with no package named is not flagged: the lockfile pins.)",
    examples: { bad: "FROM node:20\nRUN npm install -g typescript\n", good: "FROM node:20\nRUN npm install -g typescript@5.4.5\n" },
    fixable: false,
    needs: "analysis",
    url: "https://github.com/hadolint/hadolint/wiki/DL3016",
  },
  check(ctx) {
    for (const r of subcommandCalls(ctx, ["npm"], ["install", "i", "add"], VALUE_OPTIONS)) {
      for (const w of operands(r, VALUE_OPTIONS)) {
        const v = w.value;
        if (w.dynamic || /^@?[^@]+@./.test(v) || (v.includes("/") && !v.startsWith("@")) || v.startsWith(".") || v.includes(":") || /\.(tgz|tar\.gz)$/.test(v))
          continue;
        if (v.startsWith("@") && /^@[^/]+\/[^@]+@./.test(v)) continue;
        ctx.report({ range: r.wordRange(w), message: `Pin versions in npm: \`${v}\` has no version (\`${v}@<version>\`)` });
      }
    }
  },
  tests: {
    valid: ["FROM node\nRUN npm install && npm ci && npm install express@4 @types/node@20 ./lib git+https://x/y.git\n"],
    invalid: [
      {
        code: "FROM node\nRUN npm i -g pm2 @angular/cli\n",
        errors: [
          { line: 2, column: 14, endColumn: 17 },
          { line: 2, column: 18, endColumn: 30 },
        ],
      },
    ],
  },
});
