// Every rule's own tables (valid/invalid with positions and fix output) and documented examples, through the
// real runner; plus the registry's invariants.
import { describe, expect, it } from "vitest";
import { allRules } from "../../src/lint/rules/index.js";
import { runShellcheck, shellcheckAvailable } from "../../src/cli/shellcheck-runner.js";
import { runRuleTests } from "../../src/lint/tester.js";

describe("lint rules", () => {
  it("have unique ids and aliases", () => {
    const names = allRules.flatMap((r) => [r.meta.id, ...r.meta.aliases]);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });
  for (const rule of allRules) {
    // the shellcheck rule's tables are real ShellCheck output: they need the binary
    const skip = rule.meta.id === "shellcheck" && !shellcheckAvailable();
    if (skip) console.warn("skipping the shellcheck rule's tests: the shellcheck binary is not installed");
    it.skipIf(skip)(rule.meta.id, async () => {
      expect(await runRuleTests(rule, { shellcheck: runShellcheck })).toEqual([]);
    });
  }
});
