import { beforeAll, describe, expect, it } from "vitest";
import { loadShellParser } from "../shell/script.js";
import { parseDockerfile } from "../syntax/index.js";
import { convertDockerfileSync } from "./convert.js";
import { defaultExecName, modulePath } from "./go-output.js";
import type { ContextReader } from "./types.js";

beforeAll(loadShellParser);
const ctx = (files: Record<string, string>): ContextReader => ({ read: (p) => files[p] });
const convert = (text: string, files?: Record<string, string>) =>
  convertDockerfileSync(parseDockerfile(text, { file: "Dockerfile" }), files ? { context: ctx(files) } : {});
const copies = (r: ReturnType<typeof convert>) =>
  r.status === "converted" ? r.dockerfile.split("\n").filter((l) => l.startsWith("COPY --from=builder")) : [r.status];

describe("go build without -o", () => {
  it("names the binary after the module path (a /vN suffix skipped), in the directory the build runs in", () => {
    expect(defaultExecName("github.com/acme/tally/v2")).toBe("tally");
    expect(defaultExecName("example.com/hello")).toBe("hello");
    expect(defaultExecName("hello")).toBe("hello");
    expect(modulePath('// x\nmodule "example.com/a/b"\n\ngo 1.19\n')).toBe("example.com/a/b");
    const r = convert('FROM golang:1.19\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build\nCMD ["/src/tally", "report"]\n', {
      "go.mod": "module github.com/acme/tally/v2\n\ngo 1.19\n",
    });
    expect(copies(r)).toEqual(["COPY --from=builder /src/tally /src/tally"]);
  });

  it("finds go.mod above a package directory and adds the package's path", () => {
    const r = convert('FROM golang:1.19\nWORKDIR /src\nCOPY . .\nRUN cd cmd/api && go build .\nCMD ["/src/cmd/api/api"]\n', {
      "go.mod": "module example.com/shop\n",
    });
    expect(copies(r)).toEqual(["COPY --from=builder /src/cmd/api/api /src/cmd/api/api"]);
  });

  it("uses the directory's name in GOPATH mode (no go.mod), and file names for go build main.go", () => {
    const gopath = convert('FROM golang:1.19\nENV GO111MODULE=off\nWORKDIR /go/src/github.com/acme/hello\nCOPY . .\nRUN go build\nCMD ["./hello"]\n', {
      "main.go": "package main",
    });
    expect(copies(gopath)).toEqual(["COPY --from=builder /go/src/github.com/acme/hello/hello /go/src/github.com/acme/hello/hello"]);
    const files = convert('FROM golang:1.19\nWORKDIR /app\nCOPY . .\nRUN go build main.go util.go\nCMD ["./main"]\n');
    expect(copies(files)).toEqual(["COPY --from=builder /app/main /app/main"]);
  });

  it("still declines without a context to read go.mod from, saying so", () => {
    const r = convert('FROM golang:1.19\nWORKDIR /src\nCOPY . .\nRUN go build\nCMD ["./app"]\n');
    expect(r.status).toBe("declined");
    if (r.status === "declined") expect(r.declines[0]!.reason).toMatch(/pass --context so slimstage can read go\.mod/);
  });
});
