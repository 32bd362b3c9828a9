// The reader against the engine's own numbers: a tiny image built for real, saved, inspected, and compared with
// `docker image inspect`, `docker history` and the file tree a container sees.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeWithEngine } from "../../test/support/engine.js";
import { DockerCliEngine } from "../engine/docker-cli.js";
import { inspectArchive, type InspectResult } from "./inspect.js";

const DOCKERFILE = `FROM debian:bookworm-slim
RUN mkdir -p /data && head -c 300000 /dev/urandom > /data/blob && echo kept > /data/kept && ln -s kept /data/link
RUN rm /data/blob && echo changed > /etc/hostname.slimstage
`;

// Paths the runtime adds or mounts over; they are not part of the image.
const RUNTIME = /^(proc|sys|dev)(\/|$)|^\.dockerenv$|^etc\/(hosts|hostname|resolv\.conf|mtab)$/;

describeWithEngine("image reader vs the engine", () => {
  const engine = new DockerCliEngine({ network: "host" });
  let imageId = "";
  let result: InspectResult;

  beforeAll(async () => {
    const ctx = mkdtempSync(join(tmpdir(), "slimstage-inspect-"));
    imageId = (await engine.build({ context: ctx, dockerfile: { text: DOCKERFILE } })).imageId;
    result = await inspectArchive(engine.save(imageId));
  }, 180_000);
  afterAll(async () => {
    if (imageId) await engine.removeImage(imageId, { force: true }).catch(() => {});
  });

  it("layer sizes and the total agree with docker history / image inspect within 1%", async () => {
    const { report } = result;
    const info = await engine.inspectImage(imageId);
    expect(Math.abs(report.sizeBytes - info.size) / info.size).toBeLessThan(0.01);
    // docker history lists every config history entry, newest first; the non-empty ones are the layers.
    const dockerHistory = (await engine.history(imageId)).reverse();
    expect(dockerHistory).toHaveLength(report.history.length);
    const perLayer = dockerHistory.filter((_, i) => !report.history[i]?.emptyLayer);
    expect(report.layers).toHaveLength(info.layers.length);
    expect(perLayer).toHaveLength(report.layers.length);
    report.layers.forEach((l, i) => {
      const theirs = perLayer[i]?.size ?? -1;
      expect(Math.abs(l.sizeBytes - theirs), `layer ${i}: ours ${l.sizeBytes} vs docker ${theirs}`).toBeLessThanOrEqual(theirs * 0.01);
    });
    expect(report.layers.map((l) => l.diffId)).toEqual(info.layers);
    expect(report.id).toBe(imageId);
    // The 300000-byte blob is written by one layer and deleted by the next: wasted, once.
    expect(report.wastedBytes).toBeGreaterThanOrEqual(300_000);
    expect(report.layers[1]?.changes.wastedBytes).toBeGreaterThanOrEqual(300_000);
    expect(report.layers[2]?.changes.removedBytes).toBeGreaterThanOrEqual(300_000);
    expect(report.layers[2]?.createdBy).toMatch(/rm \/data\/blob/);
  });

  it("the final tree matches what a container sees (paths, types, sizes)", async () => {
    const run = await engine.run({
      image: imageId,
      command: ["find", "/", "-xdev", "-mindepth", "1", "-printf", "%P\\t%y\\t%s\\n"],
      timeoutMs: 60_000,
    });
    expect(run.exitCode).toBe(0);
    const seen = new Map<string, { type: string; size: number }>();
    for (const line of run.stdout.split("\n")) {
      const [p, y, s] = line.split("\t");
      if (!p || RUNTIME.test(p)) continue;
      seen.set(p, { type: y ?? "", size: Number(s) });
    }
    const ours = new Map<string, { type: string; size: number }>();
    const letter: Record<string, string> = { file: "f", hardlink: "f", dir: "d", symlink: "l", char: "c", block: "b", fifo: "p" };
    for (const f of result.tree.walk()) {
      if (RUNTIME.test(f.path)) continue;
      const size =
        f.type === "hardlink" ? (result.tree.get(f.linkTarget ?? "")?.size ?? 0) : f.type === "symlink" ? Buffer.byteLength(f.linkTarget ?? "") : f.size;
      ours.set(f.path, { type: letter[f.type] ?? "?", size });
    }
    const onlyOurs = [...ours.keys()].filter((p) => !seen.has(p));
    const onlyTheirs = [...seen.keys()].filter((p) => !ours.has(p));
    expect(onlyOurs).toEqual([]);
    expect(onlyTheirs).toEqual([]);
    for (const [p, o] of ours) {
      const t = seen.get(p);
      expect({ p, type: o.type }).toEqual({ p, type: t?.type });
      if (o.type === "f" || o.type === "l") expect({ p, size: o.size }).toEqual({ p, size: t?.size });
    }
    expect(result.tree.has("data/blob")).toBe(false);
    expect(result.tree.get("data/link")).toMatchObject({ type: "symlink", linkTarget: "kept" });
  });

  it("packages and linkage of a Debian image", () => {
    const { report } = result;
    expect(report.osRelease?.ID).toBe("debian");
    expect(report.packages.find((p) => p.name === "libc6")?.version).toMatch(/^2\.36/);
    expect(report.linkage.files.length).toBeGreaterThan(50);
    expect(report.linkage.unresolved.map((f) => `${f.path}: ${f.unresolved.join(",")}`)).toEqual([]);
    const ls = report.linkage.files.find((f) => f.path === "usr/bin/ls");
    expect(ls?.libraries.find((l) => l.name === "libc.so.6")?.path).toBe("lib/x86_64-linux-gnu/libc.so.6");
  });
});
