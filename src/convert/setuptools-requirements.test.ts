import { describe, expect, it } from "vitest";
import { setupCfgRequirements, setupPyRequirements } from "./setuptools-requirements.js";

describe("setupCfgRequirements", () => {
  it("reads install_requires as a dangling list and the extras, not other options", () => {
    const cfg = [
      "[metadata]",
      "name = pgcheck",
      "classifiers =",
      "    Programming Language :: Python :: 3",
      "",
      "[options]",
      "packages = find:",
      "install_requires =",
      "    psycopg2>=2.9  # the driver",
      "    flask>=2.2",
      "python_requires = >=3.9",
      "",
      "[options.extras_require]",
      "mysql = mysqlclient>=2.1",
      "",
      "[options.packages.find]",
      "where = src",
    ].join("\n");
    expect(setupCfgRequirements(cfg)).toEqual(["psycopg2>=2.9", "flask>=2.2", "mysqlclient>=2.1"]);
  });

  it("reads a one-line list separated by semicolons", () => {
    expect(setupCfgRequirements("[options]\ninstall_requires = lxml; requests\n")).toEqual(["lxml", "requests"]);
  });
});

describe("setupPyRequirements", () => {
  it("reads a literal install_requires list", () => {
    expect(setupPyRequirements('setup(\n    name="x",\n    install_requires=[\n        "psycopg2>=2.9",  # db\n        \'flask\',\n    ],\n)\n')).toEqual([
      "psycopg2>=2.9",
      "flask",
    ]);
  });

  it("stops at a computed part of the list and reads nothing when there is no list", () => {
    expect(setupPyRequirements('install_requires=["flask"] + extra')).toEqual(["flask"]);
    expect(setupPyRequirements("install_requires=[r.strip() for r in open('requirements.txt')]")).toEqual([]);
    expect(setupPyRequirements("setup(install_requires=REQS)")).toEqual([]);
  });
});
