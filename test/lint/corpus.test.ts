// The whole real-world corpus: linting never throws, every range lies inside its file, and applying every fix
// keeps each file a valid Dockerfile whose fixed findings are gone.
import { readdirSync, readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { applyFixes } from "../../src/lint/fix.js";
import { INVALID_DOCKERFILE, lintDockerfile } from "../../src/lint/lint.js";
import { parseDockerfile } from "../../src/syntax/parser.js";
import { describeWithShared, sharedPath } from "../support/shared.js";

describeWithShared("lint on the real-world corpus", () => {
  it("lints all files, with ranges inside the file, and fixes that keep files valid", async () => {
    const dir = sharedPath("corpus", "real");
    const names = readdirSync(dir).filter((n) => n !== "INDEX.tsv");
    expect(names.length).toBeGreaterThan(500);
    let findings = 0;
    let fixedFiles = 0;
    const problems: string[] = [];
    for (const name of names) {
      const text = readFileSync(`${dir}/${name}`, "utf8");
      const found = await lintDockerfile(parseDockerfile(text, { file: name }));
      findings += found.length;
      for (const f of found) {
        const { start, end } = f.range;
        if (start.offset > end.offset || end.offset > text.length || text.slice(0, start.offset).split("\n").length !== start.line)
          problems.push(`${name}: ${f.ruleId} range ${start.line}:${start.column}-${end.line}:${end.column}`);
      }
      const { text: fixed, applied } = applyFixes(text, found);
      if (applied.length === 0) continue;
      fixedFiles++;
      const after = await lintDockerfile(parseDockerfile(fixed, { file: name }));
      if (after.some((f) => f.ruleId === INVALID_DOCKERFILE)) problems.push(`${name}: the fixes made it invalid`);
      // each applied fix removed its finding (a rule may report again at another place, not at the same one)
      for (const a of applied)
        if (after.some((f) => f.ruleId === a.ruleId && f.message === a.message && f.range.start.line === a.range.start.line))
          problems.push(`${name}: ${a.ruleId} at line ${a.range.start.line} still reported after its fix`);
    }
    expect(problems).toEqual([]);
    expect(findings).toBeGreaterThan(1000);
    expect(fixedFiles).toBeGreaterThan(50);
  }, 300_000);
});
