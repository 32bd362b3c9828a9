import { describe, expect, it } from "vitest";
import { pythonProjectDependencies } from "./native-deps.js";
import { pyprojectRequirements } from "./pyproject-requirements.js";

describe("pyprojectRequirements", () => {
  it("reads [project] dependencies, optional dependencies, build requires and dependency groups only", () => {
    const text = [
      "[build-system]",
      'requires = ["setuptools>=61", "wheel"]',
      'build-backend = "setuptools.build_meta"',
      "",
      "[project]",
      'name = "quotes"',
      'keywords = ["cli", "quotes"]',
      'classifiers = ["Programming Language :: Python :: 3"]',
      "dependencies = [",
      '  "psycopg[binary,pool]>=3.1", # the ] of the extras does not end the array',
      "  'flask>=2.2',",
      "]",
      "",
      "[project.optional-dependencies]",
      'test = ["pytest"]',
      "",
      "[dependency-groups]",
      'lint = ["ruff", {include-group = "test"}]',
      "",
      "[tool.setuptools.packages.find]",
      'where = ["src"]',
      "",
      "[tool.ruff.lint]",
      'select = ["E", "F"]',
    ].join("\n");
    expect(pyprojectRequirements(text)).toEqual(["setuptools>=61", "wheel", "psycopg[binary,pool]>=3.1", "flask>=2.2", "pytest", "ruff"]);
  });

  it("finds nothing in a file without requirement tables", () => {
    expect(pyprojectRequirements('[tool.black]\nline-length = 100\nexclude = ["build"]\n')).toEqual([]);
  });

  it("keeps the dependencies after one with extras (mysqlclient, which needs libmariadb3 at run time)", () => {
    const deps = pythonProjectDependencies({ "pyproject.toml": '[project]\nname = "x"\ndependencies = ["uvicorn[standard]>=0.20", "mysqlclient>=2.1"]\n' });
    expect(deps.map((d) => [d.name, d.extras])).toEqual([
      ["uvicorn", ["standard"]],
      ["mysqlclient", []],
    ]);
  });
});
