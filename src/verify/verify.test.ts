// verifyImages end to end over a scripted engine: real image archives (built in memory), real reader, real
// comparison and verdict; only the engine's processes are replaced.
import { Readable } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import {
  EngineError,
  type BuildRequest,
  type BuildResult,
  type Engine,
  type ImageConfig,
  type ImageInspect,
  type RunRequest,
  type RunResult,
} from "../engine/index.js";
import { makeArchive, makeElf, type TarItem } from "../image/testdata/helpers.js";
import { verifyImages, type InspectedImage } from "./verify.js";

const status = (names: string[]) => names.map((n) => `Package: ${n}\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1.0\n`).join("\n");

const libc = makeElf({ bits: 64, le: true, type: 3, soname: "libc.so.6" });
const libfoo = makeElf({ bits: 64, le: true, type: 3, soname: "libpq.so.5", needed: ["libc.so.6"] });
const app = makeElf({ bits: 64, le: true, type: 3, interp: "/lib64/ld-linux-x86-64.so.2", needed: ["libpq.so.5", "libc.so.6"] });

const baseLayer: TarItem[] = [
  { name: "lib/x86_64-linux-gnu/libc.so.6", content: libc },
  { name: "lib64/ld-linux-x86-64.so.2", content: libc },
  { name: "etc/os-release", content: "ID=debian\nVERSION_CODENAME=bookworm\n" },
];

const config = (cmd: string[]): ImageConfig => ({
  env: ["PATH=/usr/bin:/bin"],
  entrypoint: null,
  cmd,
  user: "",
  workingDir: "/app",
  exposedPorts: [],
  volumes: [],
  labels: {},
  healthcheck: null,
});

interface FakeImage {
  archive: Buffer;
  config: ImageConfig;
  /** The output of `app --version` in this image. */
  version: RunResult;
}

const ok = (stdout: string): RunResult => ({ exitCode: 0, stdout, stderr: "", timedOut: false, durationMs: 5, truncated: false });

/** An Engine whose builds map Dockerfile text to prepared images. */
class ScriptedEngine implements Partial<Engine> {
  saves = 0;
  runs: RunRequest[] = [];
  constructor(private readonly images: Record<string, FakeImage>) {}
  async build(req: BuildRequest): Promise<BuildResult> {
    const text = "text" in req.dockerfile ? req.dockerfile.text : "";
    if (text.includes("BROKEN")) {
      throw new EngineError("build failed at [2/2] RUN make: exit code 2", { kind: "build", step: "[2/2] RUN make", output: ["make: *** no rule"] });
    }
    const id = `sha256:${text.trim().split("\n")[0]?.replace(/\W/g, "")}`;
    req.onProgress?.({ type: "notice", text: "building" });
    return {
      imageId: id,
      durationMs: 10,
      steps: [],
      totalSteps: 2,
      cachedSteps: 1,
      frontend: { mode: "auto", used: "directive", fallback: false },
      warnings: [],
    };
  }
  image(ref: string): FakeImage {
    const img = this.images[ref];
    if (!img) throw new EngineError(`no such image: ${ref}`, { kind: "exit" });
    return img;
  }
  save(ref: string | readonly string[]): Readable {
    this.saves++;
    return Readable.from([this.image(String(ref)).archive]);
  }
  async inspectImage(ref: string): Promise<ImageInspect> {
    return { id: ref, repoTags: [], created: "", architecture: "amd64", os: "linux", size: 0, layers: [], config: this.image(ref).config, raw: {} };
  }
  async run(req: RunRequest): Promise<RunResult> {
    this.runs.push(req);
    const img = this.image(req.image);
    if (req.entrypoint?.[0] === "app") return img.version;
    // the default command is a server: still running when the probe's time is up
    return { exitCode: null, stdout: "listening on :8080\n", stderr: "", timedOut: true, durationMs: req.timeoutMs ?? 0, truncated: false };
  }
}

const images: Record<string, FakeImage> = {};
let engine: ScriptedEngine;
const run = (candidate: string, extra: Partial<Parameters<typeof verifyImages>[1]> = {}) =>
  verifyImages(engine as unknown as Engine, {
    original: { text: "FROM original\n", path: "Dockerfile" },
    candidate: { text: `${candidate}\n`, path: "Dockerfile.multi" },
    context: "/nonexistent",
    probes: [
      { kind: "default", spec: "default:1", runMs: 1000 },
      { kind: "cmd", spec: "cmd:app --version", command: "app --version", argv: ["app", "--version"] },
    ],
    ...extra,
  });

beforeAll(async () => {
  const mk = async (layers: TarItem[][], cmd = ["app"]) =>
    makeArchive(
      layers.map((items) => ({ items, createdBy: "RUN x # buildkit" })),
      { layout: "docker+oci" },
    ).then((archive) => ({ archive, cmd }));
  const original = await mk([
    baseLayer,
    [
      { name: "usr/lib/x86_64-linux-gnu/libpq.so.5", content: libfoo },
      { name: "usr/include/foo.h", content: "int foo(void);\n".repeat(100) },
      { name: "usr/bin/gcc-12", content: Buffer.alloc(200_000, 1) },
      { name: "root/.cache/pip/wheel.whl", content: Buffer.alloc(50_000, 2) },
      { name: "var/lib/dpkg/status", content: status(["libc6", "gcc-12", "libpq-dev", "libpq5"]) },
    ],
    [{ name: "app/app", content: app }],
  ]);
  const good = await mk([
    baseLayer,
    [
      { name: "usr/lib/x86_64-linux-gnu/libpq.so.5", content: libfoo },
      { name: "var/lib/dpkg/status", content: status(["libc6", "libpq5"]) },
    ],
    [{ name: "app/app", content: app }],
  ]);
  const noLib = await mk([baseLayer, [{ name: "var/lib/dpkg/status", content: status(["libc6"]) }], [{ name: "app/app", content: app }]]);
  const withGcc = await mk([
    baseLayer,
    [
      { name: "usr/lib/x86_64-linux-gnu/libpq.so.5", content: libfoo },
      { name: "usr/bin/gcc-12", content: Buffer.alloc(200_000, 1) },
      { name: "var/lib/dpkg/status", content: status(["libc6", "libpq5", "gcc-12"]) },
    ],
    [{ name: "app/app", content: app }],
  ]);
  const version = ok("app 1.0\n");
  images["sha256:FROMoriginal"] = { archive: original.archive, config: config(["app"]), version };
  images["sha256:FROMgood"] = { archive: good.archive, config: config(["app"]), version };
  images["sha256:FROMnolib"] = {
    archive: noLib.archive,
    config: config(["app"]),
    version: {
      ...ok(""),
      exitCode: 127,
      stderr: "app: error while loading shared libraries: libpq.so.5: cannot open shared object file: No such file or directory\n",
    },
  };
  images["sha256:FROMgcc"] = { archive: withGcc.archive, config: config(["app"]), version };
  images["sha256:FROMcmd"] = { archive: good.archive, config: config(["app", "--debug"]), version };
});

describe("verifyImages over a scripted engine", () => {
  it("passes a candidate that behaves the same without build-only packages, and reports sizes and removed packages", async () => {
    engine = new ScriptedEngine(images);
    const r = await run("FROM good");
    expect(r.findings.filter((f) => f.severity === "error")).toEqual([]);
    expect(r.verdict).toBe("pass");
    expect(r.probes.map((p) => [p.probe, p.match])).toEqual([
      ["default:1", true],
      ["cmd:app --version", true],
    ]);
    expect(r.packages).toEqual({ removed: ["gcc-12", "libpq-dev"], added: [] });
    expect(r.sizes?.savedBytes).toBe((r.sizes?.original ?? 0) - (r.sizes?.candidate ?? 0));
    expect(r.sizes?.savedBytes).toBeGreaterThan(250_000);
    expect(r.sizes?.ratio).toBeLessThan(0.2);
    expect(r.original.facts?.buildOnlyPackages.map((p) => p.name)).toEqual(["gcc-12", "libpq-dev"]);
    expect(r.original.facts?.leftovers.map((l) => [l.path, l.kind])).toEqual([
      ["root/.cache/pip", "language cache"],
      ["usr/include", "headers"],
    ]);
    // cmd probes replace the entrypoint; the default probe runs the image as it is
    expect(engine.runs.map((q) => [q.image, q.entrypoint ?? null, q.command ?? null])).toEqual([
      ["sha256:FROMoriginal", null, null],
      ["sha256:FROMgood", null, null],
      ["sha256:FROMoriginal", ["app"], ["--version"]],
      ["sha256:FROMgood", ["app"], ["--version"]],
    ]);
  });

  it("fails a candidate missing a runtime library, with the package to install", async () => {
    engine = new ScriptedEngine(images);
    const r = await run("FROM nolib");
    expect(r.verdict).toBe("fail");
    const lib = r.findings.find((f) => f.kind === "missing-library");
    expect(lib).toMatchObject({ severity: "error", subject: "libpq.so.5", message: "libpq.so.5 not found (needed by /app/app)" });
    expect(lib?.fix).toMatch(/^install libpq5 in the final stage/);
    const probe = r.findings.find((f) => f.kind === "probe");
    expect(probe?.subject).toBe("cmd:app --version");
    expect(probe?.fix).toMatch(/^install libpq5 in the final stage/);
  });

  it("fails a candidate that ships a compiler, and one whose CMD changed", async () => {
    engine = new ScriptedEngine(images);
    const gcc = await run("FROM gcc");
    expect(gcc.verdict).toBe("fail");
    expect(gcc.findings.filter((f) => f.severity === "error").map((f) => [f.kind, f.subject])).toEqual([["build-only-package", "gcc-12"]]);
    const cmd = await run("FROM cmd");
    expect(cmd.findings.filter((f) => f.severity === "error").map((f) => [f.kind, f.subject])).toEqual([["config", "CMD"]]);
    expect((await run("FROM cmd", { allowConfig: ["CMD"] })).verdict).toBe("pass");
  });

  it("turns a failing build into a finding, and reads an unchanged image once with a shared cache", async () => {
    engine = new ScriptedEngine(images);
    const broken = await run("FROM good\nBROKEN");
    expect(broken.verdict).toBe("fail");
    expect(broken.findings).toHaveLength(1);
    expect(broken.findings[0]).toMatchObject({ kind: "build", subject: "candidate" });
    expect(broken.candidate.error).toMatch(/step: \[2\/2\] RUN make\n {2}\| make: \*\*\* no rule/);
    const cache = new Map<string, InspectedImage>();
    await run("FROM good", { cache });
    await run("FROM gcc", { cache });
    expect(engine.saves).toBe(3); // original once, two candidates
  });
});
