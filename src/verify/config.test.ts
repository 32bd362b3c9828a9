import { describe, expect, it } from "vitest";
import type { ImageConfig } from "../engine/index.js";
import { checkAllowKey, compareConfig, isAllowed, pathExtension } from "./config.js";

const base: ImageConfig = {
  env: ["PATH=/usr/local/bin:/usr/bin:/bin", "LANG=C.UTF-8"],
  entrypoint: null,
  cmd: ["python", "app.py"],
  user: "",
  workingDir: "/app",
  exposedPorts: ["5000/tcp"],
  volumes: [],
  labels: { "org.example.version": "1" },
  healthcheck: null,
};

describe("compareConfig", () => {
  it("finds no difference between equal configs, and treats an unset WORKDIR as /", () => {
    expect(compareConfig(base, { ...base, env: [...base.env].reverse() })).toEqual([]);
    expect(compareConfig({ ...base, workingDir: "" }, { ...base, workingDir: "/" })).toEqual([]);
  });
  it("reports each differing key with both values", () => {
    const cand: ImageConfig = {
      ...base,
      env: ["PATH=/usr/local/bin:/usr/bin:/bin", "DEBUG=1"],
      cmd: ["flask", "run"],
      user: "app",
      exposedPorts: ["5000/tcp", "9000/tcp"],
      labels: {},
      healthcheck: { test: ["CMD", "true"], intervalNs: 5e9 },
    };
    const diffs = compareConfig(base, cand);
    expect(diffs.map((d) => [d.key, d.original, d.candidate])).toEqual([
      ["ENV.DEBUG", undefined, "1"],
      ["ENV.LANG", "C.UTF-8", undefined],
      ["CMD", '["python","app.py"]', '["flask","run"]'],
      ["USER", undefined, "app"],
      ["EXPOSE", "5000/tcp", "5000/tcp 9000/tcp"],
      ["LABEL.org.example.version", "1", undefined],
      ["HEALTHCHECK", undefined, '["CMD","true"] interval=5s'],
    ]);
    expect(diffs.every((d) => d.allowed === undefined)).toBe(true);
  });
  it("marks user allowances, per group or per name", () => {
    const cand = { ...base, cmd: ["x"], env: ["PATH=/bin", "LANG=C"] };
    const diffs = compareConfig(base, cand, ["cmd", "ENV.LANG"]);
    expect(diffs.map((d) => [d.key, d.allowed?.by ?? null])).toEqual([
      ["ENV.LANG", "user"],
      ["ENV.PATH", null],
      ["CMD", "user"],
    ]);
  });
  it("allows a PATH that only gains entries (a virtualenv in front) by rule", () => {
    const cand = { ...base, env: ["PATH=/opt/venv/bin:/usr/local/bin:/usr/bin:/bin", "LANG=C.UTF-8"] };
    const [d] = compareConfig(base, cand);
    expect(d?.allowed).toEqual({ by: "rule", reason: "PATH keeps every original entry and adds /opt/venv/bin" });
    // dropping or reordering an entry is a real difference
    expect(compareConfig(base, { ...base, env: ["PATH=/opt/venv/bin:/usr/bin:/bin", "LANG=C.UTF-8"] })[0]?.allowed).toBeUndefined();
    expect(compareConfig(base, { ...base, env: ["PATH=/usr/bin:/usr/local/bin:/bin", "LANG=C.UTF-8"] })[0]?.allowed).toBeUndefined();
  });
});

describe("helpers", () => {
  it("pathExtension", () => {
    expect(pathExtension("/a:/b", "/x:/a:/y:/b")).toEqual(["/x", "/y"]);
    expect(pathExtension("/a:/b", "/a:/b")).toBeUndefined();
    expect(pathExtension("/a:/b", "/b:/a")).toBeUndefined();
  });
  it("isAllowed and checkAllowKey", () => {
    expect(isAllowed("ENV.PATH", ["env"])).toBe(true);
    expect(isAllowed("ENV.PATH", ["ENV.HOME"])).toBe(false);
    expect(isAllowed("LABEL.a.b", ["LABEL.a.b"])).toBe(true);
    expect(checkAllowKey("ENV.PATH")).toBeUndefined();
    expect(checkAllowKey("cmd")).toBeUndefined();
    expect(checkAllowKey("CMD.x")).toMatch(/only ENV and LABEL/);
    expect(checkAllowKey("PORTS")).toMatch(/unknown config key/);
  });
});
