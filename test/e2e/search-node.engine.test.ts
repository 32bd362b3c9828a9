// The search's Node build caches (issue 11) on the engine, stand-in images only, host network: a TypeScript app whose
// incremental build keeps its tsbuildinfo in node_modules/.cache ends on the candidate without the caches, which
// behaves the same and no longer has them.
import { spawnSync } from "node:child_process";
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { DOCKER, describeWithEngine } from "../support/engine.js";
import { copyFixture, fixtureDir, knowledgeWithBase, searchFixture } from "../support/search.js";

describeWithEngine("convert --verify leaves a Node build's caches out", () => {
  it(
    "a TypeScript build's node_modules/.cache is removed in the builder, and the app still runs",
    async () => {
      // the node-typescript fixture, with an incremental build whose tsbuildinfo goes to node_modules/.cache
      const dir = copyFixture(fixtureDir("convert", "node-typescript"));
      copyFileSync(join(fixtureDir("search", "node-build-cache"), "tsconfig.json"), join(dir, "tsconfig.json"));
      const { r } = await searchFixture(dir, { copy: false, knowledge: knowledgeWithBase("node:18-slim") });
      expect(r.attempts.map((a) => [a.candidate, a.verdict])).toEqual([
        ["node-cache:dropped", "pass"],
        ["conservative", "skipped"],
      ]);
      const [chosen, conservative] = r.attempts;
      expect(chosen!.sizeBytes!).toBeLessThan(conservative!.sizeBytes!);
      const written = r.result.status === "converted" ? r.result.dockerfile : "";
      expect(written).toContain("RUN cd /usr/src/app && rm -rf node_modules/.cache .next/cache .npm\n");
      const image = r.report!.candidate.imageId!;
      const ls = (img: string) =>
        spawnSync(DOCKER, ["run", "--rm", "--network", "host", "--entrypoint", "sh", img, "-c", "ls node_modules/.cache 2>&1; ls node_modules"], {
          encoding: "utf8",
        }).stdout;
      // the original kept the tsbuildinfo; the chosen image has no cache, and commander is still there
      const original = r.report!.original.imageId!;
      expect(ls(original)).toContain("tsc");
      const after = ls(image);
      expect(after).toMatch(/node_modules\/\.cache'?: No such file or directory/);
      expect(after).toContain("commander");
    },
    20 * 60_000,
  );
});
