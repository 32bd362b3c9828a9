// `slimstage convert` over every real-world Dockerfile of ../shared/corpus/real: no input makes the converter
// throw; each file ends converted, "nothing to gain" or declined; converted outputs are valid multi-stage
// Dockerfiles; declines say why and where. scripts/convert-corpus.mjs prints the same tally from dist/.
import { readdirSync, readFileSync } from "node:fs";
import { beforeAll, expect, it } from "vitest";
import { analyzeDockerfileSync } from "../../src/analyze/dockerfile.js";
import { convertDockerfileSync, type ConvertResult } from "../../src/convert/index.js";
import { declineKind } from "../../src/convert/declines/registry.js";
import { loadShellParser } from "../../src/shell/script.js";
import { parseDockerfile, printDockerfile } from "../../src/syntax/index.js";
import { describeWithShared, hasShared, sharedPath } from "../support/shared.js";

const files = hasShared
  ? readdirSync(sharedPath("corpus", "real"))
      .filter((f) => f !== "INDEX.tsv" && !f.startsWith("."))
      .sort()
  : [];

interface Outcome {
  file: string;
  text: string;
  result?: ConvertResult;
  thrown?: unknown;
}

describeWithShared("convert over the real-world corpus", () => {
  const outcomes: Outcome[] = [];

  beforeAll(async () => {
    await loadShellParser();
    for (const file of files) {
      const text = readFileSync(sharedPath("corpus", "real", file), "utf8");
      // the corpus parses (test/corpus/corpus.test.ts), so a throw here is the converter's
      const tree = parseDockerfile(text, { file });
      try {
        outcomes.push({ file, text, result: convertDockerfileSync(tree) });
      } catch (thrown) {
        outcomes.push({ file, text, thrown });
      }
    }
    // about 6 s alone; in the whole suite it shares two cores with engine builds
  }, 120_000);

  const results = () => outcomes.flatMap((o) => (o.result ? [{ ...o, result: o.result }] : []));

  it("converts every one of the 549 files without throwing", () => {
    expect(files).toHaveLength(549);
    const crashes = outcomes.filter((o) => o.thrown !== undefined).map((o) => `${o.file}: ${String(o.thrown)}`);
    expect(crashes).toEqual([]);
    expect(outcomes).toHaveLength(549);
  });

  it("gives each file exactly one of the three outcomes, and the counts add up to 549", () => {
    const counts = { converted: 0, "nothing-to-gain": 0, declined: 0 };
    for (const { result } of results()) counts[result.status] += 1;
    expect(counts.converted + counts["nothing-to-gain"] + counts.declined).toBe(549);
    // the corpus holds convertible single-stage files and unconvertible ones (Windows, FROM scratch, ONBUILD)
    expect(counts.converted).toBeGreaterThan(0);
    expect(counts.declined).toBeGreaterThan(0);
  });

  it("turns every conversion into a Dockerfile that parses, round-trips and has a builder and a final stage", () => {
    const problems: string[] = [];
    for (const { file, result } of results()) {
      if (result.status !== "converted") continue;
      const { dockerfile, plan } = result;
      let tree;
      try {
        tree = parseDockerfile(dockerfile, { file });
      } catch (e) {
        problems.push(`${file}: output does not parse: ${String(e)}`);
        continue;
      }
      if (printDockerfile(tree) !== dockerfile) problems.push(`${file}: output does not print back unchanged`);
      const froms = tree.instructions.filter((i) => i.name === "from").length;
      if (froms < 2) problems.push(`${file}: ${froms} FROM line(s)`);
      const out = analyzeDockerfileSync(tree);
      const final = out.stages[out.final]!;
      const builder = out.stages.find((s) => s.name?.toLowerCase() === plan.builderName.toLowerCase());
      if (final.baseName !== plan.finalBase) problems.push(`${file}: final stage FROM ${final.baseName}, plan says ${plan.finalBase}`);
      if (!builder) {
        problems.push(`${file}: no stage named ${plan.builderName}`);
        continue;
      }
      if (builder === final) problems.push(`${file}: the builder is the final stage`);
      if (builder.baseName !== plan.builderBase) problems.push(`${file}: builder FROM ${builder.baseName}, plan says ${plan.builderBase}`);
      if (builder.index > final.index) problems.push(`${file}: the builder comes after the final stage`);
      // every artifact of the plan crosses from the builder into the final stage with an explicit COPY --from
      for (const a of plan.artifacts) {
        const copied = out.graph.edges.some(
          (e) => e.kind === "copy" && e.to === final.index && e.from === builder.index && (e.sources ?? []).includes(a.path) && e.dest === a.dest,
        );
        if (!copied) problems.push(`${file}: artifact ${a.path} → ${a.dest} is not copied from ${plan.builderName}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("declines with a reason, a hint and the lines concerned (none only when the reason is about the whole file)", () => {
    const problems: string[] = [];
    for (const { file, text, result } of results()) {
      if (result.status !== "declined") continue;
      if (result.declines.length === 0) problems.push(`${file}: declined without a decline`);
      const lineCount = text.split("\n").length;
      for (const d of result.declines) {
        const where = `${file}: "${d.reason}"`;
        if (!d.reason.trim()) problems.push(`${file}: empty reason`);
        if (!d.hint.trim()) problems.push(`${where}: no hint`);
        if (!declineKind(d.id)) problems.push(`${where}: id ${d.id} is not in the registry`);
        for (const l of d.lines) if (!Number.isInteger(l) || l < 1 || l > lineCount) problems.push(`${where}: line ${l} is outside the file`);
        // a reason that names a line must carry it in `lines`; one that names none is about the whole file
        const named = [...d.reason.matchAll(/\bline (\d+)\b/g)].map((m) => Number(m[1]));
        if (d.lines.length === 0 && named.length > 0) problems.push(`${where}: names line ${named[0]} but lists no lines`);
        for (const n of named) if (!d.lines.includes(n)) problems.push(`${where}: names line ${n}, not in lines ${JSON.stringify(d.lines)}`);
        if (d.lines.length === 0 && /\b(this|the) (line|instruction)\b/i.test(d.reason)) problems.push(`${where}: points at a line but lists none`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("says why when there is nothing to gain", () => {
    const silent = results()
      .filter(
        ({ result }) =>
          result.status === "nothing-to-gain" &&
          (result.reasons.length === 0 ||
            result.reasons.some((r) => !r.trim()) ||
            result.reasonIds.length !== result.reasons.length ||
            !result.reasonIds.every((id) => declineKind(id))),
      )
      .map((o) => o.file);
    expect(silent).toEqual([]);
  });
});
