import { describe, expect, it } from "vitest";
import { analyze, factsOf, useShellParser } from "../test-support.js";
import { pip } from "./pip.js";
import { go } from "./go.js";
import { setupPy } from "./setup-py.js";

useShellParser();

describe("setup.py recogniser", () => {
  it("reads install and develop as Python installs that build in the environment itself", () => {
    expect(factsOf(setupPy, "python setup.py install", { cwd: "/app" })[0]).toMatchObject({
      kind: "python-deps",
      tool: "setup.py",
      op: "install",
      localPaths: ["/app"],
      editable: [],
      noBuildIsolation: true,
    });
    expect(factsOf(setupPy, "python3 setup.py develop", { cwd: "/app" })[0]).toMatchObject({ op: "develop", editable: ["/app"], localPaths: [] });
    expect(factsOf(setupPy, "python lib/setup.py build_ext --inplace", { cwd: "/src" })[0]).toMatchObject({ op: "build", editable: ["/src/lib"] });
    expect(factsOf(setupPy, "/opt/venv/bin/python setup.py bdist_wheel", { cwd: "/src" })[0]).toMatchObject({ op: "build", venv: "/opt/venv", localPaths: [] });
  });

  it("leaves other scripts and queries alone", () => {
    expect(factsOf(setupPy, "python manage.py collectstatic")).toEqual([]);
    expect(factsOf(setupPy, "python setup.py --version")).toEqual([]);
  });
});

describe("what build-environment and read-only commands mean", () => {
  it("marks pip builds without isolation, by flag or by PIP_NO_BUILD_ISOLATION", () => {
    expect(factsOf(pip, "pip install --no-build-isolation -e .")[0]).toMatchObject({ noBuildIsolation: true, editable: ["."] });
    expect(factsOf(pip, "pip install .", { env: { PIP_NO_BUILD_ISOLATION: "0" } })[0]).toMatchObject({ noBuildIsolation: true });
    expect(factsOf(pip, "pip install .")[0]).not.toHaveProperty("noBuildIsolation");
  });

  it("names go build's binary after the first file for go build main.go", () => {
    expect(factsOf(go, "go build main.go util.go", { cwd: "/app" })[0]!.outputs[0]).toBe("/app/main");
  });

  it("treats tool settings and inspections as housekeeping, but not poetry's virtualenv placement", () => {
    const a = analyze("poetry config virtualenvs.create false && pip config set global.timeout 60 && pip check && go mod verify && npm ls");
    expect(a.unrecognized).toEqual([]);
    expect(analyze("poetry config virtualenvs.in-project true").unrecognized).toHaveLength(1);
    expect(analyze("npm audit fix").unrecognized.length + analyze("npm audit fix").facts.length).toBeGreaterThan(0);
  });
});
