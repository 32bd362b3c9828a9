import { describe, expect, it } from "vitest";
import { factsOf, useShellParser } from "../test-support.js";
import { download } from "./download.js";

useShellParser();

describe("download recogniser", () => {
  it("reads curl -o, -O, and piping to stdout", () => {
    expect(factsOf(download, "curl -fsSL -o /tmp/go.tgz https://go.dev/dl/go1.22.0.linux-amd64.tar.gz")[0]).toMatchObject({
      tool: "curl",
      output: "/tmp/go.tgz",
      toStdout: false,
      network: true,
      outputs: ["/tmp/go.tgz"],
    });
    expect(factsOf(download, "curl -LO https://example.com/a/tool.zip", { cwd: "/tmp" })[0]).toMatchObject({ output: "tool.zip", outputs: ["/tmp/tool.zip"] });
    expect(factsOf(download, "curl -sSL https://get.example.com | sh")[0]).toMatchObject({ toStdout: true, urls: ["https://get.example.com"], outputs: [] });
  });

  it("reads wget -O and -P (adoptium/containers, Apache-2.0)", () => {
    expect(factsOf(download, "wget -O /tmp/openjdk.tar.gz ${BINARY_URL}", { env: { BINARY_URL: "https://github.com/x/jdk.tar.gz" } })[0]).toMatchObject({
      tool: "wget",
      output: "/tmp/openjdk.tar.gz",
      urls: ["https://github.com/x/jdk.tar.gz"],
    });
    expect(factsOf(download, "wget -q -P /opt https://x.org/f.tgz")[0]).toMatchObject({ output: "/opt/f.tgz" });
    expect(factsOf(download, "wget -q -O- https://x.org/a.tar.gz")[0]).toMatchObject({ toStdout: true });
    expect(factsOf(download, "curl --version")).toEqual([]);
    // apache/kafka tests/docker/Dockerfile (Apache-2.0): the mirror comes from an ARG
    expect(factsOf(download, "curl -s $KAFKA_MIRROR/kafka_2.11-0.10.0.1.tgz")[0]).toMatchObject({
      urls: ["$KAFKA_MIRROR/kafka_2.11-0.10.0.1.tgz"],
      toStdout: true,
    });
  });
});
