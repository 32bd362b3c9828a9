// The search of `convert --verify` (issue 11) on the engine, stand-in images only, host network:
// - a Go HTTP server (standard library, no CGO_ENABLED=0) ends on a static base at most half the conservative size;
// - an app importing pkg_resources at start: the virtualenv without setuptools fails, the one that keeps it is
//   chosen and the failure is in the attempts table; an app that runs pip at start: the virtualenv candidates fail,
//   their failures blame them, and the candidate that only prunes (keeping pip) is chosen.
// The mission's example (smaller than the conservative conversion while `import MySQLdb`, `gunicorn --version` and
// the requests against MariaDB still work) is searched by the demo, checked in test/e2e/demo.engine.test.ts.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { type Attempt } from "../../src/convert-verify/search.js";
import { searchToText } from "../../src/report/search.js";
import { runCli } from "../support/cli.js";
import { describeWithEngine } from "../support/engine.js";
import { copyFixture, fixtureDir, searchFixture } from "../support/search.js";

// settings of the golang image the final stage does not need (the binary is built)
const GO_ENV = ["ENV.GOPATH", "ENV.GOTOOLCHAIN", "ENV.PATH", "ENV.SSL_CERT_FILE"].flatMap((k) => ["--allow-config", k]);

interface SearchJson {
  chosen: string | null;
  summary: { sizeBytes?: number; conservativeBytes?: number; ratio?: number; tried: number };
  attempts: Array<{ candidate: string; verdict: string; reason: string; sizeBytes?: number }>;
}

describeWithEngine("convert --verify searches for the smallest conversion that verifies", () => {
  it(
    "a Go HTTP server ends on a static base, at most half the conservative conversion's size",
    async () => {
      const dir = copyFixture(fixtureDir("search", "go-http-server"));
      const r = await runCli(
        [
          "convert",
          "Dockerfile",
          "--verify",
          "--network",
          "host",
          "--probe",
          "http:8097/stock/plums",
          ...GO_ENV,
          "--report-format",
          "json",
          "--report",
          "search.json",
          "-o",
          "Dockerfile.multi",
        ],
        { cwd: dir },
      );
      expect(r.stderr).toContain("The candidate verifies");
      expect(r.code).toBe(0);
      const report = JSON.parse(readFileSync(join(dir, "search.json"), "utf8")) as SearchJson;
      expect(report.chosen).toMatch(/^final-base:(scratch|distroless-static)/);
      const { sizeBytes, conservativeBytes } = report.summary;
      expect(sizeBytes).toBeGreaterThan(0);
      expect(sizeBytes!).toBeLessThanOrEqual(conservativeBytes! / 2);
      const written = readFileSync(join(dir, "Dockerfile.multi"), "utf8");
      expect(written).toMatch(/^FROM (scratch|gcr\.io\/distroless\/static-debian12)$/m);
      expect(written).toContain("ENV CGO_ENABLED=0");
      // the conservative conversion was measured for the ratio, not verified again
      expect(report.attempts.at(-1)).toMatchObject({ candidate: "conservative", verdict: "skipped" });
    },
    20 * 60_000,
  );

  it(
    "an app that imports pkg_resources at start keeps setuptools, with the failure without it in the table",
    async () => {
      const { r } = await searchFixture(fixtureDir("search", "python-pkg-resources"));
      // the first candidate without setuptools fails on pkg_resources, which blames no-packaging: the other candidates
      // with it are skipped, and the first that keeps setuptools verifies
      expect(r.attempts.map((a) => [a.candidate, a.verdict])).toEqual([
        ["python-venv:no-packaging+python-prune:bytecode-and-tests", "fail"],
        ["python-venv:no-packaging+python-prune:tests", "skipped"],
        ["python-venv:no-pip+python-prune:bytecode-and-tests", "pass"],
        ["python-venv:no-pip+python-prune:tests", "skipped"],
        ["python-venv:no-packaging", "skipped"],
        ["python-venv:no-pip", "skipped"],
        ["python-prune:bytecode-and-tests", "skipped"],
        ["python-prune:tests", "skipped"],
        ["conservative", "skipped"],
      ]);
      expect(r.attempts[0]!.reason).toMatch(/No module named 'pkg_resources'/);
      for (const i of [1, 4])
        expect(r.attempts[i]!.reason).toMatch(
          /^python-venv:no-packaging explains why python-venv:no-packaging\+python-prune:bytecode-and-tests failed \(.*pkg_resources/,
        );
      expect(r.attempts[r.chosen!]!.candidate).toBe("python-venv:no-pip+python-prune:bytecode-and-tests");
      const chosen = r.result.status === "converted" ? r.result.dockerfile : "";
      expect(chosen).toContain("pip uninstall --yes --quiet pip wheel\n");
      expect(r.attempts[2]!.sizeBytes!).toBeLessThan(r.attempts[8]!.sizeBytes!);
      const table = searchToText(r);
      expect(table).toMatch(/python-venv:no-packaging\+python-prune:bytecode-and-tests +\d+ MB +✘ fail .*No module named 'pkg_resources'/);
    },
    20 * 60_000,
  );

  it(
    "verifies candidates at once with parallel: 2, and still chooses the same one",
    async () => {
      const { r } = await searchFixture(fixtureDir("search", "python-pkg-resources"), { budget: { parallel: 2 } });
      // waves of two: the candidates of a wave run although the other one's failure (or pass) would have skipped them
      expect(r.attempts.map((a) => [a.candidate, a.verdict])).toEqual([
        ["python-venv:no-packaging+python-prune:bytecode-and-tests", "fail"],
        ["python-venv:no-packaging+python-prune:tests", "fail"],
        ["python-venv:no-pip+python-prune:bytecode-and-tests", "pass"],
        ["python-venv:no-pip+python-prune:tests", "pass"],
        ["python-venv:no-packaging", "skipped"],
        ["python-venv:no-pip", "skipped"],
        ["python-prune:bytecode-and-tests", "skipped"],
        ["python-prune:tests", "skipped"],
        ["conservative", "skipped"],
      ]);
      expect(r.attempts[r.chosen!]!.candidate).toBe("python-venv:no-pip+python-prune:bytecode-and-tests");
      // the two candidates of a wave ran at once: their times overlap
      const [a, b] = r.attempts as [Attempt, Attempt];
      expect(a.startedMs! < b.startedMs! + b.durationMs && b.startedMs! < a.startedMs! + a.durationMs).toBe(true);
      expect(searchToText(r)).toMatch(/budget 6 attempts, 20m, 2 at once/);
    },
    20 * 60_000,
  );

  it(
    "an app that runs pip at start: the failures blame the virtualenv variants, and the candidate that keeps pip is chosen",
    async () => {
      const { r } = await searchFixture(fixtureDir("search", "python-pip-at-start"));
      // `python -m pip list` fails without pip: the first failure blames both virtualenv levels, none is tried again, and
      // the next candidate is the pruning that keeps pip
      expect(r.attempts.map((a) => [a.candidate, a.verdict])).toEqual([
        ["python-venv:no-packaging+python-prune:bytecode-and-tests", "fail"],
        ["python-venv:no-packaging+python-prune:tests", "skipped"],
        ["python-venv:no-pip+python-prune:bytecode-and-tests", "skipped"],
        ["python-venv:no-pip+python-prune:tests", "skipped"],
        ["python-venv:no-packaging", "skipped"],
        ["python-venv:no-pip", "skipped"],
        ["python-prune:bytecode-and-tests", "pass"],
        ["python-prune:tests", "skipped"],
        ["conservative", "skipped"],
      ]);
      expect(r.attempts[0]!.reason).toMatch(/the candidate printed: subprocess.CalledProcessError: Command .*'-m', 'pip', 'list'/);
      // pip is gone at both virtualenv levels: the first failure blames no-packaging and no-pip, which it covers
      expect(r.attempts[2]!.reason).toMatch(/^python-venv:no-pip explains why python-venv:no-packaging\+python-prune:bytecode-and-tests failed/);
      expect(r.attempts[1]!.reason).toMatch(/^python-venv:no-packaging explains why/);
      expect(r.attempts[r.chosen!]!.candidate).toBe("python-prune:bytecode-and-tests");
      expect(r.attempts[6]!.sizeBytes!).toBeLessThan(r.attempts[8]!.sizeBytes!);
      const chosen = r.result.status === "converted" ? r.result.dockerfile : "";
      expect(chosen).not.toContain("pip uninstall");
      expect(chosen).toContain("__pycache__");
    },
    20 * 60_000,
  );
});
