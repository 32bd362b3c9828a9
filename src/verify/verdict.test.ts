import { describe, expect, it } from "vitest";
import type { ProbeComparison } from "./compare.js";
import type { ImageFacts } from "./facts.js";
import { judge, likelyProbeFix, missingLibraryFinding } from "./verdict.js";

const facts = (over: Partial<ImageFacts> = {}): ImageFacts => ({
  family: "debian",
  buildOnlyPackages: [],
  leftovers: [],
  missingLibraries: [],
  incompleteElf: [],
  ...over,
});

describe("likelyProbeFix", () => {
  it("reads the usual failures", () => {
    const pkg = (s: string) => (s === "libmariadb.so.3" ? "libmariadb3" : undefined);
    expect(likelyProbeFix("ImportError: libmariadb.so.3: cannot open shared object file: No such file or directory", "debian", pkg)).toBe(
      "install libmariadb3 in the final stage (apt-get update && apt-get install -y --no-install-recommends libmariadb3 && rm -rf /var/lib/apt/lists/*)",
    );
    expect(likelyProbeFix("/app/x: error while loading shared libraries: libz.so.1: cannot open shared object file", "alpine", () => "zlib")).toBe(
      "install zlib in the final stage (apk add --no-cache zlib)",
    );
    expect(likelyProbeFix("ModuleNotFoundError: No module named 'flask'")).toMatch(/^the Python module flask is missing: copy the installed packages/);
    expect(likelyProbeFix("Error: Cannot find module 'express'")).toMatch(/^the Node module express is missing/);
    expect(likelyProbeFix("python: can't open file '/app/app.py': [Errno 2] No such file or directory")).toBe(
      "/app/app.py is missing in the candidate: copy it into the final stage",
    );
    expect(likelyProbeFix('exec: "gunicorn": executable file not found in $PATH')).toMatch(/^gunicorn is not in the final stage/);
    expect(likelyProbeFix("all fine")).toBeUndefined();
  });
});

describe("judge", () => {
  const same: ProbeComparison = {
    probe: "default",
    kind: "default",
    match: true,
    differences: [],
    original: { probe: "default", status: "ran", exitCode: 0, durationMs: 1 },
    candidate: { probe: "default", status: "ran", exitCode: 0, durationMs: 1 },
  };
  it("passes with warnings only, errors sorted first", () => {
    const r = judge({
      originalFacts: facts({ leftovers: [{ path: "usr/include", kind: "headers", bytes: 900, files: 3 }] }),
      candidateFacts: facts({
        leftovers: [
          { path: "usr/include", kind: "headers", bytes: 900, files: 3 },
          { path: "root/.cache/pip", kind: "language cache", bytes: 10, files: 1 },
        ],
      }),
      originalSize: 100,
      candidateSize: 120,
      probes: [same],
      config: [],
    });
    expect(r.verdict).toBe("pass");
    // the base image's headers are not the candidate's doing; the pip cache is
    expect(r.findings.map((f) => [f.severity, f.kind, f.subject])).toEqual([
      ["warning", "leftover", "root/.cache/pip"],
      ["warning", "not-smaller", "size"],
    ]);
  });
  it("fails on a library the candidate lacks, but only warns when the original lacks it too", () => {
    const m = { soname: "libx.so.1", package: "libx1", neededBy: ["usr/bin/a", "usr/bin/b"] };
    expect(missingLibraryFinding(m, "debian", false)).toMatchObject({ severity: "error", message: "libx.so.1 not found (needed by /usr/bin/a and 1 more)" });
    const r = judge({
      originalFacts: facts({ missingLibraries: [m] }),
      candidateFacts: facts({ missingLibraries: [m] }),
      originalSize: 2,
      candidateSize: 1,
      probes: [],
      config: [],
    });
    expect(r.verdict).toBe("pass");
    expect(r.findings[0]).toMatchObject({ severity: "warning", kind: "missing-library" });
  });
  it("warns when a probe could not run on either image", () => {
    const err = { probe: "http:80/", status: "error" as const, note: "port 80 is already in use", durationMs: 0 };
    const r = judge({
      originalFacts: facts(),
      candidateFacts: facts(),
      originalSize: 2,
      candidateSize: 1,
      probes: [{ ...same, probe: "http:80/", kind: "http", original: err, candidate: err }],
      config: [{ key: "USER", group: "USER", original: undefined, candidate: "app" }],
    });
    expect(r.findings.map((f) => [f.severity, f.kind])).toEqual([
      ["error", "config"],
      ["warning", "probe-inconclusive"],
    ]);
    expect(r.findings[0]?.fix).toMatch(/^remove USER from the final stage/);
  });
  it("warns when neither image answers an HTTP probe (a command-line app probed on a port): the same silence proves nothing", () => {
    const silent = { probe: "http:8105/", status: "ran" as const, http: { status: null, body: "", error: "ECONNREFUSED" }, durationMs: 0 };
    const r = judge({
      originalFacts: facts(),
      candidateFacts: facts(),
      originalSize: 2,
      candidateSize: 1,
      probes: [{ ...same, probe: "http:8105/", kind: "http", original: silent, candidate: silent }],
      config: [],
    });
    expect(r.verdict).toBe("pass");
    expect(r.findings).toEqual([
      {
        severity: "warning",
        kind: "probe-inconclusive",
        subject: "http:8105/",
        message: "probe http:8105/ got no HTTP response from either image (ECONNREFUSED); it proves nothing — check the port and path",
      },
    ]);
  });
});
