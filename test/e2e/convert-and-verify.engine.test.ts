// convertAndVerify, the library function behind `convert --verify`, called directly on the engine: a build that
// links against a library the full base image provided implicitly (libpq5 in python:3.11) fails its first
// verification, is converted again with that library and verifies. This is the engine test of the
// "missing shared library" repair; the other repair kinds are in repairs.engine.test.ts.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { convertAndVerify } from "../../src/convert-verify/index.js";
import { createEngine } from "../../src/engine/index.js";
import { describeWithEngine } from "../support/engine.js";
import { REPO_ROOT } from "../support/shared.js";

describeWithEngine("convertAndVerify", () => {
  it(
    "retries once with the runtime library the knowledge names, and the retry verifies",
    async () => {
      const dir = join(REPO_ROOT, "test", "fixtures", "convert-verify", "implicit-libpq");
      const path = join(dir, "Dockerfile");
      const retries: string[][] = [];
      const got = await convertAndVerify(createEngine(), {
        dockerfile: { text: readFileSync(path, "utf8"), name: "Dockerfile", path },
        context: dir,
        network: "host",
        onRetry: (p) => retries.push(p),
      });
      expect(retries).toEqual([["libpq5"]]);
      expect(got.added).toEqual(["libpq5"]);
      // the repair is recorded with the finding that caused it (repairs.ts: a missing shared library → its package)
      expect(got.repairs).toHaveLength(1);
      expect(got.repairs[0]).toMatchObject({
        kind: "missing-library",
        subject: "libpq.so.5",
        attempt: 1,
        finding: { kind: "missing-library", subject: "libpq.so.5" },
        action: { type: "runtime-package", package: "libpq5" },
      });
      expect(got.attempts.map((a) => a.verdict)).toEqual(["fail", "pass"]);
      console.log(
        `[repairs] missing-library: ${got.attempts.map((a) => `#${a.attempt} ${a.verdict} verify ${a.verifyMs} ms, repair ${a.repairMs} ms`).join("; ")}`,
      );
      expect(got.report?.verdict).toBe("pass");
      expect(got.result.status).toBe("converted");
      if (got.result.status === "converted") expect(got.result.dockerfile).toContain("apt-get install -y --no-install-recommends libpq5");
    },
    15 * 60_000,
  );
});
