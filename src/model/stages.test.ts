import { describe, expect, it } from "vitest";
import { DockerfileError } from "../errors.js";
import { parseDockerfile } from "../syntax/index.js";
import { buildModel, type ModelOptions } from "./stages.js";

const model = (text: string, opts: ModelOptions = {}) => buildModel(parseDockerfile(text, { file: "Dockerfile" }), opts);
const stepOf = (text: string, stage: number, step: number, opts: ModelOptions = {}) => model(text, opts).stages[stage]!.steps[step]!;

describe("stages", () => {
  it("names stages case-insensitively and resolves FROM only backwards", () => {
    const m = model("FROM golang:1.22 AS Build\nFROM build AS test\nFROM scratch\nFROM later\nFROM alpine AS later\n");
    expect(m.stages.map((s) => [s.name, s.base])).toEqual([
      ["build", { kind: "image", ref: "golang:1.22", unresolved: [] }],
      ["test", { kind: "stage", index: 0, name: "build" }],
      [undefined, { kind: "scratch" }],
      [undefined, { kind: "image", ref: "later", unresolved: [] }],
      ["later", { kind: "image", ref: "alpine", unresolved: [] }],
    ]);
  });

  it("rejects duplicate and reserved stage names and instructions before FROM", () => {
    expect(() => model("FROM a AS x\nFROM b AS X\n")).toThrow(/duplicate stage name "x"/);
    expect(() => model("FROM a AS scratch\n")).toThrow(/the name is reserved/);
    expect(() => model("RUN true\nFROM a\n")).toThrow("Dockerfile:1:1: no build stage in current context");
  });

  it("inherits ENV and WORKDIR from a parent stage", () => {
    const m = model("FROM a AS base\nENV X=1\nWORKDIR /app\nFROM base\nRUN true\n");
    expect(m.stages[1]!.env.get("X")).toBe("1");
    expect(m.stages[1]!.steps[0]!.workdir).toBe("/app");
  });
});

describe("ARG scoping and expansion", () => {
  const text = [
    "ARG VERSION=3.11",
    "ARG VARIANT=slim",
    "ARG IMAGE=python:${VERSION}-${VARIANT}",
    "FROM ${IMAGE} AS base",
    "RUN echo $VERSION",
    "ARG VERSION",
    "ARG LOCAL=x-${VERSION}",
    "ENV LOCAL=env-wins",
    "WORKDIR /opt/$LOCAL",
    "",
  ].join("\n");

  it("expands FROM with global ARGs", () => {
    expect(model(text).stages[0]!.baseName).toBe("python:3.11-slim");
  });

  it("applies build-arg overrides to global and stage ARGs", () => {
    const m = model(text, { buildArgs: { VERSION: "3.12", LOCAL: "cli" } });
    expect(m.stages[0]!.baseName).toBe("python:3.12-slim");
    expect(m.stages[0]!.args.get("LOCAL")).toBe("cli");
  });

  it("makes a global ARG visible in a stage only after re-declaration, and lets ENV shadow ARG", () => {
    const m = model(text);
    expect(m.stages[0]!.steps[0]!.expanded).toEqual({ mounts: [] }); // the RUN command itself is not expanded by BuildKit
    expect(m.stages[0]!.steps[1]!.expanded.args).toEqual([{ key: "VERSION", value: "3.11" }]);
    expect(m.stages[0]!.steps[2]!.expanded.args).toEqual([{ key: "LOCAL", value: "x-3.11" }]);
    expect(m.stages[0]!.steps[4]!.expanded.path).toBe("/opt/env-wins");
    expect(m.stages[0]!.workdir).toBe("/opt/env-wins");
  });

  it("does not see global ARGs in a stage without re-declaration", () => {
    const s = stepOf("ARG DIR=/srv\nFROM a\nWORKDIR $DIR/app\n", 0, 0);
    expect(s.expanded.path).toBe("/app");
    expect(s.undefinedVars).toEqual(["DIR"]);
  });

  it("provides the platform ARGs globally and on request inside stages", () => {
    const m = model("FROM --platform=$BUILDPLATFORM golang AS b\nARG TARGETARCH\nENV GOARCH=$TARGETARCH\n", {
      platform: { build: "linux/amd64", target: "linux/arm64/v8" },
    });
    expect(m.stages[0]!.platform).toBe("linux/amd64");
    expect(m.stages[0]!.env.get("GOARCH")).toBe("arm64");
  });

  it("keeps a base whose ARG has no value as written, naming the missing variable", () => {
    const m = model("ARG BASE\nFROM ${BASE}\n");
    expect(m.stages[0]!.base).toEqual({ kind: "image", ref: "${BASE}", unresolved: ["BASE"] });
    expect(model("ARG BASE\nFROM ${BASE}\n", { buildArgs: { BASE: "debian:12" } }).stages[0]!.base).toEqual({
      kind: "image",
      ref: "debian:12",
      unresolved: [],
    });
  });

  it("rejects a base that expands to nothing no --build-arg could fill, with BuildKit's error", () => {
    for (const [text, image] of [
      ["FROM $UNDEF\nRUN true\n", "$UNDEF"],
      ["ARG X=\nFROM ${X}\n", "${X}"],
      ["FROM ${A:-}${B}\n", "${A:-}${B}"],
    ] as const) {
      let error: unknown;
      try {
        model(text, { buildArgs: { UNDEF: "debian:12" } });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DockerfileError);
      const e = error as DockerfileError;
      expect(e.reason).toBe(`base name (${image}) should not be blank`);
      expect(e.range?.start.line).toBe(text.startsWith("ARG") ? 2 : 1);
    }
  });

  it("expands COPY, ENV, LABEL, USER, EXPOSE, VOLUME and STOPSIGNAL, and resolves relative WORKDIRs", () => {
    const m = model(
      "FROM a\nARG U=app P=8080 D=/data\nENV HOME=/home/$U\nLABEL owner=$U\nWORKDIR $HOME\nWORKDIR src/../lib\nCOPY --chown=$U:$U ./$U/ ${HOME}/\nUSER $U\nEXPOSE $P 9090\nVOLUME $D\nSTOPSIGNAL SIG$U\n",
    );
    const ex = m.stages[0]!.steps.map((s) => s.expanded);
    expect(ex[1]!.pairs).toEqual([{ key: "HOME", value: "/home/app", legacy: false }]);
    expect(ex[2]!.pairs).toEqual([{ key: "owner", value: "app", legacy: false }]);
    expect(m.stages[0]!.steps[5]!.workdir).toBe("/home/app/lib");
    expect(ex[5]).toEqual({ sources: ["./app/"], dest: "/home/app/", chown: "app:app" });
    expect(ex[6]!.user).toBe("app");
    expect(ex[7]!.ports).toEqual(["8080", "9090"]);
    expect(ex[8]!.paths).toEqual(["/data"]);
    expect(ex[9]!.signal).toBe("SIGapp");
  });

  it("evaluates all pairs of one ENV against the values before it", () => {
    const m = model("FROM a\nENV A=1\nENV A=2 B=$A\n");
    expect(m.stages[0]!.env.get("B")).toBe("1");
  });

  it("reports expansion errors at the instruction", () => {
    try {
      model("FROM a\nARG NAME\nWORKDIR ${NAME:?NAME must be set}\n");
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DockerfileError);
      expect((e as DockerfileError).message).toMatch(/^Dockerfile:3:1: .*NAME must be set/);
    }
  });

  it("warns about undefined variables", () => {
    const m = model("FROM a\nCOPY $MISSING /x\n");
    expect(m.warnings.map((w) => [w.code, w.range.start.line])).toEqual([["undefined-var", 2]]);
  });
});
