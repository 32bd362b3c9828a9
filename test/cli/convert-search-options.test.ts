// `convert --verify`'s search options on the command line: bad values are one-line usage errors, given before any
// engine is asked (these runs need no engine).
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";

const dir = () => {
  const d = mkdtempSync(join(tmpdir(), "slimstage-search-cli-"));
  writeFileSync(join(d, "Dockerfile"), 'FROM golang:1.19\nCOPY . /src\nRUN cd /src && go build -o /app .\nCMD ["/app"]\n');
  return d;
};

describe("convert --verify's search options", () => {
  for (const [args, message] of [
    [["--verify", "--max-attempts", "three"], "--max-attempts three: expected a whole number ≥ 1"],
    [["--verify", "--max-attempts", "0"], "--max-attempts 0: expected a whole number ≥ 1"],
    [["--verify", "--max-time", "later"], "--max-time later: expected a duration of at least 1s (90s, 10m, 1h)"],
    [["--verify", "--parallel", "0"], "--parallel 0: expected a whole number from 1 to 16"],
    [["--verify", "--parallel", "all"], "--parallel all: expected a whole number from 1 to 16"],
    [["--max-attempts", "2"], "--no-search, --max-attempts, --max-time, --parallel, --report and --report-format go with --verify"],
    [
      ["--verify", "--no-search", "--report", "r.md"],
      "--max-attempts, --max-time, --parallel, --report and --report-format go with the search (drop --no-search)",
    ],
  ] as const) {
    it(`${args.join(" ")} → ${message}`, async () => {
      const r = await runCli(["convert", "Dockerfile", ...args], { cwd: dir() });
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toContain(message);
    });
  }

  it("an unknown report format is refused with the choices", async () => {
    const r = await runCli(["convert", "Dockerfile", "--verify", "--report-format", "html"], { cwd: dir() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--report-format <format>' argument 'html' is invalid\. Allowed choices are text, json, md/);
  });
});
