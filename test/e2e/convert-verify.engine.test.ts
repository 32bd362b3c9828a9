// `slimstage convert --verify` on the engine: the mission's example verifies and is written; a build that links
// against a library the full base image provided without the Dockerfile naming it (libpq5 in python:3.11) fails
// its first verification, is converted again with that library, verifies, and only then is written.
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { runCli } from "../support/cli.js";
import { describeWithEngine } from "../support/engine.js";
import { REPO_ROOT } from "../support/shared.js";

describeWithEngine("slimstage convert --verify", () => {
  it(
    "verifies the mission's example and writes the result",
    async () => {
      const dir = mkdtempSync(join(tmpdir(), "slimstage-cv-"));
      cpSync(join(REPO_ROOT, "examples", "flask-mysql"), dir, { recursive: true });
      // the stand-ins provide Python 3.11, not 3.9
      writeFileSync(join(dir, "Dockerfile"), readFileSync(join(dir, "Dockerfile"), "utf8").replace("python:3.9-slim", "python:3.11-slim"));
      const r = await runCli(
        ["convert", "Dockerfile", "--verify", "--network", "host", "--probe", 'cmd:python -c "import MySQLdb, flask; print(1)"', "-o", "Dockerfile.multi"],
        { cwd: dir },
      );
      expect(r.stderr).toContain("The candidate verifies");
      expect(r.code).toBe(0);
      const out = readFileSync(join(dir, "Dockerfile.multi"), "utf8");
      expect(out).toContain("apt-get install -y --no-install-recommends libmariadb3");
    },
    15 * 60_000,
  );

  it(
    "adds a library the full base provided implicitly, verifies again, and writes only then",
    async () => {
      const dir = mkdtempSync(join(tmpdir(), "slimstage-cv-"));
      cpSync(join(REPO_ROOT, "test", "fixtures", "convert-verify", "implicit-libpq"), dir, { recursive: true });
      const r = await runCli(
        ["convert", "Dockerfile", "--verify", "--network", "host", "-o", "Dockerfile.multi", "--format", "json", "--repair-attempts", "1"],
        { cwd: dir },
      );
      // JSON: the repair with its finding, the attempts and the budget
      const json = JSON.parse(r.stdout) as {
        repairs: { kind: string; finding: { kind: string }; action: unknown }[];
        budget: { maxAttempts: number; retries: number; stopped: string };
      };
      expect(json.repairs.map((x) => [x.kind, x.finding.kind, x.action])).toEqual([
        ["missing-library", "missing-library", { type: "runtime-package", package: "libpq5" }],
      ]);
      expect(json.budget).toMatchObject({ maxAttempts: 1, retries: 1, stopped: "verified" });
      expect(r.stderr).toMatch(/repair: the final stage installs libpq5, which ships libpq\.so\.5; verifying again/);
      expect(r.stderr).toMatch(/attempt 2: pass/);
      expect(r.stderr).toContain("The candidate verifies");
      expect(r.code).toBe(0);
      expect(readFileSync(join(dir, "Dockerfile.multi"), "utf8")).toContain("apt-get install -y --no-install-recommends libpq5");
    },
    15 * 60_000,
  );

  it(
    "writes nothing when the result does not verify",
    async () => {
      const dir = mkdtempSync(join(tmpdir(), "slimstage-cv-"));
      cpSync(join(REPO_ROOT, "test", "fixtures", "convert-verify", "implicit-libpq"), dir, { recursive: true });
      // a probe that can only pass on the original: the compiler is gone from the converted image
      const r = await runCli(["convert", "Dockerfile", "--verify", "--network", "host", "--probe", "cmd:gcc --version", "-o", "Dockerfile.multi"], {
        cwd: dir,
      });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("nothing was written");
      // gcc is in the original image, but a compiler is never a repair
      expect(r.stderr).toMatch(/not repaired: command-not-found gcc .*build-only package/);
      expect(existsSync(join(dir, "Dockerfile.multi"))).toBe(false);
    },
    15 * 60_000,
  );
});
