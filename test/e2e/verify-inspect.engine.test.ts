// `slimstage inspect` and `slimstage build` on the real engine: inspect's numbers against docker's own
// (`docker image inspect`, `docker history`) within 1%, from the engine and from a tarball, and the build
// command's summary and JSON lines.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { beforeAll, expect, it } from "vitest";
import { DockerCliEngine, type HistoryEntry, type ImageInspect } from "../../src/engine/index.js";
import { runCli } from "../support/cli.js";
import { DOCKER, describeWithEngine } from "../support/engine.js";

const root = resolve(import.meta.dirname, "../..");
const context = join(root, "examples/flask-mysql");
const candidate = join(root, "test/fixtures/verify/flask-mysql/Dockerfile.multistage");

interface InspectJson {
  id: string;
  sizes: { uncompressed: number; blobs: number; wasted: number };
  layers: { size: number; diffId: string; instruction: string }[];
  history: { createdBy?: string; emptyLayer: boolean }[];
  packages: { name: string; buildOnly: string | null }[];
  linkage: { elfFiles: number; missingLibraries: unknown[] };
}

describeWithEngine("slimstage inspect and build on the engine", () => {
  const engine = new DockerCliEngine({ network: "host" });
  let imageId = "";
  let info: ImageInspect;
  let history: HistoryEntry[];
  let tar = "";
  const tmp = mkdtempSync(join(tmpdir(), "slimstage-inspect-e2e-"));

  beforeAll(async () => {
    imageId = (await engine.build({ context, dockerfile: { path: candidate } })).imageId;
    info = await engine.inspectImage(imageId);
    history = await engine.history(imageId);
    tar = join(tmp, "image.tar");
    execFileSync(DOCKER, ["save", "-o", tar, imageId]);
  }, 600_000);

  function checkAgainstDocker(j: InspectJson): void {
    expect(j.id).toBe(imageId);
    expect(Math.abs(j.sizes.uncompressed - info.size)).toBeLessThanOrEqual(info.size * 0.01);
    expect(j.layers.map((l) => l.diffId)).toEqual(info.layers);
    // docker history: newest first, one entry per config history item; the non-empty ones are the layers
    const newestLast = [...history].reverse();
    expect(newestLast.map((h) => h.createdBy)).toEqual(j.history.map((h) => h.createdBy ?? ""));
    const sized = newestLast.filter((_, i) => !j.history[i]?.emptyLayer);
    expect(sized).toHaveLength(j.layers.length);
    j.layers.forEach((l, i) => {
      const theirs = sized[i]?.size ?? -1;
      expect(Math.abs(l.size - theirs), `layer ${i} (${l.instruction}): ours ${l.size}, docker ${theirs}`).toBeLessThanOrEqual(theirs * 0.01);
    });
  }

  it("inspect IMAGE: sizes per layer and in total agree with docker within 1%", async () => {
    const run = await runCli(["inspect", imageId, "--format", "json"]);
    expect(run.code).toBe(0);
    const j = JSON.parse(run.stdout) as InspectJson;
    checkAgainstDocker(j);
    expect(j.layers.slice(-2).map((l) => l.instruction)).toEqual(["COPY /opt/venv /opt/venv", "COPY . ."]);
    expect(j.packages.filter((p) => p.buildOnly)).toEqual([]);
    expect(j.packages.map((p) => p.name)).toContain("libmariadb3");
    expect(j.linkage.elfFiles).toBeGreaterThan(100);
    expect(j.linkage.missingLibraries).toEqual([]);
  });

  it("inspect --tar reads the same numbers from a docker save tarball; text and html outputs", async () => {
    const run = await runCli(["inspect", "--tar", tar, "--format", "json"]);
    expect(run.code).toBe(0);
    checkAgainstDocker(JSON.parse(run.stdout) as InspectJson);
    const text = await runCli(["inspect", "--tar", tar]);
    expect(text.stdout).toMatch(/^Linkage: \d+ ELF files, 0 unresolved libraries$/m);
    expect(text.stdout).toMatch(/^Packages: \d+ \(dpkg\), 0 build-only$/m);
    const html = join(tmp, "report.html");
    const h = await runCli(["inspect", "--tar", tar, "--format", "html", "-o", html]);
    expect(h.code).toBe(0);
    expect(existsSync(html)).toBe(true);
    expect(readFileSync(html, "utf8")).toMatch(/^<!doctype html>[\s\S]*<svg[\s\S]*COPY \. \.[\s\S]*<\/html>\n$/);
  });

  it("inspect errors: a missing image (engine error, exit 1), a file that is not an image (exit 2), no argument (exit 2)", async () => {
    const missing = await runCli(["inspect", "slimstage-no-such-image:0"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^slimstage: error: docker save failed: /m);
    const notTar = await runCli(["inspect", "--tar", candidate]);
    expect(notTar.code).toBe(2);
    expect(notTar.stderr).toMatch(/^slimstage: error: /);
    expect(notTar.stderr).not.toMatch(/internal error| {4}at /);
    const none = await runCli(["inspect"]);
    expect(none.code).toBe(2);
    expect(none.stderr).toBe("slimstage: error: give an image or --tar FILE (exactly one)\n");
  });

  it("build: plain progress on stderr, the summary on stdout; --progress json gives JSON lines ending in the result", async () => {
    const plain = await runCli(["build", candidate, "--context", context, "--network", "host", "--progress", "plain"]);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(
      new RegExp(`^built ${imageId}\\n  ${candidate.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}: [\\d.]+ [kMG]?B, [\\d.]+s, (\\d+) of 9 steps from cache\\n$`),
    );
    expect(plain.stderr).toMatch(/^#\d+ \[stage-1 5\/5\] COPY \. \.$/m);
    expect(plain.stderr).toMatch(/^#\d+ CACHED$/m);
    const json = await runCli(["build", candidate, "--context", context, "--network", "host", "--progress", "json", "-t", "slimstage-e2e:verify"]);
    expect(json.code).toBe(0);
    const records = json.stdout
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(
      records.slice(0, -1).every((r) => ["step-start", "step-end", "step-log", "step-status", "warning", "notice", "output"].includes(r.type as string)),
    ).toBe(true);
    const result = records.at(-1) as { type: string; imageId: string; sizeBytes: number; totalSteps: number; cachedSteps: number; tags: string[] };
    expect(result).toMatchObject({ type: "result", imageId, sizeBytes: info.size, totalSteps: 9, tags: ["slimstage-e2e:verify"] });
    expect(result.cachedSteps).toBeGreaterThanOrEqual(7); // everything but the FROMs, which BuildKit reports as resolved
    await engine.removeImage("slimstage-e2e:verify").catch(() => {});
  });

  it("build reports a failing step with its output and exits 1; a broken Dockerfile is a located usage error", async () => {
    const dir = mkdtempSync(join(tmpdir(), "slimstage-build-e2e-"));
    const failing = await runCli(["build", "-", "--context", dir, "--network", "host", "--progress", "plain"], {
      stdin: "FROM debian:bookworm-slim\nRUN echo boom >&2 && exit 3\n",
    });
    expect(failing.code).toBe(1);
    expect(failing.stderr).toMatch(/slimstage: error: build failed at \[2\/2\] RUN echo boom >&2 && exit 3/);
    expect(failing.stderr).toMatch(/\| boom/);
    const broken = await runCli(["build", "-", "--context", dir], { stdin: "FROM debian:bookworm-slim\nRUN <<EOF\necho hi\n" });
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/^<stdin>:2:1: .*unterminated heredoc/);
  });
});
