// Property of every conversion (issue 9, class 7): the builder stage is used by the final stage. A converted file
// whose builder nothing takes from would only have swapped the base image (and, for an image meant to be built
// on, stripped its toolchain). Checked over every convert fixture and every real-world Dockerfile that converts,
// with the stage graph of the output: the builder must be needed for the target stage.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { analyzeDockerfileSync } from "../../src/analyze/dockerfile.js";
import { directoryContext } from "../../src/cli/context-dir.js";
import { convertDockerfileSync, type ConvertResult } from "../../src/convert/index.js";
import { loadShellParser } from "../../src/shell/script.js";
import { parseDockerfile } from "../../src/syntax/index.js";
import { hasShared, REPO_ROOT, sharedPath } from "../support/shared.js";

const fixturesDir = join(REPO_ROOT, "test", "fixtures", "convert");
const fixtures = readdirSync(fixturesDir, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(fixturesDir, d.name, "Dockerfile")))
  .map((d) => ({
    name: `fixture ${d.name}`,
    text: readFileSync(join(fixturesDir, d.name, "Dockerfile"), "utf8"),
    dir: join(fixturesDir, d.name) as string | undefined,
  }));
const corpus = hasShared
  ? readdirSync(sharedPath("corpus", "real"))
      .filter((f) => f !== "INDEX.tsv" && !f.startsWith("."))
      .sort()
      .map((f) => ({ name: `corpus ${f}`, text: readFileSync(sharedPath("corpus", "real", f), "utf8"), dir: undefined as string | undefined }))
  : [];

/** Why the output's builder is not used by its final stage, or undefined when it is. */
export function unusedBuilder(r: Extract<ConvertResult, { status: "converted" }>): string | undefined {
  const a = analyzeDockerfileSync(parseDockerfile(r.dockerfile));
  const builder = a.model.stages.find((s) => s.name === r.plan.builderName.toLowerCase());
  if (!builder) return `no stage named ${r.plan.builderName}`;
  if (a.graph.stages[builder.index]?.unused) return `stage ${r.plan.builderName} is not used by the final stage`;
  return undefined;
}

beforeAll(loadShellParser);

describe("every converted output's builder is used by its final stage", () => {
  const all = [...fixtures, ...corpus];
  it("checks the fixtures and, when present, the real-world corpus", () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(30);
    if (hasShared) expect(corpus.length).toBeGreaterThanOrEqual(549);
  });

  it("holds for every conversion", () => {
    const bad: string[] = [];
    let converted = 0;
    for (const c of all) {
      const r = convertDockerfileSync(parseDockerfile(c.text), c.dir ? { context: directoryContext(c.dir) } : {});
      if (r.status !== "converted") continue;
      converted++;
      const why = unusedBuilder(r);
      if (why) bad.push(`${c.name}: ${why}`);
    }
    expect(bad).toEqual([]);
    expect(converted).toBeGreaterThan(20);
    // ~10 s alone; the whole suite shares two cores with engine builds
  }, 180_000);

  it("the check itself sees an unused builder", () => {
    const r = convertDockerfileSync(parseDockerfile('FROM golang:1.19\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app .\nCMD ["/app"]\n'));
    if (r.status !== "converted") throw new Error(r.status);
    expect(unusedBuilder(r)).toBeUndefined();
    const broken = { ...r, dockerfile: r.dockerfile.replace(/COPY --from=builder [^\n]*\n/, "") };
    expect(unusedBuilder(broken)).toMatch(/not used by the final stage/);
  });

  it("declines a toolchain image instead of stripping it", () => {
    for (const text of [
      "FROM python:3.11\nRUN pip install --upgrade wheel setuptools\nRUN apt-get update && apt-get install -y libffi-dev make\n",
      "FROM golang:1.19\nRUN go install golang.org/x/tools/cmd/goimports@latest\n",
      "FROM debian:bookworm\nRUN apt-get update && apt-get install -y build-essential cmake git\nWORKDIR /work\n",
    ]) {
      const r = convertDockerfileSync(parseDockerfile(text));
      expect(r.status, text).toBe("declined");
      if (r.status === "declined") expect(r.declines[0]!.reason).toMatch(/no CMD or ENTRYPOINT/);
    }
  });
});
