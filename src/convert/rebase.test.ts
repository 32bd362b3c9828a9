import { beforeAll, describe, expect, it } from "vitest";
import { loadShellParser } from "../shell/script.js";
import { parseDockerfile } from "../syntax/index.js";
import { convertDockerfileSync } from "./convert.js";

beforeAll(loadShellParser);
const convert = (text: string, runtimeBase?: string) =>
  convertDockerfileSync(parseDockerfile(text, { file: "Dockerfile" }), runtimeBase ? { runtimeBase } : {});
const build = (cgo: string) => `FROM golang:1.19 AS build\nWORKDIR /src\nCOPY . .\nRUN ${cgo}go build -o /out/server .\n\n`;

describe("a Go program built in an earlier stage that runs on the toolchain image", () => {
  it("moves the final stage to distroless static for a static binary, keeping every instruction and adding no stage", () => {
    const text = `${build("CGO_ENABLED=0 ")}FROM golang:1.19\nWORKDIR /app\nCOPY --from=build /out/server /app/server\nCOPY config.yaml /app/\nCMD ["/app/server"]\n`;
    const r = convert(text);
    if (r.status !== "converted") throw new Error(r.status);
    expect(r.dockerfile.startsWith(build("CGO_ENABLED=0 "))).toBe(true);
    expect(r.dockerfile).toContain("FROM gcr.io/distroless/static-debian12\n");
    expect(r.dockerfile).toMatch(
      /WORKDIR \/go\n\nWORKDIR \/app\nCOPY --from=build \/out\/server \/app\/server\nCOPY config.yaml \/app\/\nCMD \["\/app\/server"\]\n$/,
    );
    expect(parseDockerfile(r.dockerfile).instructions.filter((i) => i.name === "from")).toHaveLength(2);
    expect(r.decisions[0]!.message).toMatch(/^line 6: the final stage only runs \/out\/server, built in an earlier stage with CGO_ENABLED=0 \(static\)/);
  });

  it("keeps glibc for a cgo binary and a shell for a shell-form command", () => {
    const cgo = convert(`${build("")}FROM golang:1.19\nCOPY --from=build /out/server /usr/local/bin/server\nENTRYPOINT ["server"]\n`);
    expect(cgo.status === "converted" && cgo.dockerfile).toContain("FROM gcr.io/distroless/base-debian12\n");
    const shell = convert(`${build("CGO_ENABLED=0 ")}FROM golang:1.19 AS app\nCOPY --from=build /out/server /usr/local/bin/server\nCMD server --port $PORT\n`);
    expect(shell.status === "converted" && shell.dockerfile).toMatch(/FROM debian:[a-z]+-slim AS app\n/);
  });

  it("takes a copied directory the build wrote the binary into as the binary's copy", () => {
    const r = convert(`${build("CGO_ENABLED=0 ")}FROM golang:1.19\nCOPY --from=build /out/ /app/\nCMD ["/app/server"]\n`);
    expect(r.status === "converted" && r.dockerfile).toContain("FROM gcr.io/distroless/static-debian12\n");
    // the whole filesystem is not the binary: not distroless (multi-stage.ts moves it to Debian slim instead)
    const all = convert(`${build("CGO_ENABLED=0 ")}FROM golang:1.19\nCOPY --from=build / /app/\nCMD ["/app/server"]\n`);
    expect(all.status === "converted" && all.plan.finalBase).toBe("debian:bookworm-slim");
  });

  it("leaves a final stage that runs anything or copies what no Go build made to multi-stage.ts (Debian slim, or a decline)", () => {
    const run = convert(`${build("CGO_ENABLED=0 ")}FROM golang:1.19\nCOPY --from=build /out/server /app/server\nRUN go version\nCMD ["/app/server"]\n`);
    expect(run.status === "declined" && run.declines.map((d) => d.id)).toEqual(["toolchain-final-run"]);
    const assets = convert(`${build("CGO_ENABLED=0 ")}FROM golang:1.19\nCOPY --from=build /src/assets /app/assets\nCMD ["/app/server"]\n`);
    expect(assets.status === "converted" && assets.plan.finalBase).toBe("debian:bookworm-slim");
  });
});
