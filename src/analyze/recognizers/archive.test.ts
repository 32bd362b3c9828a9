import { describe, expect, it } from "vitest";
import { analyze, factsOf, useShellParser } from "../test-support.js";
import { archive } from "./archive.js";

useShellParser();

describe("archive recogniser", () => {
  it("reads old-style tar (apache/kafka docker/jvm, Apache-2.0) and -xJC clusters", () => {
    expect(factsOf(archive, "tar xfz kafka.tgz -C /opt/kafka --strip-components 1")[0]).toMatchObject({
      tool: "tar",
      archive: "kafka.tgz",
      targetDir: "/opt/kafka",
      strip: 1,
      fromStdin: false,
      outputs: ["/opt/kafka"],
    });
    // GoogleCloudPlatform/python-docs-samples .kokoro/docker/Dockerfile (Apache-2.0)
    expect(factsOf(archive, "tar -xJC /usr/src/python --strip-components=1 -f python.tar.xz")[0]).toMatchObject({
      archive: "python.tar.xz",
      targetDir: "/usr/src/python",
      strip: 1,
    });
    expect(factsOf(archive, "tar -czf out.tgz dir")).toEqual([]);
  });

  it("reads a download piped into tar, and unzip -d", () => {
    const a = analyze("curl -fsSL https://x.org/a.tgz | tar -xz -C /usr/local");
    expect(a.facts.map((f) => f.kind)).toEqual(["download", "unpack"]);
    expect(a.facts[1]).toMatchObject({ fromStdin: true, targetDir: "/usr/local" });
    expect(factsOf(archive, "unzip -q /tmp/x.zip -d /opt/x")[0]).toMatchObject({ tool: "unzip", archive: "/tmp/x.zip", outputs: ["/opt/x"] });
  });
});
