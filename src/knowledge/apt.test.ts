// Checks the committed Debian data against apt on this machine: coverage of every bookworm main -dev package
// that depends on a shared library package, and 20 seeded-random entries against `apt-cache depends`.
// Needs `apt-get update` to have run with bookworm main in the sources (CI does that first); skipped otherwise.
import { execFileSync, spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { runtimeLibraryInfo } from "./index.js";

interface AptPkg {
  name: string;
  source: string;
  section: string;
  depends: string[][];
}

/** The machine's bookworm main Packages files for amd64, or why there are none. */
function bookwormIndexFiles(): { files: string[]; reason?: string } {
  const r = spawnSync(
    "apt-get",
    ["indextargets", "--format", "$(FILENAME)", "Identifier: Packages", "Codename: bookworm", "Component: main", "Architecture: amd64"],
    { encoding: "utf8" },
  );
  if (r.error || r.status !== 0) return { files: [], reason: "apt-get is not available" };
  const files = r.stdout.split("\n").filter(Boolean);
  const present = files.filter((f) => spawnSync("test", ["-s", f]).status === 0);
  if (present.length === 0) return { files: [], reason: "apt has no bookworm main amd64 lists (run apt-get update with bookworm in the sources)" };
  return { files: present };
}

// A deliberately independent reading of the Packages format (not the generator's parser).
function readIndex(files: string[]): Map<string, AptPkg> {
  const map = new Map<string, AptPkg>();
  for (const f of files) {
    const text = execFileSync("/usr/lib/apt/apt-helper", ["cat-file", f], { encoding: "utf8", maxBuffer: 1 << 30 });
    for (const block of text.split("\n\n")) {
      const field = (k: string) => new RegExp(`^${k}: (.*)$`, "m").exec(block)?.[1];
      const name = field("Package");
      if (!name) continue;
      const rel = [field("Pre-Depends"), field("Depends")].filter(Boolean).join(", ");
      map.set(name, {
        name,
        source: (field("Source") ?? name).split(" ")[0]!,
        section: (field("Section") ?? "").replace(/^.*\//, ""),
        depends: rel === "" ? [] : rel.split(",").map((g) => g.split("|").map((a) => a.trim().split(/[\s(:]/)[0]!)),
      });
    }
  }
  return map;
}

/**
 * "Shared library package" for this test: filed under Section libs and named with a version, as Debian
 * Policy 8.1 names library packages after their soname (libpq5, libssl3, libyaml-0-2, zlib1g), excluding the
 * -dev/-dbg/-doc/-common/-data/-bin/-base/-tools/-utils companions filed there too.
 */
function isSharedLibraryPackage(p: AptPkg | undefined): boolean {
  return p !== undefined && p.section === "libs" && /\d/.test(p.name) && !/-(dev|dbg|doc|data|common|bin|base|tools|utils)$/.test(p.name);
}

/** Parses `apt-cache depends` output: package → direct Depends/PreDepends targets (virtuals expanded). */
function aptDepends(names: string[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  if (names.length === 0) return out;
  // apt-cache answers for each package's candidate: bookworm where bookworm is the default release (on a machine
  // that also lists trixie, it must be pinned lower, as here).
  const r = spawnSync(
    "apt-cache",
    ["depends", "--no-recommends", "--no-suggests", "--no-conflicts", "--no-breaks", "--no-replaces", "--no-enhances", ...names],
    { encoding: "utf8", maxBuffer: 1 << 28, env: { ...process.env, LC_ALL: "C" } },
  );
  const text = r.stdout ?? "";
  let current: Set<string> | undefined;
  let inDep = false;
  for (const line of text.split("\n")) {
    if (/^\S/.test(line)) {
      current = new Set();
      out.set(line.trim(), current);
      continue;
    }
    const dep = /^ {1,2}\|?(PreDepends|Depends): (.*)$/.exec(line);
    if (dep) {
      inDep = true;
      current?.add(dep[2]!.replace(/^<|>$/g, "").replace(/:any$/, ""));
    } else if (/^ {4}\S/.test(line) && inDep) {
      current?.add(line.trim()); // a provider of the virtual package above
    } else inDep = false;
  }
  return out;
}

/** mulberry32: a small seeded generator so the sample is the same on every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const apt = bookwormIndexFiles();

describe.skipIf(apt.reason !== undefined)(`Debian data against apt on this machine${apt.reason ? ` — skipped: ${apt.reason}` : ""}`, () => {
  const index = apt.reason === undefined ? readIndex(apt.files) : new Map<string, AptPkg>();
  const devWithLibraryDeps = [...index.values()].filter(
    (p) => p.name.endsWith("-dev") && p.depends.some((g) => g.some((d) => isSharedLibraryPackage(index.get(d)))),
  );

  it("covers every bookworm main -dev package whose dependencies include a shared library package", () => {
    expect(devWithLibraryDeps.length).toBeGreaterThan(3000);
    const missing = devWithLibraryDeps.filter((p) => runtimeLibraryInfo(p.name, { release: "bookworm", arch: "amd64" }).packages.length === 0);
    console.info(
      `coverage: ${devWithLibraryDeps.length - missing.length}/${devWithLibraryDeps.length} bookworm main -dev packages with shared-library dependencies`,
    );
    expect(
      missing.map((p) => p.name),
      "not in data/knowledge/debian-bookworm.json; regenerate with scripts/knowledge/generate.mjs",
    ).toEqual([]);
  });

  it("agrees with apt-cache depends on 20 seeded-random entries", () => {
    const rand = seeded(20240501);
    const pool = devWithLibraryDeps.map((p) => p.name).sort();
    const sample = new Set<string>();
    while (sample.size < 20) sample.add(pool[Math.floor(rand() * pool.length)]!);

    // apt's dependency graph around the sample, one apt-cache call per level. The walk goes through
    // development, virtual and transitional packages (the way from a -dev package to its library), not
    // through libraries or ordinary programs.
    const graph = new Map<string, Set<string>>();
    const walkable = (name: string) => {
      const p = index.get(name);
      return (
        p === undefined ||
        /-dev(-|$)/.test(name) ||
        ["libdevel", "oldlibs", "metapackages"].includes(p.section) ||
        (!isSharedLibraryPackage(p) && /^lib/.test(name))
      );
    };
    let frontier = [...sample];
    for (let depth = 0; depth < 6 && frontier.length > 0; depth++) {
      for (const [name, deps] of aptDepends(frontier)) graph.set(name, deps);
      frontier = [...new Set(frontier.flatMap((n) => [...(graph.get(n) ?? [])]))].filter((d) => !graph.has(d) && walkable(d));
    }

    for (const dev of sample) {
      const info = runtimeLibraryInfo(dev, { release: "bookworm", arch: "amd64" });
      const pkg = index.get(dev)!;
      const direct = graph.get(dev) ?? new Set<string>();
      const reached = new Set<string>();
      const stack = [dev];
      while (stack.length > 0) {
        const n = stack.pop()!;
        for (const d of graph.get(n) ?? []) {
          if (reached.has(d)) continue;
          reached.add(d);
          stack.push(d);
        }
      }
      expect(info.packages.length, `${dev} has no runtime libraries in the data`).toBeGreaterThan(0);
      for (const lib of info.packages) expect(reached.has(lib), `${dev} → ${lib} not reachable via apt-cache depends`).toBe(true);
      if (info.basis === "linked") {
        for (const lib of info.packages) expect(direct.has(lib), `${dev} → ${lib} is not a direct dependency`).toBe(true);
      } else {
        // The direct library dependencies built from the same source are the package's own: all must be named.
        const own = [...direct].filter((d) => isSharedLibraryPackage(index.get(d)) && index.get(d)!.source === pkg.source);
        for (const lib of own) expect(info.packages, `${dev} misses its own library ${lib}`).toContain(lib);
      }
    }
    console.info(`sampled: ${[...sample].map((d) => `${d} → ${runtimeLibraryInfo(d).packages.join(",")}`).join("; ")}`);
  }, 120_000);
});
