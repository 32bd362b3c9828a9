import { beforeAll, describe, expect, it } from "vitest";
import { loadShellParser } from "../shell/script.js";
import { parseDockerfile } from "../syntax/index.js";
import { convertDockerfileSync } from "./convert.js";
import { buildOnlyProvider } from "./final-runs.js";
import type { ConvertResult } from "./types.js";

beforeAll(loadShellParser);
const convert = (text: string): ConvertResult => convertDockerfileSync(parseDockerfile(text, { file: "Dockerfile" }));

describe("final-stage RUNs and build-only packages", () => {
  it("names the build-only package that provides a command", () => {
    expect(buildOnlyProvider("git", new Set(["git"]))).toBe("git");
    expect(buildOnlyProvider("make", new Set(["build-essential"]))).toBe("build-essential");
    expect(buildOnlyProvider("gcc-12", new Set(["gcc-12"]))).toBe("gcc-12");
    expect(buildOnlyProvider("git", new Set(["gcc"]))).toBeUndefined();
    expect(buildOnlyProvider("node", new Set(["git"]))).toBeUndefined();
  });

  // jessfraz/dockerfiles parrot-live, reduced: before, the final stage ran `git clone` without git and did not build
  it("declines a RUN the final stage repeats that needs git, which the split leaves in the builder", () => {
    const r = convert(
      'FROM node:18-alpine\nRUN apk add --no-cache git\nRUN git clone --depth 1 https://example.com/app.git /src\nWORKDIR /src\nRUN npm install\nCMD ["node", "index.js"]\n',
    );
    expect(r.status).toBe("declined");
    if (r.status !== "declined") return;
    expect(r.declines[0]!.lines).toEqual([3, 2]);
    expect(r.declines[0]!.reason).toBe(
      "line 3: `git clone --depth 1 https://example.com/app.git /src` runs in the final stage too, but git comes from git (line 2), which is build-only and stays in the builder",
    );
  });

  it("still converts when the command that needed git runs in the build RUN itself", () => {
    const r = convert(
      'FROM node:18-alpine\nRUN apk add --no-cache git\nWORKDIR /src\nCOPY . .\nRUN npm install && git describe --always > VERSION\nCMD ["node", "index.js"]\n',
    );
    expect(r.status).toBe("converted");
  });
});

describe("go install and a start command that names $GOBIN", () => {
  // GoogleCloudPlatform/golang-samples endpoints/getting-started-grpc: ENTRYPOINT ["/go/bin/server"]
  it("copies the commands to the directory the start command names", () => {
    const r = convert('FROM golang:1.19\nCOPY . /go/src/app\nWORKDIR /go/src/app\nRUN go install ./server\nENTRYPOINT ["/go/bin/server"]\n');
    if (r.status !== "converted") throw new Error(JSON.stringify(r));
    expect(r.dockerfile).toContain("COPY --from=builder /go/bin/ /go/bin/");
    expect(r.dockerfile).not.toContain("/usr/local/bin/");
  });

  it("puts them on the standard PATH when the start command runs them by name", () => {
    const r = convert('FROM golang:1.19\nCOPY . /go/src/app\nWORKDIR /go/src/app\nRUN go install ./server\nCMD ["server"]\n');
    if (r.status !== "converted") throw new Error(JSON.stringify(r));
    expect(r.dockerfile).toContain("COPY --from=builder /go/bin/ /usr/local/bin/");
  });
});

describe("Python tool upgrades are no gain", () => {
  // python-docs-samples timeseries-classification: `pip install --upgrade pip` on a slim base was the only "gain"
  it("says nothing to gain when the only thing left behind would be pip itself", () => {
    const r = convert(
      'FROM python:3.11-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir --upgrade pip && pip install --no-cache-dir -r requirements.txt\nCMD ["python", "app.py"]\n',
    );
    expect(r.status).toBe("nothing-to-gain");
  });
});

describe("a RUN slimstage cannot read is never called lean", () => {
  it("declines, with the line, a shell nested deeper than the analysis follows, instead of saying nothing to gain", () => {
    const deep = `${"$(".repeat(250)}true${")".repeat(250)}`;
    const r = convert(`FROM debian:bookworm-slim\nRUN echo ${deep}\nCMD ["true"]\n`);
    expect(r.status).toBe("declined");
    if (r.status === "declined")
      expect(r.declines[0]!.reason).toMatch(/^line 2: the shell in this RUN does not parse \(shell constructs nested more than 200 levels deep /);
  });
});
