// verify, inspect and build usage errors: caught before any engine is asked (no engine needed), exit code 2, one
// clear line on standard error.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";

const root = resolve(import.meta.dirname, "../..");
const fixtures = join(root, "test/fixtures/verify/flask-mysql");
const base = ["verify", "--original", join(fixtures, "Dockerfile.multistage"), "--candidate", join(fixtures, "Dockerfile.gcc-left")];
// An unreachable engine: if a check below were skipped, the command would fail with exit 1 instead of 2.
const env = { SLIMSTAGE_DOCKER: "/nonexistent/docker" };

describe("verify usage errors", () => {
  it.each([
    [["--probe", "http:5000/health"], "slimstage: error: http probes connect to 127.0.0.1:PORT, so the containers need --network host\n"],
    [
      ["--probe", "tcp:22"],
      'slimstage: error: --probe: unknown probe kind in probe "tcp:22" (expected default[:SECONDS], http:PORT[/PATH], healthcheck or cmd:COMMAND)\n',
    ],
    [
      ["--allow-config", "PORTS"],
      'slimstage: error: --allow-config: unknown config key "PORTS" (one of ENV, ENTRYPOINT, CMD, USER, WORKDIR, EXPOSE, VOLUME, LABEL, HEALTHCHECK, or ENV.NAME / LABEL.NAME)\n',
    ],
    [["--timeout", "soon"], 'slimstage: error: --timeout must be a positive number of seconds, got "soon"\n'],
    [["--env", "NOVALUE"], "slimstage: error: --env NOVALUE: expected KEY=VALUE\n"],
    [["--context", "/nonexistent/dir"], "slimstage: error: --context /nonexistent/dir: not a directory\n"],
    [["--probe-file", "/nonexistent/probes.txt"], "slimstage: error: --probe-file /nonexistent/probes.txt: cannot read: no such file\n"],
  ])("%j", async (extra, message) => {
    const r = await runCli([...base, ...extra], { env, cwd: root });
    expect(r.stderr).toBe(message);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
  });

  it("locates a bad probe file line and a Dockerfile that does not parse", async () => {
    const dir = mkdtempSync(join(tmpdir(), "slimstage-verify-cli-"));
    writeFileSync(join(dir, "probes.txt"), "# probes\ndefault:3\n  cmd:echo 'unterminated\n");
    const p = await runCli([...base, "--probe-file", "probes.txt"], { env, cwd: dir });
    expect(p.stderr).toBe(
      `slimstage: error: probes.txt:3:3: unterminated single quote at column 10 in probe "cmd:echo 'unterminated" (expected default[:SECONDS], http:PORT[/PATH], healthcheck or cmd:COMMAND)\n`,
    );
    expect(p.code).toBe(2);
    writeFileSync(join(dir, "Dockerfile"), "FROM debian\nRUN <<EOF\necho\n");
    const d = await runCli(["verify", "--original", "Dockerfile", "--candidate", join(fixtures, "Dockerfile.multistage")], { env, cwd: dir });
    expect(d.stderr).toMatch(/^Dockerfile:2:1: .*unterminated heredoc/);
    expect(d.code).toBe(2);
  });

  it("needs both Dockerfiles", async () => {
    const r = await runCli(["verify", "--original", "Dockerfile"], { env, cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/required option '--candidate <file>' not specified/);
  });

  it("an unreachable engine is an error with exit code 1, not a crash", async () => {
    const r = await runCli([...base, "--context", root], { env, cwd: root });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^slimstage: error: cannot run \/nonexistent\/docker/m);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  });
});

describe("inspect and build usage errors", () => {
  it("inspect wants exactly one of IMAGE and --tar, and an existing file", async () => {
    expect((await runCli(["inspect", "img", "--tar", "x.tar"], { env })).stderr).toBe("slimstage: error: give an image or --tar FILE (exactly one)\n");
    const missing = await runCli(["inspect", "--tar", "/nonexistent.tar"], { env });
    expect([missing.code, missing.stderr]).toEqual([2, "slimstage: error: --tar /nonexistent.tar: no such file\n"]);
    expect((await runCli(["inspect", "img", "--top", "0"], { env })).stderr).toBe('slimstage: error: --top must be a positive integer, got "0"\n');
    // a file that is not an image archive: the reader's error, exit 2, no stack
    const notTar = await runCli(["inspect", "--tar", join(fixtures, "Dockerfile.multistage")], { env });
    expect(notTar.code).toBe(2);
    expect(notTar.stderr).toMatch(/^slimstage: error: .+\n$/);
    expect(notTar.stderr).not.toMatch(/internal error|\n\s+at /);
  });
  it("build checks its Dockerfile and context before the engine", async () => {
    const r = await runCli(["build", "/nonexistent/Dockerfile"], { env });
    expect([r.code, r.stderr]).toEqual([2, "slimstage: error: /nonexistent/Dockerfile: cannot read: no such file\n"]);
    const c = await runCli(["build", join(fixtures, "Dockerfile.multistage"), "--context", "/nonexistent"], { env });
    expect([c.code, c.stderr]).toEqual([2, "slimstage: error: --context /nonexistent: not a directory\n"]);
    const p = await runCli(["build", "--progress", "fancy"], { env });
    expect(p.code).toBe(2);
  });
});
