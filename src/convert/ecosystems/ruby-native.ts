// Runtime libraries of native gems built on a full ruby image. ruby:X ships the -dev packages (libpq-dev,
// libsqlite3-dev, libxml2-dev …), so `bundle install` compiles pg, sqlite3 or a local gem's C extension against
// them without an apt line, and ruby:X-slim lacks the shared libraries they link. Two sources say which:
// - gems named in Gemfile.lock (or on `gem install`) that data/knowledge/native-packages.json knows, with a source;
// - gems whose source is in the build context (`gem build x.gemspec`, Gemfile.lock PATH gems): their extconf.rb
//   names the libraries it links (have_library/find_library/pkg_config), and Debian's archive data says which
//   package ships `lib<name>.so.<major>`.
import { posix } from "node:path";
import type { StageAnalysis } from "../../analyze/dockerfile.js";
import { bundlerGroups } from "../../analyze/recognizers/bundler.js";
import type { RubyDepsFact } from "../../analyze/ruby-facts.js";
import { debianReleaseFor, loadDebianData, packagesForSoname, type DebianRelease } from "../../knowledge/index.js";
import type { Step } from "../../model/stages.js";
import { contextFileAt } from "../context-files.js";
import { gemfileLockDependencies, type ManifestDependency, nativeData, nativeNeeds, type NativeResult } from "../native-deps.js";
import { linesText } from "../text.js";
import type { ContextReader } from "../types.js";

/**
 * Shared libraries ruby:X-slim keeps: its Dockerfile installs libffi-dev, libgmp-dev, libssl-dev, libyaml-dev and
 * zlib1g-dev in the slim variant too, so gems can build against them there
 * (https://github.com/docker-library/ruby/blob/master/Dockerfile.template, "skip installing gem documentation" …
 * runtime `apt-get install` list of the slim variant).
 */
const RUBY_SLIM_LIBRARIES: ReadonlySet<string> = new Set(["libffi8", "libgmp10", "libssl3", "libyaml-0-2", "zlib1g", "libc6"]);

/** The library names an extconf.rb links: have_library("sqlite3"), find_library('pq', …), pkg_config("libxml-2.0"), dir_config("mysql"). */
export function extconfLibraries(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/\b(?:have_library|find_library|pkg_config)\s*\(?\s*["']([^"']+)["']/g)) {
    const name = m[1] as string;
    if (!out.includes(name)) out.push(name);
  }
  return out;
}

/** The extension scripts a gemspec declares (`s.extensions = ["ext/x/extconf.rb"]`, `spec.extensions << "…"`, %w[…]). */
export function gemspecExtensions(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/\.extensions\s*(?:=|<<|\+=)\s*([^\n]+)/g)) {
    const rhs = m[1] as string;
    const words = rhs.trim().startsWith("%w")
      ? (/%w[[(]([^\])]*)[\])]/.exec(rhs)?.[1] ?? "").split(/\s+/)
      : [...rhs.matchAll(/["']([^"']+)["']/g)].map((x) => x[1] as string);
    out.push(...words.filter((w) => w.endsWith(".rb") || w.endsWith("Rakefile")));
  }
  return out;
}

/**
 * The Debian package shipping `lib<name>.so.<major>` (or lib<name>-<ver>.so.<major>), when exactly one does. A
 * pkg-config name with a version (libxml-2.0, yaml-0.1) is tried without it, then with its major (xml2).
 */
export function packageForLibrary(name: string, release: DebianRelease = "bookworm"): string | undefined {
  const bare = name.replace(/^lib/, "");
  const m = /^(.*)-([0-9]+)(\.[0-9.]+)?$/.exec(bare);
  if (!m) return packageForName(bare, release);
  return packageForName(m[1] as string, release) ?? packageForName(`${m[1]}${m[2]}`, release);
}

function packageForName(name: string, release: DebianRelease): string | undefined {
  const { file } = loadDebianData(release);
  const re = new RegExp(`^lib${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(-[0-9.]+)?\\.so\\.[0-9]+$`);
  const sonames = [...new Set([...Object.keys(file.sonames), ...Object.keys(file.sonamesByArch.amd64 ?? {})])].filter((s) => re.test(s));
  const packages = [...new Set(sonames.flatMap((s) => packagesForSoname(s, { release }).slice(0, 1)))];
  return packages.length === 1 ? packages[0] : undefined;
}

/** The groups of each gem a Gemfile names: `group :a, :b do … end` blocks and `group:`/`groups:` options. */
export function gemfileGroups(gemfile: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const blocks: Array<string[] | undefined> = [];
  const symbols = (s: string) => [...s.matchAll(/:["']?([A-Za-z0-9_]+)|["']([A-Za-z0-9_]+)["']/g)].map((m) => (m[1] ?? m[2]) as string);
  for (const raw of gemfile.split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, "");
    const group = /^\s*group\s*\(?([^)]*?)\)?\s+do\b/.exec(line);
    if (group) {
      blocks.push(symbols(group[1] as string));
      continue;
    }
    if (/\bdo\s*(\|[^|]*\|)?\s*$/.test(line)) {
      blocks.push(undefined); // platforms/source/git/path blocks: no group of their own
      continue;
    }
    if (/^\s*end\b/.test(line)) {
      blocks.pop();
      continue;
    }
    const gem = /^\s*gem\s*\(?\s*["']([^"']+)["'](.*)$/.exec(line);
    if (!gem) continue;
    const option = /(?:\bgroups?:|:groups?\s*=>)\s*(\[[^\]]*\]|:[A-Za-z0-9_]+|["'][^"']+["'])/.exec(gem[2] as string);
    const groups = [...blocks.flatMap((b) => b ?? []), ...(option ? symbols(option[1] as string) : [])];
    out.set(gem[1] as string, [...(out.get(gem[1] as string) ?? []), ...(groups.length ? groups : ["default"])]);
  }
  return out;
}

/**
 * The gems bundler installs when it leaves out `without`: everything Gemfile.lock reaches from the Gemfile's gems
 * outside those groups (dependencies are listed under each spec, six spaces in). Undefined when nothing is left out.
 */
export function installedGems(lock: string, gemfile: string, without: readonly string[]): Set<string> | undefined {
  if (without.length === 0) return undefined;
  const groups = gemfileGroups(gemfile);
  const deps = new Map<string, string[]>();
  let current: string | undefined;
  for (const line of lock.split(/\r?\n/)) {
    const spec = /^ {4}([A-Za-z0-9_.-]+) \(/.exec(line);
    if (spec) {
      current = spec[1] as string;
      if (!deps.has(current)) deps.set(current, []);
      continue;
    }
    const dep = /^ {6}([A-Za-z0-9_.-]+)/.exec(line);
    if (dep && current) deps.get(current)!.push(dep[1] as string);
    else if (!/^ {6}/.test(line)) current = undefined;
  }
  const roots = [...groups].filter(([, gs]) => gs.some((g) => !without.includes(g))).map(([name]) => name);
  const seen = new Set<string>();
  const stack = [...roots];
  while (stack.length) {
    const g = stack.pop() as string;
    if (seen.has(g)) continue;
    seen.add(g);
    stack.push(...(deps.get(g) ?? []));
  }
  return seen;
}

/** A gem whose sources the context holds: the gemspec's image path. */
interface LocalGem {
  name: string;
  gemspec: string;
  line: number;
}

const rubyInstallOps = new Set(["install", "update", "cache", "build"]);

export function rubyNativeLibraries(stage: StageAnalysis, steps: readonly Step[], context: ContextReader | undefined): NativeResult {
  const result: NativeResult = { packages: [], decisions: [] };
  const info = stage.baseInfo;
  if (!info || info.role !== "build" || info.language !== "ruby") return result;
  const installs = stage.runs.flatMap((r) =>
    r.facts.flatMap((f) =>
      f.value.kind === "ruby-deps" && rubyInstallOps.has(f.value.op) ? [{ fact: f.value as RubyDepsFact, step: r.step, line: f.at.line }] : [],
    ),
  );
  if (installs.length === 0) return result;
  const release = debianReleaseFor(info.release) ?? "bookworm";
  const without = [
    ...new Set([
      ...bundlerGroups(stage.runtime.env.BUNDLE_WITHOUT),
      ...stage.runs.flatMap((r) => r.facts.flatMap((f) => (f.value.kind === "ruby-deps" ? f.value.without : []))),
    ]),
  ];
  const deps: ManifestDependency[] = [];
  const local: LocalGem[] = [];
  for (const { fact, step, line } of installs) {
    const cwd = steps[step]?.workdir ?? "/";
    const read = (p: string) => contextFileAt(p, steps, context, step)?.text;
    if (fact.tool === "bundle") {
      const lock = read(posix.join(cwd, "Gemfile.lock"));
      if (lock) {
        // gems of the groups bundler leaves out are not installed, so they link nothing
        const gemfile = read(posix.join(cwd, "Gemfile"));
        const kept = gemfile === undefined ? undefined : installedGems(lock, gemfile, without);
        deps.push(...gemfileLockDependencies(lock).filter((d) => !kept || kept.has(d.name)));
        // PATH gems: `remote: gems/x` then their specs
        for (const m of lock.matchAll(/^PATH\n {2}remote: (\S+)\n {2}specs:\n((?: {4}.*\n?)*)/gm)) {
          for (const g of (m[2] as string).matchAll(/^ {4}([A-Za-z0-9_.-]+) \(/gm))
            local.push({ name: g[1] as string, gemspec: posix.join(cwd, m[1] as string, `${g[1]}.gemspec`), line });
        }
      }
    } else if (fact.gemspec) {
      local.push({ name: posix.basename(fact.gemspec, ".gemspec"), gemspec: fact.gemspec, line });
    } else {
      for (const g of fact.gems) deps.push({ registry: "rubygems", name: g.name, extras: [], from: `line ${line}` });
    }
  }
  // gems that compile their own copy of a library unless told otherwise (nokogiri) link the system's only when told
  const configs = stage.runs.flatMap((r) => r.facts.flatMap((f) => (f.value.kind === "ruby-deps" && f.value.config ? [f.value.config] : [])));
  const data = nativeData();
  const linksSystem = (d: ManifestDependency): boolean => {
    const sys = data.rubygems[d.name]?.systemLibraries;
    if (!sys) return true;
    return /^(1|true|yes)$/i.test(stage.runtime.env[sys.env] ?? "") || configs.some((c) => c.key === `build.${d.name}` && c.value.includes(sys.flag));
  };
  deps.splice(0, deps.length, ...deps.filter(linksSystem));
  const installed = new Set([...stage.packages.map((p) => p.name), ...stage.runtimeLibraries]);
  const add = (packages: string[], lines: number[], why: string) => {
    const missing = packages.filter((p) => !installed.has(p) && !RUBY_SLIM_LIBRARIES.has(p) && !result.packages.includes(p));
    if (missing.length === 0) return;
    result.packages.push(...missing);
    result.decisions.push({
      kind: "runtime",
      lines,
      message: `${linesText(lines)}: ${why} → runtime librar${missing.length > 1 ? "ies" : "y"} ${missing.join(", ")} in the final stage (${stage.baseName} ships the -dev packages, its runtime counterpart lacks the libraries)`,
    });
  };
  const lines = [...new Set(installs.map((i) => i.line))];
  const needs = nativeNeeds(deps, release);
  for (const need of needs) {
    if (installed.has(need.entry.dev)) continue;
    add(
      need.packages,
      lines,
      `${need.dependency.name} (${need.dependency.from}) builds against ${need.entry.dev} (${need.entry.source.replace(/ — .*$/, "")})`,
    );
  }
  const unknownLocal: string[] = [];
  for (const g of local) {
    const spec = contextFileAt(g.gemspec, steps, context)?.text;
    if (spec === undefined) {
      unknownLocal.push(g.name);
      continue;
    }
    for (const ext of gemspecExtensions(spec)) {
      const extconf = contextFileAt(posix.join(posix.dirname(g.gemspec), ext), steps, context)?.text;
      if (extconf === undefined) {
        unknownLocal.push(g.name);
        continue;
      }
      for (const lib of extconfLibraries(extconf)) {
        const pkg = packageForLibrary(lib, release);
        const shown = `lib${lib.replace(/^lib/, "")}`;
        if (pkg)
          add(
            [pkg],
            [g.line],
            `the C extension of ${g.name} links ${shown} (${posix.join(posix.dirname(g.gemspec), ext)}), shipped by ${pkg} in Debian ${release}`,
          );
        else unknownLocal.push(`${g.name} (${shown})`);
      }
    }
  }
  const known = new Set([...needs.map((n) => n.dependency.name), ...local.map((l) => l.name)]);
  const others = [...new Set(deps.map((d) => d.name))].filter((n) => !known.has(n));
  const unread = installs.some((i) => i.fact.tool === "bundle") && deps.length === 0 && local.length === 0;
  if (unread || unknownLocal.length) {
    result.decisions.push({
      kind: "warning",
      lines,
      message: `${linesText(lines)}: ${stage.baseName} ships -dev libraries, and ${unread ? "Gemfile.lock could not be read from the build context" : `what ${unknownLocal.join(", ")} link${unknownLocal.length > 1 ? "" : "s"} could not be read`}: that is only known by building — run \`slimstage convert --verify\`, which measures the ELF linkage and adds a missing library`,
    });
  } else if (others.length) {
    result.decisions.push({
      kind: "note",
      lines,
      message: `${linesText(lines)}: no other gem of Gemfile.lock (${others.slice(0, 4).join(", ")}${others.length > 4 ? ` and ${others.length - 4} more` : ""}) is known to link a system library; \`slimstage convert --verify\` checks the built gems' ELF linkage`,
    });
  }
  return result;
}
