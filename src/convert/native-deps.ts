// Native code built against what a full base image provided. python:3.11, node:18 and ruby:3.1 ship -dev
// packages (libpq-dev, default-libmysqlclient-dev …), so `pip install psycopg2`, a native npm module or a native
// gem compiles against them without any apt line in the Dockerfile — and the slim final stage lacks the runtime
// library. This module reads the dependency manifests the build installs (requirements files with their -r
// includes, pyproject/lock files, package.json and package-lock.json, Gemfile.lock), finds the packages listed in
// data/knowledge/native-packages.json (each entry with its source) and derives their runtime library packages
// from the sonames they link, through Debian's archive data.
import { posix } from "node:path";
import type { StageAnalysis } from "../analyze/dockerfile.js";
import type { Fact } from "../analyze/facts.js";
import { debianReleaseFor, packagesForSoname, runtimeLibrariesFor } from "../knowledge/index.js";
import type { Step } from "../model/stages.js";
import { contextFileAt } from "./context-files.js";
import { rubyNativeLibraries } from "./ecosystems/ruby-native.js";
import { pyprojectRequirements } from "./pyproject-requirements.js";
import { setupCfgRequirements, setupPyRequirements } from "./setuptools-requirements.js";
import type { ContextReader, Decision } from "./types.js";

export { nativeData, type NativeData, type NativeEntry, type NativeRegistry } from "../knowledge/native-packages.js";
import { nativeData, purePythonPackages, type NativeData, type NativeEntry, type NativeRegistry } from "../knowledge/native-packages.js";

/** A dependency as a manifest names it. */
export interface ManifestDependency {
  registry: NativeRegistry;
  name: string;
  extras: string[];
  /** Gemfile.lock platform suffix (x86_64-linux …), when the lock names a precompiled gem. */
  platform?: string;
  /** Where it was found: a context path, or "line N" for a name on the install command. */
  from: string;
  /** false when the manifest tells it builds nothing (an npm lock entry without `hasInstallScript`). */
  compiles?: boolean;
}

/** PEP 503 normalised name: "Python_LDAP" → "python-ldap". */
export const pypiName = (n: string): string => n.toLowerCase().replace(/[-_.]+/g, "-");

/** Requirement lines of a requirements file, following -r/-c includes through `read` (relative to the file). */
export function requirementsFile(path: string, read: (p: string) => string | undefined, seen = new Set<string>()): ManifestDependency[] {
  if (seen.has(path)) return [];
  seen.add(path);
  const text = read(path);
  if (text === undefined) return [];
  const out: ManifestDependency[] = [];
  for (const raw of text.replace(/\\\r?\n/g, " ").split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, "").trim();
    if (!line) continue;
    const inc = /^(?:-r|--requirement|-c|--constraint)(?:\s+|=)(\S+)/.exec(line);
    if (inc) {
      out.push(...requirementsFile(posix.normalize(posix.join(posix.dirname(path), inc[1] as string)), read, seen));
      continue;
    }
    if (line.startsWith("-")) continue;
    const req = requirementName(line);
    if (req) out.push({ registry: "pypi", ...req, from: path });
  }
  return out;
}

/** `psycopg[binary,pool] >= 3.1 ; python_version >= "3.8"` → psycopg with extras binary, pool. */
export function requirementName(spec: string): { name: string; extras: string[] } | undefined {
  const m = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?/.exec(spec);
  if (!m || /^(https?:|git\+|file:)/.test(spec.trim())) return undefined;
  return {
    name: pypiName(m[1] as string),
    extras: (m[2] ?? "")
      .split(",")
      .map((e) => e.trim().toLowerCase())
      .filter(Boolean),
  };
}

/** Dependencies in pyproject.toml (PEP 621 and Poetry tables), Pipfile, and the lock files of poetry, uv, pipenv. */
export function pythonProjectDependencies(files: Record<string, string | undefined>): ManifestDependency[] {
  const out: ManifestDependency[] = [];
  const add = (name: string, extras: string[], from: string) => out.push({ registry: "pypi", name: pypiName(name), extras, from });
  const py = files["pyproject.toml"];
  if (py) {
    // PEP 621: dependencies = ["psycopg2>=2.9", …], optional-dependencies' arrays, build requires (pyproject-requirements.ts)
    for (const spec of pyprojectRequirements(py)) {
      const r = requirementName(spec);
      if (r && /[A-Za-z]/.test(r.name)) add(r.name, r.extras, "pyproject.toml");
    }
    // Poetry: [tool.poetry.dependencies] / [tool.poetry.group.X.dependencies] tables of `name = …`
    for (const table of py.matchAll(/^\[tool\.poetry\.(?:group\.[^.\]]+\.)?dependencies\]\s*\n([\s\S]*?)(?=^\[|$(?![\s\S]))/gm)) {
      for (const entry of (table[1] as string).matchAll(/^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*=\s*(.*)$/gm)) {
        if (entry[1] === "python") continue;
        const extras = /extras\s*=\s*\[([^\]]*)\]/.exec(entry[2] as string)?.[1]?.match(/[A-Za-z0-9_-]+/g) ?? [];
        add(
          entry[1] as string,
          extras.map((e) => e.toLowerCase()),
          "pyproject.toml",
        );
      }
    }
  }
  const pipfile = files["Pipfile"];
  if (pipfile) {
    for (const table of pipfile.matchAll(/^\[(?:packages|dev-packages)\]\s*\n([\s\S]*?)(?=^\[|$(?![\s\S]))/gm)) {
      for (const entry of (table[1] as string).matchAll(/^\s*"?([A-Za-z0-9][A-Za-z0-9._-]*)"?\s*=/gm)) add(entry[1] as string, [], "Pipfile");
    }
  }
  // locks: every package (transitive ones too) by name
  for (const lock of ["poetry.lock", "uv.lock"]) {
    const text = files[lock];
    if (text) for (const m of text.matchAll(/^\[\[package\]\]\s*\nname\s*=\s*"([^"]+)"/gm)) add(m[1] as string, [], lock);
  }
  const pipLock = files["Pipfile.lock"];
  if (pipLock) {
    try {
      const j = JSON.parse(pipLock) as { default?: Record<string, unknown>; develop?: Record<string, unknown> };
      for (const name of [...Object.keys(j.default ?? {}), ...Object.keys(j.develop ?? {})]) add(name, [], "Pipfile.lock");
    } catch {
      // a lock that does not parse names nothing
    }
  }
  return out;
}

/** npm packages of package.json and (all of them, transitive too) package-lock.json. */
export function nodeDependencies(packageJson: string | undefined, lock: string | undefined): ManifestDependency[] {
  const out: ManifestDependency[] = [];
  const add = (name: string, from: string) => out.push({ registry: "npm", name, extras: [], from });
  try {
    if (lock) {
      const j = JSON.parse(lock) as { packages?: Record<string, { hasInstallScript?: boolean } | null>; dependencies?: Record<string, unknown> };
      for (const [key, entry] of Object.entries(j.packages ?? {})) {
        const m = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)$/.exec(key);
        // lockfile v2/v3 marks every package with an install script (node-gyp builds included): the others build nothing
        if (m) out.push({ registry: "npm", name: m[1] as string, extras: [], from: "package-lock.json", compiles: entry?.hasInstallScript === true });
      }
      for (const name of Object.keys(j.dependencies ?? {})) add(name, "package-lock.json");
    }
    if (packageJson) {
      const j = JSON.parse(packageJson) as { dependencies?: Record<string, unknown>; optionalDependencies?: Record<string, unknown> };
      for (const name of [...Object.keys(j.dependencies ?? {}), ...Object.keys(j.optionalDependencies ?? {})]) add(name, "package.json");
    }
  } catch {
    // a manifest that does not parse names nothing more
  }
  return out;
}

/** Gems of a Gemfile.lock (`    pg (1.5.4)`, `    nokogiri (1.16.0-x86_64-linux)`). */
export function gemfileLockDependencies(lock: string): ManifestDependency[] {
  const out: ManifestDependency[] = [];
  for (const m of lock.matchAll(/^ {4}([A-Za-z0-9_.-]+) \(([^)]+)\)$/gm)) {
    const platform = /^[0-9][^-]*-(.+)$/.exec(m[2] as string)?.[1];
    out.push({ registry: "rubygems", name: m[1] as string, extras: [], ...(platform ? { platform } : {}), from: "Gemfile.lock" });
  }
  return out;
}

export interface NativeNeed {
  dependency: ManifestDependency;
  entry: NativeEntry;
  /** Runtime library packages (Debian), from the sonames. */
  packages: string[];
}

/** The runtime libraries known source-built dependencies need (per Debian release). */
export function nativeNeeds(deps: ManifestDependency[], release: "bookworm" | "trixie" = "bookworm", data: NativeData = nativeData()): NativeNeed[] {
  const out: NativeNeed[] = [];
  for (const d of deps) {
    const entry = data[d.registry][d.registry === "pypi" ? pypiName(d.name) : d.name];
    if (!entry || out.some((o) => o.dependency.registry === d.registry && o.dependency.name === d.name)) continue;
    if (entry.unlessExtras?.some((e) => d.extras.includes(e))) continue;
    if (entry.precompiledPlatforms && d.platform && d.platform !== "ruby") continue;
    const own = new Set(runtimeLibrariesFor(entry.dev, { release }));
    const packages = [
      ...new Set(
        entry.sonames.flatMap((s) =>
          packagesForSoname(s, { release })
            .filter((p) => own.has(p))
            .slice(0, 1),
        ),
      ),
    ];
    if (packages.length) out.push({ dependency: d, entry, packages });
  }
  return out;
}

/**
 * Whether installing `d` may compile code against a library of the base image: not when a lock entry of the same
 * package says it has no install script, nor for a package known to ship only pure-Python wheels.
 */
export function mayCompile(d: ManifestDependency, all: readonly ManifestDependency[] = [d]): boolean {
  if (d.registry === "pypi") return !purePythonPackages().has(pypiName(d.name));
  const locked = all.filter((x) => x.registry === d.registry && x.name === d.name && x.compiles !== undefined);
  return locked.length === 0 || locked.some((x) => x.compiles === true);
}

// -- in a conversion ----------------------------------------------------------------------------------------------

export interface NativeResult {
  /** Runtime library packages the final stage needs. */
  packages: string[];
  decisions: Decision[];
}

const DEV_LANGUAGES = new Set(["python", "node"]);

/**
 * For a build on a full language image: the dependencies its install steps read, the runtime libraries the known
 * source-built ones need (unless the Dockerfile installs them or the -dev package itself), and a decision that
 * says what cannot be known without building.
 */
export function nativeRuntimeLibraries(stage: StageAnalysis, steps: readonly Step[], context: ContextReader | undefined): NativeResult {
  if (stage.baseInfo?.language === "ruby") return rubyNativeLibraries(stage, steps, context);
  const result: NativeResult = { packages: [], decisions: [] };
  const info = stage.baseInfo;
  if (!info || info.role !== "build" || !info.language || !DEV_LANGUAGES.has(info.language)) return result;
  // each fact with the directory its command ran in (`cd server && npm install` reads server/package.json)
  const facts = stage.runs.flatMap((r) =>
    r.facts.map((f) => {
      const workdir = steps[r.step]?.workdir ?? "/";
      const cmd = r.scripts.flatMap((sc) => sc.commands).find((c) => c.index === f.value.command && c.range.start.offset === f.value.range.start.offset);
      const cwd = cmd?.cwd === undefined ? workdir : posix.resolve(workdir, cmd.cwd);
      return { fact: f.value, step: r.step, line: f.at.line, cwd };
    }),
  );
  const installs = facts.filter(
    (f) => (f.fact.kind === "python-deps" && f.fact.op !== "uninstall") || (f.fact.kind === "node-deps" && !f.fact.global && f.fact.op !== "prune"),
  );
  if (installs.length === 0) return result;
  const deps: ManifestDependency[] = [];
  const readAt = (step: number) => (imagePath: string) => contextFileAt(imagePath, steps, context, step)?.text;
  for (const { fact, step, line, cwd } of installs) {
    const read = readAt(step);
    if (fact.kind === "python-deps") {
      const f = fact as Extract<Fact, { kind: "python-deps" }>;
      for (const p of f.packages) {
        const r = requirementName(p.raw);
        if (r) deps.push({ registry: "pypi", ...r, from: `line ${line}` });
      }
      // `-r /tmp/requirements.txt` is absolute: resolved, not joined to the WORKDIR
      for (const r of [...f.requirements, ...f.constraints]) deps.push(...requirementsFile(posix.resolve(cwd, r), read));
      if (f.tool !== "pip" || f.localPaths.length || f.editable.length) {
        const dir = f.tool === "pip" ? posix.resolve(cwd, f.localPaths[0] ?? f.editable[0] ?? ".") : cwd;
        const files: Record<string, string | undefined> = {};
        for (const name of ["pyproject.toml", "Pipfile", "poetry.lock", "uv.lock", "Pipfile.lock"]) files[name] = read(posix.join(dir, name));
        deps.push(...pythonProjectDependencies(files));
        // setuptools' own declarations: setup.cfg, or a literal install_requires in setup.py (setuptools-requirements.ts)
        const declared = [
          ...setupCfgRequirements(read(posix.join(dir, "setup.cfg")) ?? "").map((spec) => ({ spec, from: "setup.cfg" })),
          ...setupPyRequirements(read(posix.join(dir, "setup.py")) ?? "").map((spec) => ({ spec, from: "setup.py" })),
        ];
        for (const { spec, from } of declared) {
          const r = requirementName(spec);
          if (r) deps.push({ registry: "pypi", ...r, from });
        }
      }
    } else {
      deps.push(...nodeDependencies(read(posix.join(cwd, "package.json")), read(posix.join(cwd, "package-lock.json"))));
    }
  }
  const release = debianReleaseFor(info.release) ?? "bookworm";
  const installed = new Set(stage.packages.map((p) => p.name));
  const lines = [...new Set(installs.map((i) => i.line))];
  for (const need of nativeNeeds(deps, release)) {
    // the Dockerfile installed the -dev package itself: its runtime libraries are implied already
    if (installed.has(need.entry.dev)) continue;
    const missing = need.packages.filter((p) => !installed.has(p) && !result.packages.includes(p));
    if (missing.length === 0) continue;
    result.packages.push(...missing);
    result.decisions.push({
      kind: "runtime",
      lines,
      message: `${lines.length > 1 ? "lines" : "line"} ${lines.join(", ")}: ${need.dependency.name} (${need.dependency.from}) builds against ${need.entry.dev}, which ${stage.baseName} provides and its runtime counterpart lacks → runtime librar${missing.length > 1 ? "ies" : "y"} ${missing.join(", ")} in the final stage (${need.entry.source.replace(/ — .*$/, "")})`,
    });
  }
  const known = new Set(nativeNeeds(deps, release).map((n) => n.dependency.name));
  const others = [...new Set(deps.filter((d) => mayCompile(d, deps)).map((d) => d.name))].filter((n) => !known.has(n));
  if (others.length || deps.length === 0) {
    result.decisions.push({
      kind: "warning",
      lines,
      message: `${lines.length > 1 ? "lines" : "line"} ${lines.join(", ")}: ${stage.baseName} ships -dev libraries, and ${
        deps.length === 0
          ? installs.some((i) => i.fact.kind === "python-deps" && i.fact.tool === "setup.py")
            ? "what `python setup.py` compiles, and against which library, is not read from it (a setup.py is a program, not a manifest)"
            : "the dependency manifests could not be read from the build context"
          : `whether ${others.slice(0, 4).join(", ")}${others.length > 4 ? ` or ${others.length - 4} more` : ""} compile${others.length > 1 ? "" : "s"} against one of them is not in slimstage's data`
      }: that is only known by building — run \`slimstage convert --verify\`, which measures the ELF linkage and adds a missing library`,
    });
  }
  return result;
}
