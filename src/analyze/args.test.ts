import { describe, expect, it } from "vitest";
import { parseArgs } from "./args.js";

describe("parseArgs", () => {
  it("reads clusters, values, --name=value and --", () => {
    const p = parseArgs(["-qq", "install", "-y", "-o", "A=1", "--target-release=bookworm", "x", "--", "-z"], { values: ["-o"] });
    expect(p.positionals).toEqual(["install", "x"]);
    expect(p.options.filter((o) => o.name === "-q")).toHaveLength(2);
    expect(p.get("-o")).toBe("A=1");
    expect(p.get("--target-release")).toBe("bookworm");
    expect(p.rest).toEqual(["-z"]);
  });

  it("takes an attached or following value for a short option inside a cluster", () => {
    expect(parseArgs(["-xzf", "a.tgz"], { values: ["-f"] }).get("-f")).toBe("a.tgz");
    expect(parseArgs(["-ofile"], { values: ["-o"] }).get("-o")).toBe("file");
  });

  it("reads single-dash long options and attached prefixes", () => {
    const go = parseArgs(["-ldflags", "-s -w", "-o=/bin/x", "-trimpath", "./cmd"], { values: ["-ldflags", "-o"], singleDashLong: true });
    expect([go.get("-ldflags"), go.get("-o"), go.has("-trimpath"), go.positionals]).toEqual(["-s -w", "/bin/x", true, ["./cmd"]]);
    expect(parseArgs(["-DskipTests", "package"], { attached: ["-D"] }).all("-D")).toEqual(["skipTests"]);
  });

  it("can stop at the first positional", () => {
    expect(parseArgs(["--cwd", "x", "run", "--flag"], { values: ["--cwd"], stopAtPositional: true }).positionals).toEqual(["run", "--flag"]);
  });
});
