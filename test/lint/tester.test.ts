// The rule tester must fail for wrong tables: otherwise the per-rule tests prove nothing.
import { describe, expect, it } from "vitest";
import { ruleById } from "../../src/lint/rules/index.js";
import { runRuleTests } from "../../src/lint/tester.js";
import type { Rule } from "../../src/lint/types.js";

const base = ruleById("StageNameCasing") as Rule;
const withTests = (tests: Rule["tests"], meta: Partial<Rule["meta"]> = {}): Rule => ({ ...base, meta: { ...base.meta, ...meta }, tests });

describe("rule tester", () => {
  it("passes the rule's own tables", async () => {
    expect(await runRuleTests(base)).toEqual([]);
  });
  it("reports a valid case that fires, a wrong position, a wrong fix, a missing fix and empty tables", async () => {
    const failures = await runRuleTests(
      withTests({
        valid: ["FROM a AS Bad\n"],
        invalid: [
          { code: "FROM a AS X\n", errors: [{ line: 1, column: 9 }], output: "FROM a AS X\n" },
          { code: "FROM a AS Y\n", errors: [{ line: 1, column: 11, message: "nope" }] },
          { code: "FROM a AS z\n", errors: [{ line: 1, column: 11 }] },
        ],
      }),
    );
    expect(failures).toEqual([
      expect.stringContaining('valid case "FROM a AS Bad\\n" got 1:11'),
      expect.stringContaining("finding 1: expected 1:9, got 1:11-1:12"),
      expect.stringContaining('fixed to "FROM a AS x\\n", expected "FROM a AS X\\n"'),
      expect.stringContaining('finding 1: expected 1:11 "nope"'),
      expect.stringContaining("offers a fix but the case has no output"),
      expect.stringContaining("expected 1 finding(s), got 0"),
    ]);
    expect(await runRuleTests(withTests({ valid: [], invalid: [] }))).toEqual(
      expect.arrayContaining([expect.stringContaining("no valid cases"), expect.stringContaining("no invalid cases")]),
    );
  });
});
