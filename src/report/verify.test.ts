import { describe, expect, it } from "vitest";
import type { VerifyReport } from "../verify/index.js";
import { verifyToJson, verifyToMarkdown, verifyToText } from "./verify.js";

const report: VerifyReport = {
  verdict: "fail",
  original: {
    dockerfile: "Dockerfile",
    imageId: "sha256:aaa",
    build: { durationMs: 1200, totalSteps: 7, cachedSteps: 7 },
    sizeBytes: 405_000_000,
    layers: 10,
    packages: 202,
  },
  candidate: {
    dockerfile: "Dockerfile.multi",
    imageId: "sha256:bbb",
    build: { durationMs: 20_000, totalSteps: 9, cachedSteps: 2 },
    sizeBytes: 180_000_000,
    layers: 7,
    packages: 127,
  },
  sizes: { original: 405_000_000, candidate: 180_000_000, savedBytes: 225_000_000, ratio: 180 / 405 },
  packages: { removed: ["gcc", "gcc-12", "libmariadb-dev"], added: [] },
  probes: [
    {
      probe: 'cmd:python -c "import MySQLdb"',
      kind: "cmd",
      match: false,
      differences: [
        { field: "exit", original: "exit code 0", candidate: "exit code 1" },
        { field: "stderr", original: "", candidate: "\x1b[31mImportError: libmariadb.so.3: cannot open shared object file\x1b[0m\x07" },
      ],
      original: { probe: "p", status: "ran", exitCode: 0, durationMs: 1 },
      candidate: { probe: "p", status: "ran", exitCode: 1, durationMs: 1 },
    },
    {
      probe: "default:3",
      kind: "default",
      match: true,
      differences: [],
      original: { probe: "default:3", status: "ran", exitCode: null, stillRunning: true, durationMs: 1 },
      candidate: { probe: "default:3", status: "ran", exitCode: null, stillRunning: true, durationMs: 1 },
    },
  ],
  config: [],
  findings: [
    {
      severity: "error",
      kind: "missing-library",
      subject: "libmariadb.so.3",
      message: "libmariadb.so.3 not found (needed by /opt/venv/x.so)",
      fix: "install libmariadb3 in the final stage (apt-get install -y --no-install-recommends libmariadb3)",
    },
    { severity: "info", kind: "config", subject: "ENV.PATH", message: "ENV.PATH differs (a → b), allowed: PATH keeps every original entry" },
  ],
  durationMs: 30_000,
};

describe("verify reports", () => {
  it("text: verdict, sizes with ratio, removed packages, probe differences, findings with fixes", () => {
    const t = verifyToText(report);
    expect(t.split("\n")[0]).toBe("verify FAIL  Dockerfile → Dockerfile.multi");
    expect(t).toContain("size      405 MB → 180 MB (225 MB smaller; the candidate is 44.4% of the original)");
    expect(t).toContain("packages  removed 3: gcc, gcc-12, libmariadb-dev");
    expect(t).toContain('  ✘ cmd:python -c "import MySQLdb"  exit, stderr differ');
    expect(t).toContain("        candidate: ImportError: libmariadb.so.3: cannot open shared object file");
    expect(t).toContain("  ✔ default:3  same (still running at the time limit)");
    expect(t).toContain("  ✘ libmariadb.so.3 not found (needed by /opt/venv/x.so)\n    fix: install libmariadb3 in the final stage");
    expect(t.trimEnd().split("\n").at(-1)).toBe("1 finding fails the verification.");
    // container output never reaches the terminal with its escape sequences
    expect(t).not.toMatch(/[\x07\x1b]/);
  });
  it("markdown: a table of sizes, probe results and findings", () => {
    const m = verifyToMarkdown(report);
    expect(m).toMatch(/^### slimstage verify: ❌ fail/);
    expect(m).toContain("| size | 405 MB | 180 MB | −225 MB (44.4%) |");
    expect(m).toContain('| `cmd:python -c "import MySQLdb"` | ❌ exit, stderr differ |');
    expect(m).toContain("- ❌ libmariadb.so.3 not found (needed by /opt/venv/x.so)  \n  _fix:_ install libmariadb3");
    expect(m).toContain("<details><summary>Allowed differences</summary>");
  });
  it("json round-trips the report", () => {
    expect(JSON.parse(verifyToJson(report))).toEqual(JSON.parse(JSON.stringify(report)));
  });
});
