import { beforeAll, describe, expect, it } from "vitest";
import { packagesForSoname, runtimeLibrariesFor } from "../knowledge/index.js";
import { loadShellParser } from "../shell/script.js";
import { parseDockerfile } from "../syntax/index.js";
import { convertDockerfileSync } from "./convert.js";
import {
  gemfileLockDependencies,
  mayCompile,
  nativeData,
  nativeNeeds,
  nodeDependencies,
  pypiName,
  pythonProjectDependencies,
  requirementName,
  requirementsFile,
} from "./native-deps.js";

beforeAll(loadShellParser);

describe("the data (data/knowledge/native-packages.json)", () => {
  const entries = Object.entries(nativeData()).flatMap(([registry, pkgs]) => Object.entries(pkgs).map(([name, e]) => ({ registry, name, e })));
  it.each(entries)("$registry $name: has a source, and its sonames are its -dev package's own libraries in Debian's data", ({ e }) => {
    expect(e.source).toMatch(/^https:\/\/\S+ — /);
    for (const release of ["bookworm", "trixie"] as const) {
      const own = runtimeLibrariesFor(e.dev, { release });
      expect(own.length, `${e.dev} in ${release}`).toBeGreaterThan(0);
      // each release names some of the sonames (OpenLDAP 2.5 vs 2.6); every one it names belongs to the -dev package
      const found = e.sonames.map((s) => packagesForSoname(s, { release })).filter((ps) => ps.length > 0);
      expect(found.length, `no soname of ${e.sonames.join(", ")} in ${release}`).toBeGreaterThan(0);
      for (const ps of found)
        expect(
          ps.some((p) => own.includes(p)),
          `${ps.join(", ")} in ${release}`,
        ).toBe(true);
    }
  });
});

describe("manifests", () => {
  it("follows -r includes relative to the including file, skips comments, options and URLs", () => {
    const files: Record<string, string> = {
      "/app/requirements.txt": "# prod\n-r requirements/base.txt\n--index-url https://x\nhttps://example.com/pkg.whl\n",
      "/app/requirements/base.txt":
        "Flask>=2  # web\npsycopg[binary,pool] >= 3.1 ; python_version >= '3.8'\nPython_LDAP==3.4 \\\n  --hash=sha256:abc\n-c ../constraints.txt\n",
      "/app/constraints.txt": "mysqlclient==2.2\n",
    };
    const deps = requirementsFile("/app/requirements.txt", (p) => files[p]);
    expect(deps.map((d) => [d.name, d.extras])).toEqual([
      ["flask", []],
      ["psycopg", ["binary", "pool"]],
      ["python-ldap", []],
      ["mysqlclient", []],
    ]);
  });

  it("reads pyproject (PEP 621 and Poetry), Pipfile and the lock files", () => {
    const deps = pythonProjectDependencies({
      "pyproject.toml":
        '[project]\nname = "x"\ndependencies = [\n  "psycopg2>=2.9",\n  "requests",\n]\n[tool.poetry.dependencies]\npython = "^3.11"\nmysqlclient = "^2.2"\npsycopg = { version = "^3", extras = ["c"] }\n',
      Pipfile: '[packages]\ndbus-python = "*"\n',
      "poetry.lock": '[[package]]\nname = "pycairo"\nversion = "1.25"\n',
    });
    expect(deps.map((d) => d.name)).toEqual(expect.arrayContaining(["psycopg2", "requests", "mysqlclient", "psycopg", "dbus-python", "pycairo"]));
    expect(deps.find((d) => d.name === "psycopg")!.extras).toEqual(["c"]);
  });

  it("reads package.json and every package of package-lock.json", () => {
    const deps = nodeDependencies(
      JSON.stringify({ dependencies: { "pg-native": "3" } }),
      JSON.stringify({ packages: { "": {}, "node_modules/pg-native": {}, "node_modules/libpq": {}, "node_modules/a/node_modules/@s/b": {} } }),
    );
    expect(new Set(deps.map((d) => d.name))).toEqual(new Set(["pg-native", "libpq", "@s/b"]));
  });

  it("reads Gemfile.lock specs with their platforms", () => {
    const deps = gemfileLockDependencies(
      "GEM\n  remote: https://rubygems.org/\n  specs:\n    pg (1.5.4)\n    sqlite3 (1.7.0-x86_64-linux)\n      mini_portile2 (~> 2.8)\n",
    );
    expect(deps.map((d) => [d.name, d.platform])).toEqual([
      ["pg", undefined],
      ["sqlite3", "x86_64-linux"],
    ]);
  });

  it("parses requirement names", () => {
    expect(requirementName("psycopg2-binary==2.9 ; sys_platform == 'linux'")).toEqual({ name: "psycopg2-binary", extras: [] });
    expect(requirementName("git+https://x/y.git")).toBeUndefined();
  });
});

describe("nativeNeeds", () => {
  it("derives the runtime libraries from the sonames, per release", () => {
    const dep = (registry: "pypi" | "npm" | "rubygems", name: string, extras: string[] = [], platform?: string) => ({
      registry,
      name,
      extras,
      from: "x",
      ...(platform ? { platform } : {}),
    });
    const needs = nativeNeeds([
      dep("pypi", "psycopg2"),
      dep("pypi", "MySQLclient"),
      dep("pypi", "psycopg", ["binary"]),
      dep("npm", "libpq"),
      dep("rubygems", "sqlite3", [], "x86_64-linux"),
      dep("rubygems", "pg"),
      dep("pypi", "flask"),
    ]);
    expect(needs.map((n) => [n.dependency.name, n.packages])).toEqual([
      ["psycopg2", ["libpq5"]],
      ["MySQLclient", ["libmariadb3"]],
      ["libpq", ["libpq5"]],
      ["pg", ["libpq5"]],
    ]);
  });
});

describe("in a conversion", () => {
  const ctx = (files: Record<string, string>) => ({ read: (p: string) => files[p] });
  it("adds libpq5 for psycopg2 built on python:3.11 with no apt line, and points to --verify for the rest", () => {
    const r = convertDockerfileSync(
      parseDockerfile('FROM python:3.11\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\nCMD ["python", "app.py"]\n'),
      { context: ctx({ "requirements.txt": "psycopg2\nflask\nlxml\n" }) },
    );
    if (r.status !== "converted") throw new Error(r.status);
    expect(r.plan.runtimePackages).toEqual(["libpq5"]);
    // flask is pure Python (data/knowledge/pure-python-packages.json): only lxml is left to --verify
    expect(r.decisions.map((d) => d.message).join("\n")).toMatch(
      /psycopg2 \(\/app\/requirements.txt\) builds against libpq-dev[\s\S]*whether lxml compiles against one of them[\s\S]*--verify/,
    );
  });

  it("says nothing of -dev libraries when every dependency is known to build nothing", () => {
    const py = convertDockerfileSync(
      parseDockerfile('FROM python:3.11\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\nCMD ["python", "app.py"]\n'),
      { context: ctx({ "requirements.txt": "Flask==3.0\ngunicorn\nrequests[socks]\n" }) },
    );
    expect(py.decisions.map((d) => d.message).join("\n")).not.toMatch(/-dev libraries/);
    const lock = {
      lockfileVersion: 3,
      packages: { "": {}, "node_modules/ms": { version: "2.1.3" }, "node_modules/bcrypt": { version: "5.1.1", hasInstallScript: true } },
    };
    const node = (packages: Record<string, unknown>) =>
      convertDockerfileSync(parseDockerfile('FROM node:18\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nCMD ["node", "index.js"]\n'), {
        context: ctx({
          "package.json": JSON.stringify({ dependencies: { ms: "2", bcrypt: "5" } }),
          "package-lock.json": JSON.stringify({ ...lock, packages }),
        }),
      })
        .decisions.map((d) => d.message)
        .join("\n");
    // a lock entry with an install script may compile; one without builds nothing, even if package.json names it
    expect(node(lock.packages)).toMatch(/whether bcrypt compiles against one of them/);
    const { ["node_modules/bcrypt"]: _bcrypt, ...withoutBcrypt } = lock.packages;
    expect(node({ ...withoutBcrypt, "node_modules/bcrypt": { version: "5.1.1" } })).not.toMatch(/-dev libraries/);
  });

  it("mayCompile: unknown PyPI names and unlocked npm names may; locked npm entries say", () => {
    const d = (registry: "pypi" | "npm", name: string, compiles?: boolean) => ({
      registry,
      name,
      extras: [],
      from: "x",
      ...(compiles === undefined ? {} : { compiles }),
    });
    expect(mayCompile(d("pypi", "Flask"))).toBe(false);
    expect(mayCompile(d("pypi", "typing_extensions"))).toBe(false);
    expect(mayCompile(d("pypi", "lxml"))).toBe(true);
    expect(mayCompile(d("npm", "left-pad"))).toBe(true);
    expect(mayCompile(d("npm", "ms"), [d("npm", "ms"), d("npm", "ms", false)])).toBe(false);
    expect(mayCompile(d("npm", "sharp"), [d("npm", "sharp", false), d("npm", "sharp", true)])).toBe(true);
  });

  it("adds nothing when the Dockerfile installs the -dev package itself (its runtime library is implied) or the base is slim", () => {
    const own = convertDockerfileSync(
      parseDockerfile(
        'FROM python:3.11\nRUN apt-get update && apt-get install -y libpq-dev\nWORKDIR /app\nCOPY . .\nRUN pip install psycopg2\nCMD ["python", "app.py"]\n',
      ),
      { context: ctx({}) },
    );
    if (own.status !== "converted") throw new Error(own.status);
    expect(own.plan.runtimePackages).toEqual(["libpq5"]);
    const slim = convertDockerfileSync(
      parseDockerfile(
        'FROM python:3.11-slim\nRUN apt-get update && apt-get install -y gcc\nWORKDIR /app\nCOPY . .\nRUN pip install mysqlclient\nCMD ["python", "app.py"]\n',
      ),
      { context: ctx({}) },
    );
    if (slim.status !== "converted") throw new Error(slim.status);
    expect(slim.plan.runtimePackages).toEqual([]);
  });

  it("reads a native npm module from package-lock.json on node:18", () => {
    const r = convertDockerfileSync(
      parseDockerfile('FROM node:18\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci --omit=dev\nCOPY . .\nCMD ["node", "index.js"]\n'),
      {
        context: ctx({
          "package.json": JSON.stringify({ dependencies: { "pg-native": "3" } }),
          "package-lock.json": JSON.stringify({ packages: { "node_modules/pg-native": {}, "node_modules/libpq": {} } }),
        }),
      },
    );
    if (r.status !== "converted") throw new Error(r.status);
    expect(r.plan.runtimePackages).toEqual(["libpq5"]);
  });
});

describe("data/knowledge/pure-python-packages.json", () => {
  it("holds normalised, sorted names, none of which the native data says compiles", async () => {
    const { purePythonPackages } = await import("../knowledge/native-packages.js");
    const names = [...purePythonPackages()];
    expect(names.length).toBeGreaterThan(20);
    expect(names.map(pypiName)).toEqual(names);
    expect([...names].sort()).toEqual(names);
    expect(names.filter((n) => n in nativeData().pypi)).toEqual([]);
  });
});
