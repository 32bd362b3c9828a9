// BuildKit's own parser fixtures (../shared/conformance/buildkit-parser): every positive case must dump exactly as
// BuildKit's `result`, every negative case must fail with a located error, and testfile-line must give BuildKit's
// line numbers.
import { readdirSync, readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { DockerfileError } from "../../src/errors.js";
import { dumpBuildkit, parseDockerfile, printDockerfile } from "../../src/syntax/index.js";
import { describeWithShared, hasShared, sharedPath } from "../support/shared.js";

const dir = (...p: string[]) => sharedPath("conformance", "buildkit-parser", ...p);
const cases = (sub: string) => (hasShared ? readdirSync(dir(sub)).sort() : []);

describeWithShared("BuildKit parser conformance", () => {
  it("has the 33 positive and 4 negative cases", () => {
    expect(cases("testfiles")).toHaveLength(33);
    expect(cases("testfiles-negative")).toHaveLength(4);
  });

  it.each(cases("testfiles"))("%s dumps exactly as BuildKit's result", (name) => {
    const text = readFileSync(dir("testfiles", name, "Dockerfile"), "utf8");
    const tree = parseDockerfile(text, { file: `${name}/Dockerfile` });
    expect(dumpBuildkit(tree)).toBe(readFileSync(dir("testfiles", name, "result"), "utf8"));
    expect(printDockerfile(tree)).toBe(text);
  });

  // BuildKit trims "\r\n" off every line before anything else (parser.go trimNewline), so each fixture with CRLF
  // line endings must dump exactly as its LF original; 21 of the 33 once gained phantom "\r" instructions from the
  // blank lines. Confirmed on the engine: docs/parser.md, "Line endings".
  it.each(cases("testfiles"))("%s with CRLF line endings dumps as BuildKit's result", (name) => {
    const text = readFileSync(dir("testfiles", name, "Dockerfile"), "utf8").replace(/\r?\n/g, "\r\n");
    const tree = parseDockerfile(text, { file: `${name}/Dockerfile` });
    expect(dumpBuildkit(tree)).toBe(readFileSync(dir("testfiles", name, "result"), "utf8"));
    expect(printDockerfile(tree)).toBe(text);
  });

  it.each(cases("testfiles-negative"))("%s is rejected with a located error", (name) => {
    const text = readFileSync(dir("testfiles-negative", name, "Dockerfile"), "utf8");
    let error: unknown;
    try {
      parseDockerfile(text, { file: "Dockerfile" });
    } catch (e) {
      error = e;
    }
    // Some BuildKit rejections come from the instruction layer (e.g. `ENV PATH`), which parseDockerfile reaches
    // only through the model; the parser itself rejects all four cases.
    expect(error).toBeInstanceOf(DockerfileError);
    const e = error as DockerfileError;
    expect(e.range?.start.line).toBeGreaterThanOrEqual(1);
    expect(e.message).toMatch(/^Dockerfile:\d+:\d+: /);
  });

  it("testfile-line gives BuildKit's start and end lines", () => {
    const tree = parseDockerfile(readFileSync(dir("testfile-line", "Dockerfile"), "utf8"));
    const lines = tree.items.filter((i) => i.type === "instruction").map((i) => [i.range.start.line, i.range.end.line]);
    expect(lines).toEqual([
      [5, 5],
      [11, 12],
      [17, 31],
    ]);
    const crlf = parseDockerfile(readFileSync(dir("testfile-line", "Dockerfile"), "utf8").replace(/\r?\n/g, "\r\n"));
    expect(crlf.items.filter((i) => i.type === "instruction").map((i) => [i.range.start.line, i.range.end.line])).toEqual(lines);
  });
});
