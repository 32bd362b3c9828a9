// The search's distroless candidate for a compiled program whose final stage installs runtime libraries (issue 11),
// on the engine, stand-in images only, host network: the C++ ledger linking SQLite ends on distroless cc with only
// the library files ldd resolves, at most 40% of the conservative size, and prints the same ledger.
import { spawnSync } from "node:child_process";
import { expect, it } from "vitest";
import { DOCKER, describeWithEngine } from "../support/engine.js";
import { fixtureDir, searchFixture } from "../support/search.js";

describeWithEngine("convert --verify moves a program with runtime libraries to distroless cc", () => {
  it(
    "the SQLite ledger ends on distroless cc with libsqlite3's library file, and prints the same ledger",
    async () => {
      const { r } = await searchFixture(fixtureDir("convert", "c-cmake-cxx-sqlite"), { probes: ["default"] });
      const chosen = r.attempts[r.chosen!]!;
      expect(chosen.candidate).toMatch(/^final-base:distroless-cc/);
      const conservative = r.attempts.find((a) => a.candidate === "conservative")!;
      expect(chosen.sizeBytes!).toBeLessThanOrEqual(conservative.sizeBytes! * 0.4);
      const written = r.result.status === "converted" ? r.result.dockerfile : "";
      expect(written).toMatch(/^FROM gcr\.io\/distroless\/cc-debian12$/m);
      expect(written).toContain("COPY --from=runtime-libs /slimstage/libs/ /");
      // no missing library, and the one the program links came across (distroless has no shell: read the layer list)
      expect(r.report!.findings.filter((f) => f.kind === "missing-library")).toEqual([]);
      const image = r.report!.candidate.imageId!;
      const cid = spawnSync(DOCKER, ["create", image, "x"], { encoding: "utf8" }).stdout.trim();
      const save = spawnSync("sh", ["-c", `"$0" export "$1" | tar -t`, DOCKER, cid], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
      spawnSync(DOCKER, ["rm", cid]);
      const files = save.stdout.split("\n");
      expect(files).toContain("usr/lib/x86_64-linux-gnu/libsqlite3.so.0");
      expect(files.filter((f) => /bin\/(sh|bash|apt-get|dpkg)$/.test(f))).toEqual([]);
      const run = spawnSync(DOCKER, ["run", "--rm", "--network", "host", image], { encoding: "utf8" });
      expect(run.stdout).toBe("cash          476.55\nrent          900.00\nrevenue     -1500.00\nsupplies      123.45\nbalanced: yes\n");
    },
    20 * 60_000,
  );
});
