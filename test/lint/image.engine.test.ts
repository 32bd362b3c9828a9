// `slimstage lint --image/--image-tar`: a C program linked against SQLite, copied into debian:bookworm-slim
// without libsqlite3-0, is built on the engine; it really fails to start, the Dockerfile alone gives the model's
// finding, and the built image gives the ELF finding at the COPY that put the binary there.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { runCli } from "../support/cli.js";
import { DOCKER, describeWithEngine } from "../support/engine.js";

const TAG = "lint-copied-binary-missing-library:test";
const DOCKERFILE = `FROM gcc:12 AS build
RUN apt-get update && apt-get install -y --no-install-recommends libsqlite3-dev
RUN printf '#include <sqlite3.h>\\n#include <stdio.h>\\nint main(void){puts(sqlite3_libversion());return 0;}\\n' > /m.c && gcc -o /out-app /m.c -lsqlite3
FROM debian:bookworm-slim
COPY --from=build /out-app /usr/local/bin/app
CMD ["app"]
`;

describeWithEngine("slimstage lint --image (engine)", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "slimstage-lint-image-"));
    writeFileSync(join(dir, "Dockerfile"), DOCKERFILE);
    const b = spawnSync(DOCKER, ["build", "--network", "host", "-t", TAG, dir], { encoding: "utf8", timeout: 600_000 });
    if (b.status !== 0) throw new Error(`docker build failed: ${b.stderr.slice(-2000)}`);
    const s = spawnSync(DOCKER, ["save", "-o", join(dir, "image.tar"), TAG], { encoding: "utf8", timeout: 300_000 });
    if (s.status !== 0) throw new Error(`docker save failed: ${s.stderr}`);
  }, 900_000);
  afterAll(() => {
    spawnSync(DOCKER, ["rmi", "-f", TAG], { encoding: "utf8" });
    rmSync(dir, { recursive: true, force: true });
  });

  it("the image really cannot start the program", () => {
    const r = spawnSync(DOCKER, ["run", "--rm", "--network", "host", TAG], { encoding: "utf8", timeout: 60_000 });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("libsqlite3.so.0");
  });

  it("reports it from the Dockerfile, and from the image's ELF linkage with --image-tar and --image", async () => {
    const only = ["--only", "copied-binary-missing-library", "-f", "json"];
    type Out = Array<{ findings: Array<{ message: string; range: { start: { line: number; column: number } } }> }>;
    const model = JSON.parse((await runCli(["lint", "Dockerfile", ...only], { cwd: dir })).stdout) as Out;
    expect(model[0]?.findings.map((f) => `${f.range.start.line}:${f.range.start.column} ${f.message}`)).toEqual([
      "5:19 copies /out-app, built by `gcc` (line 3) in a stage with libsqlite3-dev (line 2), into debian:bookworm-slim, which does not have libsqlite3-0: the program may fail to start; install it in the final stage",
    ]);
    for (const args of [
      ["--image-tar", "image.tar"],
      ["--image", TAG],
    ]) {
      const r = await runCli(["lint", "Dockerfile", ...only, ...args], { cwd: dir });
      const found = (JSON.parse(r.stdout) as Out)[0]?.findings ?? [];
      expect(found.map((f) => `${f.range.start.line}:${f.range.start.column}`)).toEqual(["5:1"]);
      expect(found[0]?.message).toMatch(/^\/usr\/local\/bin\/app in \S+ needs libsqlite3\.so\.0, which the image does not have \(Debian: libsqlite3-0\)/);
    }
  });

  it("rejects a missing archive, an engine image that does not exist and several Dockerfiles with one-line errors", async () => {
    const missing = await runCli(["lint", "Dockerfile", "--image-tar", "nope.tar"], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr.trimEnd().split("\n")).toEqual(["slimstage: error: --image-tar nope.tar: no such file"]);
    const notImage = await runCli(["lint", "Dockerfile", "--image-tar", "Dockerfile"], { cwd: dir });
    expect(notImage.code).toBe(2);
    expect(notImage.stderr).not.toMatch(/\n\s+at /);
    const noRef = await runCli(["lint", "Dockerfile", "--image", "lint-no-such-image:none"], { cwd: dir });
    expect(noRef.code).toBe(1);
    expect(noRef.stderr).not.toMatch(/\n\s+at /);
    writeFileSync(join(dir, "Other.Dockerfile"), "FROM alpine\n");
    const two = await runCli(["lint", "Dockerfile", "Other.Dockerfile", "--image", TAG], { cwd: dir });
    expect(two.code).toBe(2);
    expect(two.stderr).toContain("--image describes one image: lint one Dockerfile with it (got 2)");
  });

  it("ca-certificates-missing: curl installed without recommends on debian:bookworm-slim really has no CA bundle", async () => {
    const tag = "lint-ca-certificates-missing:test";
    const text =
      'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\nHEALTHCHECK CMD curl -fsS https://localhost:8443/health || exit 1\nCMD ["sleep", "infinity"]\n';
    writeFileSync(join(dir, "Dockerfile.ca"), text);
    const r = await runCli(["lint", "Dockerfile.ca", "--only", "ca-certificates-missing", "-f", "json"], { cwd: dir });
    const found = (JSON.parse(r.stdout) as Array<{ findings: Array<{ range: { start: { line: number } }; message: string }> }>)[0]?.findings ?? [];
    expect(found.map((f) => f.range.start.line)).toEqual([3]);
    const b = spawnSync(DOCKER, ["build", "--network", "host", "-f", join(dir, "Dockerfile.ca"), "-t", tag, dir], { encoding: "utf8", timeout: 600_000 });
    expect(b.status, b.stderr.slice(-1000)).toBe(0);
    try {
      const run = spawnSync(DOCKER, ["run", "--rm", "--network", "host", tag, "sh", "-c", "ls /etc/ssl/certs/ca-certificates.crt"], {
        encoding: "utf8",
        timeout: 60_000,
      });
      expect(run.status).not.toBe(0);
      expect(run.stderr).toContain("No such file or directory");
    } finally {
      spawnSync(DOCKER, ["rmi", "-f", tag], { encoding: "utf8" });
    }
  }, 700_000);
});
