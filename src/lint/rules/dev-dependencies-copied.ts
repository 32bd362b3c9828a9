import type { NodeDepsFact } from "../../analyze/facts.js";
import { defineRule, sourceOf } from "../helpers.js";
import { tokenRange } from "../locate.js";
import { copiesIntoImage, normPath } from "../stage-facts.js";

export default defineRule({
  meta: {
    id: "dev-dependencies-copied",
    aliases: [],
    source: "slimstage",
    severity: "warning",
    category: "multi-stage",
    summary: "`COPY --from` brings node_modules with dev dependencies into the final image",
    rationale:
      "The builder installed all dependencies (`npm ci`/`npm install`/`yarn`/`pnpm install` without `--omit=dev`/`--production` and without NODE_ENV=production), which the build needs; but the final image then receives compilers, test frameworks and type definitions too. Prune them first (`npm prune --omit=dev`) or install production dependencies in a separate stage and copy that node_modules.",
    examples: {
      bad: "FROM node:20 AS build\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\nFROM node:20-slim\nWORKDIR /app\nCOPY --from=build /app/node_modules ./node_modules\nCOPY --from=build /app/dist ./dist\n",
      good: "FROM node:20 AS build\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build && npm prune --omit=dev\nFROM node:20-slim\nWORKDIR /app\nCOPY --from=build /app/node_modules ./node_modules\nCOPY --from=build /app/dist ./dist\n",
    },
    fixable: false,
    needs: "analysis",
  },
  check(ctx) {
    const src = sourceOf(ctx);
    for (const c of copiesIntoImage(ctx)) {
      const facts = c.fromAnalysis.runs.flatMap((r) => r.facts.map((f) => ({ fact: f.value, line: r.line })));
      const installs = facts.filter(
        (f): f is { fact: NodeDepsFact; line: number } =>
          f.fact.kind === "node-deps" && (f.fact.op === "install" || f.fact.op === "ci") && !f.fact.global && f.fact.packages.length === 0,
      );
      const last = installs.at(-1);
      if (!last || last.fact.omitDev) continue;
      const pruned = facts.some((f) => f.fact.kind === "node-deps" && f.fact.op === "prune" && f.line >= last.line);
      if (pruned) continue;
      c.sources.forEach((s, i) => {
        const p = normPath(s, c.from.workdir);
        if (!/(^|\/)node_modules$/.test(p)) return;
        ctx.report({
          range: tokenRange(src, c.ins.node, c.ins.sources[i] as string),
          message: `copies ${p} from stage ${c.ins.from}, where \`${last.fact.tool} ${last.fact.op}\` (line ${last.line}) installed dev dependencies too: prune them (\`npm prune --omit=dev\`) or install with --omit=dev before copying`,
        });
      });
    }
  },
  tests: {
    valid: [
      "FROM node:20 AS deps\nWORKDIR /app\nRUN npm ci --omit=dev\nFROM node:20-slim\nCOPY --from=deps /app/node_modules /app/node_modules\n",
      "FROM node:20 AS b\nWORKDIR /app\nRUN npm ci && npm run build && npm prune --production\nFROM node:20-slim\nCOPY --from=b /app/node_modules /app/node_modules\n",
      "FROM node:20 AS b\nWORKDIR /app\nENV NODE_ENV=production\nRUN npm ci\nFROM node:20-slim\nCOPY --from=b /app/node_modules /app/node_modules\n",
    ],
    invalid: [
      {
        code: "FROM node:20 AS b\nWORKDIR /app\nRUN yarn install --frozen-lockfile\nFROM node:20-slim\nCOPY --from=b /app/node_modules ./node_modules\n",
        errors: [{ line: 5, column: 15, endColumn: 32, message: "`yarn install` (line 3) installed dev dependencies too" }],
      },
    ],
  },
});
