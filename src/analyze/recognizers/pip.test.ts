import { describe, expect, it } from "vitest";
import { factsOf, strip, useShellParser } from "../test-support.js";
import { pip } from "./pip.js";

useShellParser();

describe("pip recogniser", () => {
  it("reads the mission's two pip steps", () => {
    const [a] = factsOf(pip, "pip install mysqlclient");
    expect(strip(a!)).toEqual({
      kind: "python-deps",
      tool: "pip",
      op: "install",
      packages: [{ name: "mysqlclient", raw: "mysqlclient" }],
      requirements: [],
      constraints: [],
      editable: [],
      localPaths: [],
      user: false,
      noCacheDir: false,
      outputs: ["/root/.cache/pip"],
      network: true,
    });
    const [b] = factsOf(pip, "pip install --no-cache-dir -r requirements.txt", { cwd: "/app" });
    expect(b).toMatchObject({ requirements: ["requirements.txt"], noCacheDir: true, packages: [], outputs: [] });
  });

  it("knows python -m pip, pip3, versioned pips and venv pips", () => {
    expect(factsOf(pip, "python3 -m pip install --upgrade pip setuptools")[0]).toMatchObject({ packages: [{ name: "pip" }, { name: "setuptools" }] });
    expect(factsOf(pip, "pip3.11 install 'ducktape==0.12.0'")[0]).toMatchObject({ packages: [{ name: "ducktape", version: "==0.12.0" }] });
    expect(factsOf(pip, "/opt/venv/bin/pip install --no-cache-dir flask")[0]).toMatchObject({ venv: "/opt/venv", outputs: ["/opt/venv"] });
    expect(factsOf(pip, "/opt/venv/bin/python -m pip install flask")[0]).toMatchObject({ venv: "/opt/venv" });
    expect(factsOf(pip, "/usr/local/bin/pip install flask")[0]).not.toHaveProperty("venv");
    expect(factsOf(pip, "python -m http.server")).toEqual([]);
  });

  it("reads editable, local paths, --user, --prefix, --target and constraints", () => {
    const [f] = factsOf(pip, "pip install --user -e ./lib -c constraints.txt . dist/*.whl 'uvicorn[standard]>=0.20'", { cwd: "/src" });
    expect(f).toMatchObject({
      user: true,
      editable: ["./lib"],
      localPaths: [".", "dist/*.whl"],
      constraints: ["constraints.txt"],
      packages: [{ name: "uvicorn[standard]", version: ">=0.20" }],
    });
    expect(f!.outputs).toEqual(["/root/.local", "/root/.cache/pip"]);
    expect(factsOf(pip, "pip install --prefix=/install -r requirements.txt")[0]).toMatchObject({
      prefix: "/install",
      outputs: ["/install", "/root/.cache/pip"],
    });
    expect(factsOf(pip, "pip install --no-cache-dir --target /deps requests")[0]).toMatchObject({ target: "/deps", outputs: ["/deps"] });
  });

  it("follows PIP_NO_CACHE_DIR, offline installs and `pip cache purge`", () => {
    expect(factsOf(pip, "pip install x", { env: { PIP_NO_CACHE_DIR: "off" } })[0]).toMatchObject({ noCacheDir: true });
    expect(factsOf(pip, "pip install --no-index --find-links /wheels x")[0]).toMatchObject({ network: false });
    expect(factsOf(pip, "pip cache purge")[0]).toMatchObject({ kind: "cache-cleanup", owner: "pip", paths: ["/root/.cache/pip"] });
  });
});
