// Every real-world Dockerfile of ../shared/corpus/real parses without error, prints back byte for byte, and gets
// a model and a stage graph.
import { readdirSync, readFileSync } from "node:fs";
import { beforeAll, expect, it } from "vitest";
import { analyzeDockerfileSync } from "../../src/analyze/dockerfile.js";
import { loadShellParser } from "../../src/shell/script.js";
import { stageGraph } from "../../src/model/index.js";
import { parseDockerfile, printDockerfile } from "../../src/syntax/index.js";
import { describeWithShared, hasShared, sharedPath } from "../support/shared.js";

const files = hasShared
  ? readdirSync(sharedPath("corpus", "real"))
      .filter((f) => f !== "INDEX.tsv" && !f.startsWith("."))
      .sort()
  : [];

describeWithShared("real-world corpus", () => {
  beforeAll(loadShellParser);

  it("holds the 549 Dockerfiles", () => {
    expect(files).toHaveLength(549);
  });

  it.each(files)("%s parses and round-trips", (name) => {
    const text = readFileSync(sharedPath("corpus", "real", name), "utf8");
    const tree = parseDockerfile(text, { file: name });
    expect(printDockerfile(tree)).toBe(text);
    expect(tree.instructions.length).toBeGreaterThan(0);
    const graph = stageGraph(tree);
    expect(graph.stages.length).toBeGreaterThan(0);
    expect(graph.order.at(-1)).toBe(graph.target);
    // every stage is either built for the target or reported unused
    expect(graph.order.length + graph.unused.length).toBe(graph.stages.length);
    // every RUN is analysed without a crash
    const analysis = analyzeDockerfileSync(graph.model);
    expect(analysis.stages).toHaveLength(graph.stages.length);
  });
});
