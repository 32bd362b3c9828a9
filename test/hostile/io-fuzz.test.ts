// Property tests at the CLI's edges (in-process, so thousands of runs are cheap): whatever bytes a Dockerfile
// holds and whatever its name is, every command ends with exit 0, 2 or 3 and either output or exactly one error
// line, never an internal error, never a raw control character on stderr; and `-o` never changes a file that
// already exists without --force.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";
import { tempDir } from "./io-support.js";

const text = [
  "FROM python:3.11\n",
  "FROM x AS b\n",
  "RUN apt-get install -y gcc\n",
  "RUN pip install flask\n",
  'CMD ["python"]\n',
  "COPY . .\n",
  "ENV A=$A$A\n",
  "ARG X\n",
  "\x1b[31m",
  "\x1b]0;t\x07",
  "\u202e",
  "\u0085",
  "\x00",
  "\r\n",
  "\\\n",
  "<<EOF\n",
  "EOF\n",
  "é",
  "✓",
  "\uFEFF",
  "# c\n",
  " ",
  "\t",
].map((t) => Buffer.from(t, "utf8"));
// bytes that are not UTF-8 on their own: Latin-1 é, 0xFF, a lone continuation byte, a UTF-16 byte order mark
const raw = [[0xe9], [0xff], [0x80], [0xff, 0xfe]].map((b) => Buffer.from(b));
const dockerfile = fc.array(fc.constantFrom(...text, ...text, ...raw), { maxLength: 30 }).map((parts) => Buffer.concat(parts));
const fileName = fc
  .array(fc.constantFrom("a", "b", ".", "-", " ", "\n", "\x1b", "[", "é", "\u202e", "\x07"), { minLength: 1, maxLength: 8 })
  .map((p) => `f${p.join("")}`);
const RAW_CONTROL = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;

describe("the CLI's edges under random input", () => {
  it("every command ends cleanly, with escaped one-line errors", async () => {
    const dir = tempDir();
    let n = 0;
    const codes = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(dockerfile, fileName, fc.constantFrom("parse", "graph", "analyze", "convert"), async (bytes, name, command) => {
        const sub = join(dir, String(n++));
        mkdirSync(sub);
        writeFileSync(join(sub, name), bytes);
        const r = await runCli([command, "--", name], { cwd: sub });
        expect([0, 2, 3]).toContain(r.code);
        codes.set(r.code, (codes.get(r.code) ?? 0) + 1);
        expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
        expect(r.stderr).not.toMatch(RAW_CONTROL);
        if (r.code === 2) expect(r.stderr.split("\n").filter(Boolean)).toHaveLength(1);
      }),
      { numRuns: 150 },
    );
    // both outcomes were exercised: files that parse and files that are refused
    expect(codes.get(0) ?? 0).toBeGreaterThan(10);
    expect(codes.get(2) ?? 0).toBeGreaterThan(10);
  }, 120_000);

  it("-o never replaces an existing file without --force, and never writes onto the input", async () => {
    const dir = tempDir();
    let n = 0;
    await fc.assert(
      fc.asyncProperty(dockerfile, fc.constantFrom("Dockerfile", "out", "./out", "sub/../out", "Dockerfile.link"), async (bytes, target) => {
        const sub = join(dir, String(n++));
        mkdirSync(join(sub, "sub"), { recursive: true });
        writeFileSync(join(sub, "Dockerfile"), bytes);
        writeFileSync(join(sub, "out"), "mine\n");
        writeFileSync(join(sub, "Dockerfile.link"), ""); // a plain file named like a link: an existing file
        const r = await runCli(["convert", "-o", target], { cwd: sub });
        expect(r.code).not.toBe(0);
        expect(readFileSync(join(sub, "Dockerfile")).equals(bytes)).toBe(true);
        expect(readFileSync(join(sub, "out"), "utf8")).toBe("mine\n");
      }),
      { numRuns: 60 },
    );
  }, 120_000);
});
