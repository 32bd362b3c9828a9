// The library's entry points check their arguments: a caller's mistake is one UsageError naming the function and
// the argument (never a TypeError from deep inside), and a string too large to analyse is refused before any work.
import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/errors.js";
import { analyzeDockerfileSync } from "../../src/analyze/dockerfile.js";
import { lintDockerfileSync } from "../../src/lint/index.js";
import { buildModel, stageGraph } from "../../src/model/index.js";
import { DEFAULT_MAX_DOCKERFILE_LENGTH, parseDockerfile } from "../../src/syntax/index.js";

const usage = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error("expected a UsageError");
};

describe("library arguments", () => {
  it("parseDockerfile takes a string and a file name", () => {
    expect(usage(() => parseDockerfile(undefined as unknown as string))).toBe("parseDockerfile: expected the Dockerfile's text as a string, got undefined");
    expect(usage(() => parseDockerfile(Buffer.from("FROM x") as unknown as string))).toBe(
      "parseDockerfile: expected the Dockerfile's text as a string, got object",
    );
    expect(usage(() => parseDockerfile("FROM x\n", { file: 3 as unknown as string }))).toBe("parseDockerfile: file must be a string");
    expect(usage(() => parseDockerfile("FROM x\n", null as unknown as object))).toBe("parseDockerfile: options must be an object");
  });

  it("refuses a text longer than maxLength before reading it (default: 64 MiB, the CLI's default cap)", () => {
    expect(DEFAULT_MAX_DOCKERFILE_LENGTH).toBe(64 * 1024 * 1024);
    const text = `FROM scratch\n${"# x\n".repeat(40)}`;
    expect(usage(() => parseDockerfile(text, { maxLength: 100 }))).toBe(
      `parseDockerfile: the text is ${text.length} characters, more than the 100 this call reads (pass a larger maxLength to read more)`,
    );
    expect(parseDockerfile(text, { maxLength: text.length }).instructions).toHaveLength(1);
    const huge = "#".repeat(DEFAULT_MAX_DOCKERFILE_LENGTH + 1);
    expect(usage(() => parseDockerfile(huge))).toMatch(/^parseDockerfile: the text is 67108865 characters, more than the 67108864/);
  });

  it("buildModel, stageGraph, analyze and lint take a tree from parseDockerfile", () => {
    expect(usage(() => buildModel({} as never))).toBe("buildModel: expected a tree from parseDockerfile()");
    expect(usage(() => stageGraph(42 as never))).toBe("stageGraph: expected a tree from parseDockerfile()");
    expect(usage(() => analyzeDockerfileSync(null as never))).toBe("stageGraph: expected a tree from parseDockerfile()");
    expect(usage(() => lintDockerfileSync("FROM x" as never))).toBe("lintDockerfile: expected a tree from parseDockerfile()");
  });

  it("build arguments are an object of strings", () => {
    const tree = parseDockerfile("ARG V=1\nFROM python:$V\n");
    expect(usage(() => buildModel(tree, { buildArgs: { V: 3 } as never }))).toBe("buildModel: buildArgs.V: expected a string, got number");
    expect(usage(() => buildModel(tree, { buildArgs: ["V=3"] as never }))).toBe("buildModel: buildArgs: expected an object of strings");
    expect(usage(() => lintDockerfileSync(tree, { buildArgs: "V=3" as never }))).toBe("lintDockerfile: buildArgs: expected an object of strings");
    expect(buildModel(tree, { buildArgs: { V: "3.11" } }).stages[0]!.base).toMatchObject({ kind: "image" });
  });
});
