import { describe, expect, it } from "vitest";
import { parseScript } from "../../shell/script.js";
import { analyzeScript } from "../analyze.js";
import { factsOf, useShellParser } from "../test-support.js";
import { go } from "./go.js";

useShellParser();

describe("go recogniser", () => {
  it("reads CGO_ENABLED and GOOS prefixes and -o (GoogleCloudPlatform/golang-samples, Apache-2.0)", () => {
    const [f] = factsOf(go, "CGO_ENABLED=0 GOOS=linux go build -v -o handle_task", { cwd: "/app" });
    expect(f).toMatchObject({ kind: "go", op: "build", cgoEnabled: "0", goos: "linux", output: "handle_task", packages: [] });
    expect(f!.outputs).toEqual(["/app/handle_task", "/go/pkg/mod", "/root/.cache/go-build"]);
  });

  it("reads -ldflags with spaces, -trimpath, -tags, and a package path without -o", () => {
    const [f] = factsOf(go, `go build -trimpath -tags netgo -ldflags="-s -w -X main.version=$VERSION" ./cmd/server`, { cwd: "/src", env: { VERSION: "1.2" } });
    expect(f).toMatchObject({ ldflags: "-s -w -X main.version=1.2", tags: "netgo", trimpath: true, packages: ["./cmd/server"] });
    expect(f!.outputs[0]).toBe("/src/server");
  });

  it("takes CGO_ENABLED from ENV or an earlier export, and reads mod download and install", () => {
    const s = parseScript("export CGO_ENABLED=0 && go mod download && go install ./...");
    const facts = analyzeScript(s, { env: { GOPATH: "/go" }, recognizers: [go] }).facts;
    expect(facts).toMatchObject([
      { op: "mod-download", cgoEnabled: "0", network: true, outputs: ["/go/pkg/mod"] },
      { op: "install", outputs: ["/go/bin", "/go/pkg/mod", "/root/.cache/go-build"] },
    ]);
    expect(factsOf(go, "go build -mod=vendor -o /out/app .")[0]).toMatchObject({
      network: false,
      outputs: ["/out/app", "/go/pkg/mod", "/root/.cache/go-build"],
    });
    expect(factsOf(go, "go version")).toEqual([]);
  });
});
