// The rule pages, the rules tables (docs/lint.md and the README) and the coverage table are generated from the
// rules' metadata; this test fails when a file drifts. SLIMSTAGE_UPDATE_GOLDEN=1 rewrites them.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BUILDKIT_CHECKS, HADOLINT_RULES } from "../../src/lint/coverage.js";
import { renderCoverage, renderRuleDoc, renderRulesTable, replaceBetween } from "../../src/lint/docs.js";
import { allRules, ruleById } from "../../src/lint/rules/index.js";

const root = join(import.meta.dirname, "..", "..");
const update = process.env.SLIMSTAGE_UPDATE_GOLDEN === "1";

function check(path: string, want: string): void {
  const have = existsSync(path) ? readFileSync(path, "utf8") : undefined;
  if (have !== want && update) writeFileSync(path, want);
  else expect(have, `${path} is out of date: run SLIMSTAGE_UPDATE_GOLDEN=1 npx vitest run test/lint/docs.test.ts`).toBe(want);
}

describe("lint docs", () => {
  it("has a generated page for every rule and no stale page", () => {
    const dir = join(root, "docs", "rules");
    if (update) mkdirSync(dir, { recursive: true });
    for (const rule of allRules) check(join(dir, `${rule.meta.id}.md`), renderRuleDoc(rule));
    const pages = readdirSync(dir)
      .filter((f) => f.endsWith(".md"))
      .map((f) => f.slice(0, -3));
    expect(pages.filter((p) => !ruleById(p))).toEqual([]);
  });

  it("keeps the rules table and the coverage table of docs/lint.md current", () => {
    const path = join(root, "docs", "lint.md");
    let text = readFileSync(path, "utf8");
    text = replaceBetween(text, "lint-rules", renderRulesTable(allRules));
    text = replaceBetween(text, "lint-coverage", renderCoverage());
    check(path, text);
  });

  it("keeps the README's rules table current", () => {
    const path = join(root, "README.md");
    check(path, replaceBetween(readFileSync(path, "utf8"), "lint-rules", renderRulesTable(allRules, "docs/rules/")));
  });

  it("maps every BuildKit check and hadolint rule to an existing rule, and every alias appears in the coverage", () => {
    for (const c of [...BUILDKIT_CHECKS, ...HADOLINT_RULES]) if (c.rule) expect(ruleById(c.rule), c.upstream).toBeDefined();
    for (const r of allRules) {
      if (r.meta.source === "buildkit")
        expect(
          BUILDKIT_CHECKS.some((c) => c.rule === r.meta.id),
          r.meta.id,
        ).toBe(true);
      for (const alias of r.meta.aliases)
        expect(
          HADOLINT_RULES.some((c) => c.upstream === alias && c.rule === r.meta.id),
          alias,
        ).toBe(true);
    }
  });
});
