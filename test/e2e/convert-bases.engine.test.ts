// Issue 9, class 4 on the engine: a converted Dockerfile whose final FROM follows the original's ARG builds and
// behaves with a --build-arg that changes the base, not only with the default (convert-engine.test.ts builds every
// engine fixture with its defaults). debian:12 and debian:12-slim exist here next to debian:bookworm(-slim).
import { join } from "node:path";
import { beforeAll, expect, it } from "vitest";
import { directoryContext } from "../../src/cli/context-dir.js";
import { convertDockerfileSync } from "../../src/convert/convert.js";
import { createEngine } from "../../src/engine/index.js";
import { buildModel } from "../../src/model/stages.js";
import { loadShellParser } from "../../src/shell/script.js";
import { parseDockerfile } from "../../src/syntax/index.js";
import { loadFixture } from "../fixtures/convert/fixtures.js";
import { runProbe } from "../fixtures/convert/probe.js";
import { describeWithEngine } from "../support/engine.js";

describeWithEngine("a parameterised base converts so that a --build-arg moves both stages", () => {
  const engine = createEngine({ network: "host" });
  beforeAll(loadShellParser);

  it(
    "c-arg-debian-release with --build-arg DEBIAN_RELEASE=12: both stages on Debian 12, same output as the original",
    async () => {
      const f = loadFixture("c-arg-debian-release");
      const r = convertDockerfileSync(parseDockerfile(f.dockerfile, { file: "Dockerfile" }), { context: directoryContext(f.dir) });
      if (r.status !== "converted") throw new Error(JSON.stringify(r));
      const buildArgs = { DEBIAN_RELEASE: "12" };
      // the written final FROM resolves with the build argument exactly as the builder's does
      expect(buildModel(parseDockerfile(r.dockerfile), { buildArgs }).stages.map((s) => s.baseName)).toEqual(["debian:12", "debian:12-slim"]);
      const tag = (kind: string) => `conv-bases-e2e-c-arg-debian-release:${kind}`;
      const o = await engine.build({
        context: f.dir,
        dockerfile: { path: join(f.dir, "Dockerfile") },
        tags: [tag("original-12")],
        buildArgs,
        network: "host",
        timeoutMs: 15 * 60_000,
      });
      const c = await engine.build({
        context: f.dir,
        dockerfile: { text: r.dockerfile, path: join(f.dir, "Dockerfile") },
        tags: [tag("converted-12")],
        buildArgs,
        network: "host",
        timeoutMs: 15 * 60_000,
      });
      expect(o.imageId).toBeTruthy();
      expect(c.imageId).toBeTruthy();
      const before = await runProbe(engine, tag("original-12"), f.probe, { namePrefix: "conv-bases-o" });
      const after = await runProbe(engine, tag("converted-12"), f.probe, { namePrefix: "conv-bases-c" });
      expect(before.ok, `${before.problem}\n${before.log ?? ""}`).toBe(true);
      expect(after.ok, `${after.problem}\n${after.actual}\n${after.log ?? ""}`).toBe(true);
      expect(after.actual).toBe(before.actual);
      const [a, b] = await Promise.all([engine.inspectImage(tag("original-12")), engine.inspectImage(tag("converted-12"))]);
      expect(b.size).toBeLessThan(a.size);
      // gcc is gone from the final image
      const dpkg = await engine.run({
        image: tag("converted-12"),
        entrypoint: ["sh", "-c"],
        command: ["dpkg-query -W -f '${Package}\\n'"],
        network: "host",
        timeoutMs: 60_000,
      });
      expect(dpkg.stdout.split("\n")).not.toContain("gcc");
      console.log(`c-arg-debian-release with DEBIAN_RELEASE=12: ${(a.size / 1e6).toFixed(0)} MB → ${(b.size / 1e6).toFixed(0)} MB`);
    },
    30 * 60_000,
  );
});
