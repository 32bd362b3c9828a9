// Pure derivations over Debian archive metadata (Packages stanzas and Contents lines). No I/O here, so the rules
// can be unit-tested on small synthetic inputs; generate.mjs does the apt work and feeds this module.

/** Multiarch triplets of the architectures we read (Debian's DEB_HOST_MULTIARCH). */
export const TRIPLETS = { amd64: "x86_64-linux-gnu", arm64: "aarch64-linux-gnu" };

/**
 * Build tools that the archive's sections do not mark as `devel`/`libdevel` (version control, language
 * toolchains filed under golang/rust/java, m4, swig…). Each is a regular expression over package names, expanded
 * against the archive so that only names that exist are written out. Keep this list short and documented.
 */
export const TOOLCHAIN_PATTERNS = [
  // version control used to fetch sources
  /^(git|git-lfs|subversion|mercurial|bzr|breezy|cvs)$/,
  // Go
  /^(golang|golang-go|golang-src|gccgo)$/,
  /^golang-1\.\d+(-go|-src)?$/,
  // Rust
  /^(rustc|rustc-web|cargo|cargo-web|rust-src|rust-all|rustfmt|rust-clippy)$/,
  // Java build side (the JRE stays "other": it is the runtime)
  /^default-jdk(-headless)?$/,
  /^openjdk-\d+-jdk(-headless)?$/,
  /^(maven|gradle|ant|ant-optional|sbt|leiningen)$/,
  // macro processors and generators used by configure/make
  /^(m4|swig|swig4\.0|gperf|re2c|cython3|dpkg-dev|debhelper|quilt|patch|intltool)$/,
];

// -- Packages stanzas ----------------------------------------------------------------------------------------

/** Splits a deb822 text (Packages, dumpavail) into field maps. Continuation lines are kept, joined by "\n". */
export function parseStanzas(text) {
  const out = [];
  let cur = {};
  let last;
  for (const line of text.split("\n")) {
    if (line === "") {
      if (Object.keys(cur).length > 0) out.push(cur);
      cur = {};
      last = undefined;
    } else if (line[0] === " " || line[0] === "\t") {
      if (last !== undefined) cur[last] += "\n" + line.slice(1);
    } else {
      const colon = line.indexOf(":");
      if (colon <= 0) continue;
      last = line.slice(0, colon);
      cur[last] = line.slice(colon + 1).trim();
    }
  }
  if (Object.keys(cur).length > 0) out.push(cur);
  return out;
}

/**
 * Parses a Depends-style field into groups of alternatives: "a (>= 1) | b:any, c" → [["a","b"],["c"]].
 * Version constraints and arch qualifiers are dropped: the knowledge is about names.
 */
export function parseRelations(value) {
  if (!value) return [];
  return value
    .split(",")
    .map((group) =>
      group
        .split("|")
        .map((alt) =>
          alt
            .replace(/\(.*?\)|\[.*?\]|<.*?>/g, "")
            .trim()
            .replace(/:\S+$/, ""),
        )
        .filter((n) => n !== ""),
    )
    .filter((g) => g.length > 0);
}

/** The fields of one stanza that the derivations use. */
export function toPackage(st) {
  const name = st.Package;
  const section = (st.Section ?? "").replace(/^.*\//, ""); // "contrib/libs" → "libs"
  return {
    name,
    version: st.Version ?? "",
    arch: st.Architecture ?? "",
    source: (st.Source ?? name).replace(/\s*\(.*\)$/, ""), // "openssl (3.0.1-1)" → "openssl"
    section,
    priority: st.Priority ?? "optional",
    essential: st.Essential === "yes",
    depends: [...parseRelations(st["Pre-Depends"]), ...parseRelations(st.Depends)],
    provides: parseRelations(st.Provides).map((g) => g[0]),
    transitional: /transitional|dummy package/i.test((st.Description ?? "").split("\n")[0] ?? ""),
  };
}

/** Indexes packages by name and virtual names by their providers (sorted, so results are stable). */
export function indexPackages(pkgs) {
  const byName = new Map();
  const providers = new Map();
  for (const p of pkgs) {
    byName.set(p.name, p);
  }
  for (const p of byName.values()) {
    for (const v of p.provides) {
      if (v === p.name) continue;
      const list = providers.get(v) ?? [];
      if (!list.includes(p.name)) list.push(p.name);
      providers.set(v, list);
    }
  }
  for (const list of providers.values()) list.sort();
  return { byName, providers };
}

/**
 * What installing `name` installs, as apt would pick it: the real package if there is one, else the providers of
 * the virtual name. With several providers apt refuses to choose; we keep those from the requester's source
 * package when there are any (a library's own -dev alias), else all of them.
 */
export function resolveName(index, name, preferSource) {
  if (index.byName.has(name)) return [name];
  const provs = index.providers.get(name) ?? [];
  if (provs.length <= 1 || preferSource === undefined) return provs;
  const same = provs.filter((p) => index.byName.get(p)?.source === preferSource);
  return same.length > 0 ? same : provs;
}

/** The first alternative of a dependency group that can be installed, resolved to real package names. */
export function resolveGroup(index, group, preferSource) {
  for (const alt of group) {
    const r = resolveName(index, alt, preferSource);
    if (r.length > 0) return r;
  }
  return [];
}

export function isDevName(name) {
  return name.endsWith("-dev");
}

// -- Contents ------------------------------------------------------------------------------------------------

/** Splits a Contents line ("path   section/pkg,section/pkg2") into the path and package names. */
export function parseContentsLine(line) {
  const m = /^(.*?)\s+(\S+)$/.exec(line);
  if (!m) return undefined;
  return { path: m[1], packages: m[2].split(",").map((loc) => loc.slice(loc.lastIndexOf("/") + 1)) };
}

// Companion files named after a library (gdb helpers, FIPS checksums, libtool archives).
const NOT_A_LIBRARY = /\.(py|debug|hmac|la|a|sig|conf|txt)$|\/\.[^/]*$/;

/**
 * If `path` is a shared object in a directory the dynamic loader searches by default (lib, usr/lib, their
 * multiarch triplet directory, lib64), returns its file name; libraries in private subdirectories are loaded by
 * path or RUNPATH and are not what a NEEDED entry names.
 */
export function sharedObjectName(path, triplet) {
  if (!path.includes(".so") || NOT_A_LIBRARY.test(path)) return undefined;
  const m = /^(?:usr\/)?lib(?:64)?\/(?:([^/]+)\/)?([^/]+\.so(?:\.[\w+~-]+)*)$/.exec(path);
  if (!m) return undefined;
  if (m[1] !== undefined && m[1] !== triplet) return undefined;
  return m[2];
}

/** Packages whose files are for debugging or building, never the runtime home of a soname. */
export function isNonRuntimeName(name) {
  return /-(dev|dbg|dbgsym|doc|source|src)$/.test(name) || name.endsWith("-dev-bin") || /-cross$/.test(name);
}

/**
 * Reduces the shared-object file names one package ships to its sonames: for a stem "libpq.so" with files
 * libpq.so.5 and libpq.so.5.15 only the shortest versioned name (the SONAME link) is kept; an unversioned
 * "libfoo.so" counts only when the package ships no versioned file of that stem (then it is the soname).
 * Consumers look up longer NEEDED names by trimming trailing ".N" parts. Version parts may carry letters
 * (libtidy.so.5deb1, libc-client.so.2007e, libcmark-gfm.so.0.29.0.gfm.6, even libpamtest.so.SOVERSION).
 */
export function sonamesOf(files) {
  const byStem = new Map();
  for (const f of files) {
    const stem = /^(.*?\.so)(?:\.[\w+~-]+)*$/.exec(f)?.[1] ?? f;
    const list = byStem.get(stem) ?? [];
    list.push(f);
    byStem.set(stem, list);
  }
  const out = [];
  for (const [stem, list] of byStem) {
    const versioned = list.filter((f) => f !== stem).sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
    if (versioned.length === 0) {
      out.push(stem);
      continue;
    }
    const kept = [];
    for (const f of versioned) {
      if (!kept.some((k) => f.startsWith(k + "."))) kept.push(f);
    }
    out.push(...kept);
  }
  return out.sort();
}

/**
 * Soname → packages for one architecture, from the per-package shared-object files. When several packages ship
 * the same name, the Section libs one with the shortest name comes first (the canonical library package; others
 * are usually alternatives such as BLAS implementations or variant builds).
 */
export function deriveSonames(filesByPackage, index) {
  const map = new Map();
  for (const [pkg, files] of filesByPackage) {
    if (isNonRuntimeName(pkg)) continue;
    const p = index.byName.get(pkg);
    for (const so of sonamesOf(files)) {
      const unversioned = so.endsWith(".so");
      // An unversioned .so outside a libs package is a plugin or a stray dev link, not a library to depend on.
      if (unversioned && p?.section !== "libs") continue;
      const list = map.get(so) ?? [];
      if (!list.includes(pkg)) list.push(pkg);
      map.set(so, list);
    }
  }
  const rank = (n) => (index.byName.get(n)?.section === "libs" ? 0 : 1);
  for (const list of map.values()) list.sort((a, b) => rank(a) - rank(b) || a.length - b.length || (a < b ? -1 : 1));
  return map;
}

/**
 * The shared-library packages: the home of at least one soname, or a Section libs package that ships a shared
 * object somewhere under a lib directory (private directories such as usr/lib/<triplet>/android/, lib32/, or
 * alternatives directories like blis-openmp/ are loaded by RUNPATH or ld.so.conf, but are runtime libraries all
 * the same).
 */
export function libraryPackages(sonames, shipsSharedObject = new Set(), index = undefined) {
  const libs = new Set();
  for (const list of sonames.values()) for (const p of list) libs.add(p);
  for (const name of shipsSharedObject) {
    if (index?.byName.get(name)?.section === "libs" && !isNonRuntimeName(name)) libs.add(name);
  }
  // Named and filed like a library (static-only or foreign-format libraries, or a Contents file lagging the
  // Packages index): counted too, so that metadata alone never contradicts the data.
  for (const p of index?.byName.values() ?? []) if (looksLikeLibraryPackage(p)) libs.add(p.name);
  return libs;
}

/** Debian's naming for shared-library packages (Policy 8.1): Section libs, a version in the name. */
export function looksLikeLibraryPackage(pkg) {
  return pkg.section === "libs" && /\d/.test(pkg.name) && !/-(dev|dbg|doc|data|common|bin|base|tools|utils)$/.test(pkg.name) && !isNonRuntimeName(pkg.name);
}

/** Any shared object under a lib directory, private subdirectories included. */
export function isAnySharedObject(path) {
  return !NOT_A_LIBRARY.test(path) && /^(?:usr\/)?lib[^/]*\/(?:.*\/)?[^/]+\.so(?:\.[\w+~-]+)*$/.test(path);
}

// -- dev → runtime -------------------------------------------------------------------------------------------

/**
 * For each development package (real or virtual), the runtime shared-library packages of its own library.
 *
 * Rules, applied to the package's Depends and Pre-Depends (first installable alternative, virtual names resolved
 * to providers):
 *  - a library package from the same source package is the dev package's own runtime library;
 *  - a -dev package from the same source is part of the same library family: its own libraries count too;
 *  - when that yields nothing and the package is a forwarder — it ships no files beyond its docs (default-* and
 *    unversioned metapackages such as libjpeg-dev), or says it is transitional — the development packages it
 *    depends on are followed, whatever their source. A header-only library that depends on other libraries'
 *    -dev packages is not a forwarder: those libraries are not its own;
 *  - a virtual -dev name maps to what its providers map to.
 * Returns `own` (the rules above) and, for packages where they find nothing, `linked`: the shared libraries the
 * package itself depends on, which is what code built with it links against.
 */
export function deriveDevMap(index, libs, shipsFiles) {
  const memo = new Map();
  const visiting = new Set();
  // Without Contents we cannot tell an empty forwarder from a header-only library, so every -dev is followed.
  // Also forwarders: packages of a *-defaults source (python3-dev, default-libmysqlclient-dev), and unversioned
  // names depending on their versioned selves (libpython3-dev → libpython3.11-dev), which ship a few symlinks.
  const stem = (name) => name.replace(/-dev$/, "");
  const isForwarder = (pkg) =>
    pkg.transitional ||
    pkg.section === "metapackages" ||
    pkg.source.endsWith("-defaults") ||
    shipsFiles === undefined ||
    !shipsFiles.has(pkg.name) ||
    pkg.depends.some((g) => g.some((d) => isDevName(d) && d.startsWith(stem(pkg.name)) && /^[\d.]/.test(d.slice(stem(pkg.name).length))));

  const own = (name) => {
    if (memo.has(name)) return memo.get(name);
    if (visiting.has(name)) return [];
    visiting.add(name);
    const result = new Set();
    const pkg = index.byName.get(name);
    if (pkg === undefined) {
      for (const p of resolveName(index, name)) for (const l of own(p)) result.add(l);
    } else {
      const forward = [];
      for (const group of pkg.depends) {
        for (const t of resolveGroup(index, group, pkg.source)) {
          const tp = index.byName.get(t);
          const sameSource = tp?.source === pkg.source;
          if (libs.has(t)) {
            if (sameSource) result.add(t);
          } else if (sameSource && tp !== undefined && !isDevPackage(tp) && isForwarder(tp)) {
            // an empty same-source package in between (libtag1v5 → libtag1v5-vanilla)
            for (const l of own(t)) result.add(l);
          } else if (tp !== undefined && isDevPackage(tp)) {
            if (sameSource) for (const l of own(t)) result.add(l);
            else forward.push(t);
          }
        }
      }
      if (result.size === 0 && isForwarder(pkg)) for (const t of forward) for (const l of own(t)) result.add(l);
    }
    visiting.delete(name);
    const list = [...result].sort();
    memo.set(name, list);
    return list;
  };

  // No library of its own (Haskell/OCaml -dev packages with static code, plugin headers, lib32 variants
  // of another source): what it links against is what its own Depends name as shared libraries.
  const linked = (name) => {
    const pkg = index.byName.get(name);
    const result = new Set();
    if (pkg === undefined) {
      for (const p of resolveName(index, name)) for (const l of linked(p)) result.add(l);
    } else {
      for (const group of pkg.depends) for (const t of resolveGroup(index, group, pkg.source)) if (libs.has(t)) result.add(t);
    }
    return [...result].sort();
  };
  const map = new Map();
  const linkedMap = new Map();
  const keys = [...index.byName.values()].filter(isDevPackage).map((p) => p.name);
  // Virtual -dev names (libmariadbclient-dev-compat, libncurses5-dev…) are installable too; Haskell ABI-hash
  // names (libghc-foo-dev-1.2-ab12c) are not something a Dockerfile names.
  keys.push(...[...index.providers.keys()].filter((v) => !index.byName.has(v) && /-dev(-[a-z]+)*$/.test(v)));
  for (const name of keys.sort()) {
    const libsOf = own(name);
    if (libsOf.length > 0) {
      map.set(name, libsOf);
      continue;
    }
    const deps = linked(name);
    if (deps.length > 0) linkedMap.set(name, deps);
  }
  return { own: map, linked: linkedMap };
}

/** A development package: named *-dev, or filed under Section libdevel (libmariadb-dev-compat, libc6-dev-i386). */
export function isDevPackage(pkg) {
  return isDevName(pkg.name) || pkg.section === "libdevel";
}

// -- build-only ----------------------------------------------------------------------------------------------

/**
 * Build-only by name alone, so these are not listed in the data: development packages (*-dev, *-dev-compat),
 * cross toolchains (*-cross, gcc-12-aarch64-linux-gnu, binutils-i686-gnu, g++-mingw-w64-…) and versioned C
 * preprocessors (cpp-12: Section interpreters). The loader applies the same rule (isDebianBuildOnlyName).
 */
export function isBuildOnlyByName(name) {
  return /-dev(-compat)?$|-cross$|-linux-gnu[a-z0-9_]*$|-(i686|x86-64)-(kfreebsd-)?gnu$|mingw-w64|^cpp-\d+$/.test(name);
}

/** Dependency closure of `roots` through Depends/Pre-Depends (first installable alternative of each group). */
export function closure(index, roots) {
  const seen = new Set();
  const stack = [...roots];
  while (stack.length > 0) {
    const name = stack.pop();
    for (const real of resolveName(index, name)) {
      if (seen.has(real)) continue;
      seen.add(real);
      for (const group of index.byName.get(real)?.depends ?? []) stack.push(...resolveGroup(index, group));
    }
  }
  return seen;
}

/**
 * Packages that only a build needs, beyond every "-dev" name (a rule in the loader, so not listed):
 *  - Section devel or libdevel;
 *  - the closure of build-essential, except what a runtime image has or needs anyway: shared libraries,
 *    Essential packages, Priority required/important/standard ones (perl, tar, xz-utils…);
 *  - the toolchain patterns above, expanded against the archive.
 */
export function deriveBuildOnly(index, libs, patterns = TOOLCHAIN_PATTERNS) {
  const out = new Set();
  // the support packages shared libraries depend on (gcc-12-base for libgcc-s1, libtirpc-common for libtirpc3)
  // are in every runtime image that has those libraries, so they are never build-only; only these -base/-common/
  // -data halves: a library that depends on a whole toolchain (libgccjit0 → gcc, binutils) does not make it runtime
  const libraryDeps = new Set();
  for (const lib of libs) {
    for (const group of index.byName.get(lib)?.depends ?? []) {
      for (const dep of resolveGroup(index, group)) if (/-(base|common|data)$/.test(dep)) libraryDeps.add(dep);
    }
  }
  const consider = (p) => {
    if (p === undefined || isDevName(p.name) || libs.has(p.name) || libraryDeps.has(p.name)) return;
    out.add(p.name);
  };
  for (const p of index.byName.values()) {
    if (p.section === "devel" || p.section === "libdevel") consider(p);
    else if (patterns.some((re) => re.test(p.name))) consider(p);
  }
  for (const name of closure(index, ["build-essential"])) {
    const p = index.byName.get(name);
    if (p === undefined || p.essential || ["required", "important", "standard"].includes(p.priority)) continue;
    consider(p);
  }
  return out;
}

/** Files that any package may carry without that meaning it has content of its own. */
export function isBookkeepingPath(path) {
  return /^usr\/share\/(doc|doc-base|lintian|bug|bash-completion)\//.test(path);
}

/**
 * The package name Debian Policy 8.1 gives a library by its SONAME: "libpq.so.5" → "libpq5",
 * "libyaml-0.so.2" → "libyaml-0-2" (a hyphen when the name ends in a digit), lowercased. Sonames whose package
 * follows this rule are stored without the package name; src/knowledge/debian.ts applies the same rule.
 */
export function policyPackageName(soname) {
  const m = /^(.*)\.so\.(.+)$/.exec(soname);
  if (!m) return undefined;
  const sep = /\d$/.test(m[1]) ? "-" : "";
  return (m[1] + sep + m[2]).toLowerCase().replace(/_/g, "-");
}
