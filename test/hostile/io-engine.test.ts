// Interrupting slimstage on the engine (issue 13): on SIGTERM the `docker buildx build` child, probe containers
// and /tmp/slimstage-build-* directories go with it. Runs the installed CLI on the real engine.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { DOCKER, describeWithEngine } from "../support/engine.js";
import { BIN, distProblem, tempDir } from "./io-support.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(300);
  }
}

const docker = (...args: string[]) => spawnSync(DOCKER, args, { encoding: "utf8" }).stdout.trim();
const processesWith = (marker: string) =>
  spawnSync("pgrep", ["-f", marker], { encoding: "utf8" })
    .stdout.split("\n")
    .filter((p) => p !== "" && Number(p) !== process.pid);

/** Starts the CLI with a private TMPDIR; resolves the signal it died of. */
function start(args: string[], cwd: string, tmp: string) {
  let stderr = "";
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, TMPDIR: tmp, NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] });
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
  child.stdout.resume();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  return { child, exited, stderr: () => stderr };
}

describeWithEngine("slimstage on the engine: interrupted, or shown hostile build output", () => {
  const problem = distProblem();

  it.skipIf(problem !== undefined)(
    "SIGTERM during a probe removes the probe container and the build directories",
    async () => {
      const run = randomBytes(6).toString("hex");
      const dir = tempDir();
      const tmp = tempDir("hostile-io-tmp-");
      writeFileSync(join(dir, "Dockerfile"), `FROM busybox:stable\nLABEL hostile-io-run=${run}\nCMD ["sleep", "600"]\n`);
      const cli = start(
        ["verify", "--original", "Dockerfile", "--candidate", "Dockerfile", "--network", "host", "--probe", "default:600", "--progress", "none"],
        dir,
        tmp,
      );
      const containers = (all: boolean) => docker("ps", ...(all ? ["-a"] : []), "-q", "--filter", `label=hostile-io-run=${run}`);
      try {
        await until("the probe container", () => containers(false) !== "", 180_000);
        cli.child.kill("SIGTERM");
        expect((await cli.exited).signal).toBe("SIGTERM");
        expect(containers(true)).toBe("");
        expect(readdirSync(tmp)).toEqual([]);
      } finally {
        cli.child.kill("SIGKILL");
        const left = containers(true);
        if (left) spawnSync(DOCKER, ["rm", "-f", ...left.split("\n")]);
        spawnSync(DOCKER, ["image", "rm", "-f", ...docker("images", "-q", "--filter", `label=hostile-io-run=${run}`).split("\n").filter(Boolean)]);
      }
    },
    240_000,
  );

  it.skipIf(problem !== undefined)(
    "SIGTERM during a build stops the docker buildx child and removes its directory",
    async () => {
      const run = randomBytes(6).toString("hex");
      const seconds = 300 + (parseInt(run.slice(0, 4), 16) % 600);
      const dir = tempDir(`hostile-io-ctx-${run}-`);
      const tmp = tempDir("hostile-io-tmp-");
      writeFileSync(join(dir, "Dockerfile"), `FROM busybox:stable\nRUN echo started-${run} && sleep ${seconds}\n`);
      const cli = start(["build", "--context", dir, "--network", "host", "--progress", "plain", "--no-cache", join(dir, "Dockerfile")], dir, tmp);
      try {
        await until("the RUN step", () => cli.stderr().includes(`started-${run}`), 180_000);
        expect(processesWith(dir).length).toBeGreaterThan(0); // the docker buildx client, with the context in its argv
        cli.child.kill("SIGTERM");
        expect((await cli.exited).signal).toBe("SIGTERM");
        await until("the docker buildx client to end", () => processesWith(dir).length === 0, 15_000);
        expect(readdirSync(tmp)).toEqual([]);
        // the client's end cancels the build: BuildKit stops the step's process
        await until("the build step to be cancelled", () => processesWith(`sleep ${seconds}`).length === 0, 30_000);
      } finally {
        cli.child.kill("SIGKILL");
        for (const pid of processesWith(dir)) spawnSync("kill", ["-TERM", pid]);
      }
    },
    240_000,
  );

  it.skipIf(problem !== undefined)(
    "build output that holds terminal controls is shown escaped",
    () => {
      const dir = tempDir();
      const run = randomBytes(6).toString("hex");
      writeFileSync(join(dir, "Dockerfile"), `FROM busybox:stable\nRUN printf 'title-${run} \\033]0;pwned\\007 \\033[2J done\\n'\n`);
      const r = spawnSync(
        process.execPath,
        [BIN, "build", "--context", dir, "--network", "host", "--progress", "plain", "--no-cache", join(dir, "Dockerfile")],
        {
          encoding: "utf8",
          env: { ...process.env, NO_COLOR: "1" },
          timeout: 180_000,
        },
      );
      expect(r.status).toBe(0);
      expect(r.stderr).toContain(`title-${run} \\x1b]0;pwned\\x07 \\x1b[2J done`);
      expect(r.stderr).not.toMatch(/[\x07\x1b]/);
      const id = /built (sha256:[0-9a-f]+)/.exec(r.stdout)?.[1];
      if (id) spawnSync(DOCKER, ["image", "rm", "-f", id]);
    },
    240_000,
  );
});
