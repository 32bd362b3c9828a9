// The final stage's base for parameterised FROMs (issue 9, class 4) and archived releases (class 5).
import { beforeAll, describe, expect, it } from "vitest";
import { baseImageInfo } from "../knowledge/index.js";
import { loadShellParser } from "../shell/script.js";
import { parseDockerfile } from "../syntax/index.js";
import { convertDockerfileSync } from "./convert.js";
import { chooseFinalBase, followBase, varRefs } from "./final-base.js";

beforeAll(loadShellParser);

const finalFor = (ref: string) => chooseFinalBase(baseImageInfo(ref), ref, { cgo: false }, false);
const follow = (written: string, values: Record<string, string>) => followBase(written, new Map(Object.entries(values)), finalFor);

function convert(text: string, opts: Parameters<typeof convertDockerfileSync>[1] = {}) {
  return convertDockerfileSync(parseDockerfile(text, { file: "Dockerfile" }), opts);
}
const finalFrom = (dockerfile: string) =>
  dockerfile
    .split("\n")
    .filter((l) => l.startsWith("FROM "))
    .at(-1);

describe("varRefs", () => {
  it("finds $X, ${X} and ${X:-default} with their spans", () => {
    expect(varRefs("${REGISTRY}/node:$NODE_VERSION-bullseye")).toEqual([
      { name: "REGISTRY", text: "${REGISTRY}", start: 0, end: 11 },
      { name: "NODE_VERSION", text: "$NODE_VERSION", start: 17, end: 30 },
    ]);
    expect(varRefs("python:${PY:-3.11}").map((r) => r.name)).toEqual(["PY"]);
    expect(follow("python:${PY:-3.11}", { PY: "3.12" })).toMatchObject({ ok: true, text: "python:${PY:-3.11}-slim", resolved: "python:3.12-slim" });
  });
});

describe("followBase: the final FROM follows the original's ARGs", () => {
  it("writes the counterpart with the same variables where their values are", () => {
    expect(follow("python:${PYTHON_VERSION}", { PYTHON_VERSION: "3.11" })).toMatchObject({
      ok: true,
      text: "python:${PYTHON_VERSION}-slim",
      resolved: "python:3.11-slim",
      followed: ["PYTHON_VERSION"],
    });
    expect(follow("node:$NODE_VERSION-bullseye", { NODE_VERSION: "18" })).toMatchObject({ ok: true, text: "node:$NODE_VERSION-bullseye-slim" });
    expect(follow("python:${V}-${D}", { V: "3.11", D: "bookworm" })).toMatchObject({ ok: true, text: "python:${V}-slim-${D}" });
    expect(follow("debian:${RELEASE}", { RELEASE: "bookworm" })).toMatchObject({ ok: true, text: "debian:${RELEASE}-slim" });
    expect(follow("ruby:${RUBY_VERSION}", { RUBY_VERSION: "3.1" })).toMatchObject({ ok: true, text: "ruby:${RUBY_VERSION}-slim" });
  });

  it("keeps an image that is already a runtime image as written", () => {
    expect(follow("python:${PY}-slim", { PY: "3.11" })).toMatchObject({ ok: true, text: "python:${PY}-slim" });
  });

  it("keeps a registry variable in front of a Docker Hub counterpart", () => {
    expect(follow("${REGISTRY}/python:3.11", { REGISTRY: "docker.io" })).toMatchObject({
      ok: true,
      text: "${REGISTRY}/python:3.11-slim",
      followed: ["REGISTRY"],
    });
    expect(follow("${REGISTRY}/library/python:${PY}", { REGISTRY: "mirror.example.com:5000", PY: "3.12" })).toMatchObject({
      ok: true,
      text: "${REGISTRY}/library/python:${PY}-slim",
      resolved: "mirror.example.com:5000/library/python:3.12-slim",
    });
  });

  it("writes a literal only when every value tried gives the same counterpart", () => {
    expect(follow("rust:${RUST_VERSION}-bullseye", { RUST_VERSION: "1.63" })).toMatchObject({ ok: true, text: "debian:bullseye-slim", followed: [] });
    const go = follow("golang:${GO_VERSION}", { GO_VERSION: "1.19" });
    expect(go).toMatchObject({ ok: true, text: "gcr.io/distroless/static-debian12" });
    expect(go.ok && go.note).toMatch(/static binary/);
  });

  it("declines where one FROM cannot follow the variable", () => {
    const rust = follow("rust:${RUST_VERSION}", { RUST_VERSION: "1.63" });
    expect(rust).toMatchObject({ ok: false });
    expect(!rust.ok && rust.reason).toMatch(/rust:1\.63 → debian:bullseye-slim, but rust:\S+ → debian:\w+-slim/);
    expect(!rust.ok && rust.hint).toContain("rust:${RUST_VERSION}-bullseye");
    expect(follow("${BASE_IMAGE}", { BASE_IMAGE: "python:3.11" })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/image name itself comes from \$BASE_IMAGE/),
    });
    expect(follow("python:${TAG}", { TAG: "3.11-bookworm" })).toMatchObject({ ok: false });
    expect(follow("openjdk:${JAVA}", { JAVA: "11" })).toMatchObject({ ok: false }); // 11 → openjdk jre slim, 17 → eclipse-temurin
  });
});

describe("convert with parameterised bases", () => {
  const app =
    'WORKDIR /app\nRUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev && rm -rf /var/lib/apt/lists/*\nCOPY . .\nRUN pip install -r requirements.txt\nCMD ["python", "app.py"]\n';

  it("writes the final FROM with the ARG, and a --build-arg resolves it the same way as the builder", () => {
    const r = convert(`ARG PYTHON_VERSION=3.11\nFROM python:\${PYTHON_VERSION}\n${app}`);
    if (r.status !== "converted") throw new Error(JSON.stringify(r));
    expect(finalFrom(r.dockerfile)).toBe("FROM python:${PYTHON_VERSION}-slim");
    expect(r.plan.finalBase).toBe("python:3.11-slim");
    expect(r.decisions.map((d) => d.message).join("\n")).toMatch(/a --build-arg PYTHON_VERSION changes both stages the same way/);
    expect(r.decisions.some((d) => d.kind === "warning" && /fixed to/.test(d.message))).toBe(false);
    const again = convert(r.dockerfile, { buildArgs: { PYTHON_VERSION: "3.12" } });
    expect(again.analysis.model.stages.map((s) => s.baseName)).toEqual(["python:3.12", "python:3.12-slim"]);
  });

  it("converts a registry variable that has no value yet", () => {
    const r = convert(`ARG REGISTRY\nFROM \${REGISTRY}/python:3.11\n${app}`);
    if (r.status !== "converted") throw new Error(JSON.stringify(r));
    expect(finalFrom(r.dockerfile)).toBe("FROM ${REGISTRY}/python:3.11-slim");
  });

  it("declines, with the line and a hint, where the final base cannot follow", () => {
    const r = convert('ARG RUST_VERSION=1.63\nFROM rust:${RUST_VERSION}\nWORKDIR /app\nCOPY . .\nRUN cargo build --release\nCMD ["/app/target/release/app"]\n');
    expect(r.status).toBe("declined");
    if (r.status === "declined") expect(r.declines[0]).toMatchObject({ lines: [2], hint: expect.stringContaining("${RUST_VERSION}-bullseye") });
  });
});

describe("convert on archived releases", () => {
  const body =
    'WORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nHEALTHCHECK CMD curl -f http://localhost:8000/ || exit 1\nCMD ["python", "app.py"]\n';

  it("declines adding an apt-get update the original never needed", () => {
    const r = convert(`FROM python:3.5\n${body}`);
    expect(r.status).toBe("declined");
    if (r.status === "declined") {
      expect(r.declines[0]!.reason).toMatch(/install curl.*Debian buster is archived.*never runs apt-get/);
      expect(r.declines[0]!.hint).toContain("--runtime-base python:3.5");
    }
    // the same app on a release that is still served converts, installing curl
    const current = convert(`FROM python:3.11\n${body}`);
    expect(current.status).toBe("converted");
  });

  it("keeps the original's own fix of apt's sources: replayed, or /etc/apt from the builder", () => {
    const fix = "sed -i 's/deb.debian.org/archive.debian.org/g; /security/d; /updates/d' /etc/apt/sources.list";
    const install = "apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev && rm -rf /var/lib/apt/lists/*";
    const own = convert(`FROM python:3.5\nRUN ${fix}\nRUN ${install}\n${body}`);
    if (own.status !== "converted") throw new Error(JSON.stringify(own));
    const final = own.dockerfile.slice(own.dockerfile.lastIndexOf("FROM "));
    expect(final.indexOf(fix)).toBeGreaterThan(0);
    expect(final.indexOf(fix)).toBeLessThan(final.indexOf("apt-get update"));
    const same = convert(`FROM python:3.5\nRUN ${fix} && ${install}\n${body}`);
    if (same.status !== "converted") throw new Error(JSON.stringify(same));
    const final2 = same.dockerfile.slice(same.dockerfile.lastIndexOf("FROM "));
    expect(final2).toMatch(/COPY --from=builder \/etc\/apt\/ \/etc\/apt\/\n(.*\n)*RUN apt-get update/);
  });

  it("warns when the original's own apt-get update cannot work either", () => {
    const r = convert(
      'FROM python:3.5\nRUN apt-get update && apt-get install -y gcc libpq-dev\nCOPY . .\nRUN pip install -r requirements.txt\nCMD ["python", "app.py"]\n',
    );
    if (r.status !== "converted") throw new Error(JSON.stringify(r));
    expect(
      r.decisions
        .filter((d) => d.kind === "warning")
        .map((d) => d.message)
        .join("\n"),
    ).toMatch(/line 2: Debian buster is archived.*the original's apt-get update fails/);
  });
});

describe("followBase: a variable in the image name", () => {
  it("declines, whether or not the value holds a tag", () => {
    expect(follow("${IMAGE}:3.11", { IMAGE: "python" })).toMatchObject({ ok: false, reason: expect.stringMatching(/image name itself comes from \$IMAGE/) });
    expect(follow("docker.io/library/${IMAGE}", { IMAGE: "python:3.11" })).toMatchObject({ ok: false });
  });
});
