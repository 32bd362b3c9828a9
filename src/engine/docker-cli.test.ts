import { describe, expect, it } from "vitest";
import { buildxBuildArgv, dockerPath, parseHistoryLines, parseImageInspect, runArgv } from "./docker-cli.js";
import { EngineError } from "./errors.js";
import { runProcess } from "./process.js";

describe("argv construction", () => {
  it("buildx build with every pass-through flag, context last after --", () => {
    expect(
      buildxBuildArgv({
        docker: "/usr/bin/docker",
        context: "-weird dir",
        dockerfile: "-",
        iidfile: "/tmp/iid",
        tags: ["a:1", "b:2"],
        target: "runtime",
        buildArgs: { X: "1 2", Y: "" },
        platform: "linux/arm64",
        network: "host",
        noCache: true,
        builder: "remote1",
      }),
    ).toEqual([
      "/usr/bin/docker",
      "buildx",
      "build",
      "--builder",
      "remote1",
      "--load",
      "--progress",
      "rawjson",
      "--iidfile",
      "/tmp/iid",
      "-f",
      "-",
      "--tag",
      "a:1",
      "--tag",
      "b:2",
      "--target",
      "runtime",
      "--build-arg",
      "X=1 2",
      "--build-arg",
      "Y=",
      "--platform",
      "linux/arm64",
      "--network",
      "host",
      "--no-cache",
      "--",
      "-weird dir",
    ]);
  });
  it("run: entrypoint split into --entrypoint and leading args", () => {
    expect(
      runArgv("docker", { image: "img", name: "n", entrypoint: ["python", "-c"], command: ["print(1)"], env: { A: "b c" }, network: "host" }, false),
    ).toEqual(["docker", "run", "--rm", "--name", "n", "--network", "host", "--env", "A=b c", "--entrypoint", "python", "--", "img", "-c", "print(1)"]);
    expect(runArgv("docker", { image: "img", name: "n" }, true)).toEqual(["docker", "run", "-d", "--name", "n", "--", "img"]);
  });
  it("the CLI path: option, then SLIMSTAGE_DOCKER, then /usr/bin/docker", () => {
    expect(dockerPath({ docker: "/x", env: { SLIMSTAGE_DOCKER: "/y" } })).toBe("/x");
    expect(dockerPath({ env: { SLIMSTAGE_DOCKER: "/y" } })).toBe("/y");
    expect(dockerPath({ env: {} })).toBe("/usr/bin/docker");
  });
});

describe("output parsing", () => {
  it("history lines", () => {
    const text =
      '{"Comment":"buildkit.dockerfile.v0","CreatedAt":"2026-11-27T11:09:14Z","CreatedBy":"RUN /bin/sh -c rm /big # buildkit","ID":"sha256:d17","Size":"0"}\n' +
      '{"Comment":"Imported from -","CreatedAt":"2026-11-27T11:08:34Z","CreatedBy":"","ID":"<missing>","Size":"77081841"}\n';
    expect(parseHistoryLines(text)).toEqual([
      { id: "sha256:d17", createdBy: "RUN /bin/sh -c rm /big # buildkit", created: "2026-11-27T11:09:14Z", comment: "buildkit.dockerfile.v0", size: 0 },
      { id: null, createdBy: "", created: "2026-11-27T11:08:34Z", comment: "Imported from -", size: 77081841 },
    ]);
  });
  it("image inspect", () => {
    const i = parseImageInspect({
      Id: "sha256:abc",
      RepoTags: ["x:1"],
      Size: 42,
      Architecture: "amd64",
      Os: "linux",
      RootFS: { Layers: ["sha256:1"] },
      Config: { Env: ["A=1"], Cmd: ["sh"], Entrypoint: null, ExposedPorts: { "80/tcp": {} }, Healthcheck: { Test: ["CMD", "true"], Retries: 3 } },
    });
    expect(i).toMatchObject({ id: "sha256:abc", size: 42, layers: ["sha256:1"] });
    expect(i.config).toMatchObject({
      env: ["A=1"],
      cmd: ["sh"],
      entrypoint: null,
      exposedPorts: ["80/tcp"],
      healthcheck: { test: ["CMD", "true"], retries: 3 },
    });
  });
});

describe("runProcess", () => {
  it("captures output and exit codes without a shell", async () => {
    const r = await runProcess(["/bin/sh", "-c", 'echo "$0"; echo err >&2; exit 4', "a b; rm -rf /"]);
    expect(r).toMatchObject({ exitCode: 4, stdout: "a b; rm -rf /\n", stderr: "err\n", timedOut: false });
  });
  it("times out and kills", async () => {
    const r = await runProcess(["/bin/sleep", "10"], { timeoutMs: 100 });
    expect(r.timedOut).toBe(true);
    expect(r.durationMs).toBeLessThan(5000);
  });
  it("aborts with an EngineError", async () => {
    const ac = new AbortController();
    const p = runProcess(["/bin/sleep", "10"], { signal: ac.signal });
    setTimeout(() => ac.abort(), 50);
    await expect(p).rejects.toMatchObject({ name: "EngineError", kind: "aborted" });
  });
  it("a missing binary is a spawn EngineError", async () => {
    const e = await runProcess(["/nonexistent/docker", "info"]).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(EngineError);
    expect(e).toMatchObject({ kind: "spawn", message: "cannot run /nonexistent/docker: not found" });
  });
  it("bounds captured output", async () => {
    const r = await runProcess(["/bin/sh", "-c", "head -c 100000 /dev/zero"], { maxCapture: 1000 });
    expect(r.stdout.length).toBe(1000);
    expect(r.stdoutTruncated).toBe(true);
  });
});
