#!/usr/bin/env node
// Derives data/knowledge/official-images.json (the "families" part) from the history of Docker's official-images
// library: for every official image family, which OS release each version's default tag was built on the last time
// it was published, and which releases and Alpine versions each version line was ever published on.
//
//   node scripts/knowledge/official-images.mjs --git <official-images git dir> [--out data/knowledge/official-images.json]
//
// The git directory is a clone (bare is fine) of https://github.com/docker-library/official-images. Only
// library/<family> files are read, commit by commit (`git log` + `git show`); nothing is built or run. The
// "releases" part of the output (which distribution releases are archived) is kept from the existing file: it is
// measured separately (see docs/knowledge.md).
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
const DEFAULT_OUT = join(HERE, "..", "..", "data", "knowledge", "official-images.json");

/** Family → how many numeric components name a version line (python 3.11, node 18, openjdk 17). */
export const FAMILIES = {
  python: 2,
  node: 1,
  ruby: 2,
  golang: 2,
  rust: 2,
  php: 2,
  gcc: 1,
  openjdk: 1,
  "eclipse-temurin": 1,
};

const DEBIAN = ["wheezy", "jessie", "stretch", "buster", "bullseye", "bookworm", "trixie", "forky"];
const UBUNTU = ["trusty", "xenial", "bionic", "focal", "jammy", "kinetic", "lunar", "mantic", "noble", "oracular", "plucky", "questing", "resolute"];
const SKIP_WORDS = new Set(["rc", "ea", "beta", "alpha", "nightly", "windowsservercore", "nanoserver"]);

/** Parses one library file (both the 2014–2016 line format and the later RFC 2822 blocks) into entries. */
export function parseLibrary(text) {
  const entries = [];
  if (/^Tags:/m.test(text)) {
    for (const block of text.split(/\n\s*\n/)) {
      const field = (name) => new RegExp(`^${name}:\\s*(.*(?:\\n[ \\t]+.*)*)`, "m").exec(block)?.[1]?.replace(/\s+/g, " ").trim();
      const tags = field("Tags");
      if (!tags) continue;
      const shared = field("SharedTags");
      entries.push({
        tags: [...tags.split(/,\s*/), ...(shared ? shared.split(/,\s*/) : [])].filter(Boolean),
        directory: field("Directory") ?? "",
        windows: /windows/.test(field("Architectures") ?? "") || /windows|nanoserver/.test(field("Constraints") ?? ""),
      });
    }
    return entries;
  }
  const byDir = new Map();
  for (const line of text.split("\n")) {
    const m = /^([^\s:#]+):\s*\S+@\S+(?:\s+(\S+))?\s*$/.exec(line);
    if (!m) continue;
    const dir = m[2] ?? "";
    if (!byDir.has(dir)) byDir.set(dir, { tags: [], directory: dir, windows: /windows|nanoserver/.test(dir) });
    byDir.get(dir).tags.push(m[1]);
  }
  return [...byDir.values()];
}

/** The OS release an entry was built on: a Debian/Ubuntu codename, "alpine3.18", "oraclelinux8", "ubi9". */
export function entrySuite(entry) {
  const words = [...entry.directory.split(/[/]/), ...entry.tags.flatMap((t) => t.split("-"))];
  const dirParts = entry.directory.split("/");
  for (let i = 0; i < dirParts.length; i++) {
    // eclipse-temurin: 17/jdk/alpine/3.19, 17/jdk/ubuntu/jammy
    if (dirParts[i] === "alpine" && /^\d+\.\d+$/.test(dirParts[i + 1] ?? "")) return `alpine${dirParts[i + 1]}`;
  }
  for (const w of words) {
    const slimless = w.replace(/^slim-/, "");
    if (DEBIAN.includes(slimless) || UBUNTU.includes(slimless)) return slimless;
    if (/^alpine\d+\.\d+$/.test(w) || /^oraclelinux\d+$/.test(w) || /^ubi\d+$/.test(w)) return w;
  }
  return undefined;
}

const isSuiteToken = (t) =>
  DEBIAN.includes(t) || UBUNTU.includes(t) || /^alpine(\d+\.\d+)?$/.test(t) || /^oraclelinux\d+$/.test(t) || t === "oracle" || /^ubi\d+$/.test(t);

/** Numeric parts of a version token: "3.11.7" → [3,11,7], "8u342" → [8,342], "17.0.9_9" → [17,0,9,9]. */
export const versionParts = (v) => (v.match(/\d+/g) ?? []).map(Number);

export function compareVersions(a, b) {
  const x = versionParts(a);
  const y = versionParts(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? -1) - (y[i] ?? -1);
    if (d) return d;
  }
  return 0;
}

/** A version token the way a line is named: python "3.11.7" → "3.11"; openjdk "8u342" → "8". */
const lineOf = (v, parts) => versionParts(v).slice(0, parts).join(".");

function git(gitDir, args) {
  return execFileSync("git", ["--git-dir", gitDir, ...args], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
}

/** Reads every published version of a family's library file, oldest first, into the family's table. */
export function deriveFamily(versionsOf, lineParts) {
  /** version token → { suite, date } at its last appearance as a default (suite-less) tag */
  const defaults = new Map();
  const alpineDefaults = new Map();
  const words = new Map();
  const lines = new Map();
  let latestDate;
  for (const { date, text } of versionsOf) {
    latestDate = date;
    for (const entry of parseLibrary(text)) {
      if (entry.windows) continue;
      const suite = entrySuite(entry);
      if (!suite) continue;
      for (const tag of entry.tags) {
        const tokens = tag.toLowerCase().split("-");
        if (tokens.some((t) => SKIP_WORDS.has(t) || /^\d.*(a|b|rc)\d*$/.test(t))) continue;
        const first = tokens[0];
        const isVersion = /^\d/.test(first) && versionParts(first).length > 0;
        if (isVersion && versionParts(first).length >= lineParts) {
          const line = lineOf(first, lineParts);
          const rec = lines.get(line) ?? { firstSeen: date, lastSeen: date, suites: new Set() };
          rec.lastSeen = date;
          rec.suites.add(suite);
          lines.set(line, rec);
        }
        const rest = tokens.slice(1);
        // suite-less tags ("3.11", "3.11-slim", "17-jdk", "8.2-apache"): what the image's default release is
        const explicit = rest.filter((t) => isSuiteToken(t) || /^\d+\.\d+$/.test(t));
        const bareAlpine = rest.includes("alpine") && !rest.some((t, i) => t === "alpine" && /^\d+\.\d+$/.test(rest[i + 1] ?? ""));
        if (explicit.length === 0) {
          const key = first;
          const prev = (isVersion ? defaults : words).get(key);
          // the shortest tag of an entry speaks for the version (python "3.11" before "3.11-slim")
          if (!prev || prev.date !== date || tag.length <= prev.tagLength) (isVersion ? defaults : words).set(key, { suite, date, tagLength: tag.length });
        } else if (bareAlpine && explicit.every((t) => t === "alpine") && suite.startsWith("alpine")) {
          alpineDefaults.set(first, { suite, date });
        }
      }
    }
  }
  const out = { lines: {}, aliases: {}, currentDefault: undefined, lastPublished: latestDate };
  const sortedLines = [...lines.keys()].sort(compareVersions);
  for (const line of sortedLines) {
    const rec = lines.get(line);
    const inLine = [...defaults.entries()].filter(([v]) => versionParts(v).length > lineParts && lineOf(v, lineParts) === line);
    // only full versions, spelled the usual way (3.11.7, not 3.11 or a hotfix 17.0.4.1_1)
    const counts = new Map();
    for (const [v] of inLine) counts.set(versionParts(v).length, (counts.get(versionParts(v).length) ?? 0) + 1);
    const full = [...counts.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]?.[0];
    const versions = inLine.filter(([v]) => versionParts(v).length === full).sort(([a], [b]) => compareVersions(a, b));
    // runs: the default release from a version on, until the next run (releases only move forward)
    const runs = [];
    for (const [v, d] of versions) if (runs.length === 0 || runs[runs.length - 1][1] !== d.suite) runs.push([v, d.suite]);
    const lineDefault = defaults.get(line)?.suite ?? runs[runs.length - 1]?.[1];
    const alpine = alpineDefaults.get(line)?.suite;
    out.lines[line] = {
      firstSeen: rec.firstSeen,
      lastSeen: rec.lastSeen,
      ...(lineDefault ? { default: lineDefault } : {}),
      ...(runs.length ? { defaults: runs } : {}),
      ...(alpine ? { alpineDefault: alpine } : {}),
      suites: [...rec.suites].sort(),
    };
  }
  for (const [v, d] of defaults) if (versionParts(v).length < lineParts) out.aliases[v] = d.suite;
  for (const [w, d] of words) if (!isSuiteToken(w) && w !== "slim") out.aliases[w] = d.suite;
  out.currentDefault = out.aliases.latest ?? out.lines[sortedLines[sortedLines.length - 1]]?.default;
  return out;
}

function main(argv) {
  const arg = (name) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const gitDir = arg("--git");
  const out = arg("--out") ?? DEFAULT_OUT;
  if (!gitDir) {
    console.error("usage: official-images.mjs --git <official-images git dir> [--out FILE]");
    process.exit(2);
  }
  const head = git(gitDir, ["log", "-1", "--format=%H %cs"]).trim().split(" ");
  const existing = existsSync(out) ? JSON.parse(readFileSync(out, "utf8")) : {};
  const families = {};
  for (const [family, lineParts] of Object.entries(FAMILIES)) {
    const commits = git(gitDir, ["log", "--reverse", "--format=%H %cs", "--", `library/${family}`])
      .trim()
      .split("\n")
      .filter(Boolean);
    const versions = [];
    for (const c of commits) {
      const [hash, date] = c.split(" ");
      let text;
      try {
        text = git(gitDir, ["show", `${hash}:library/${family}`]);
      } catch {
        continue; // the commit deleted or renamed the file
      }
      versions.push({ date, text });
    }
    families[family] = { lineParts, commits: versions.length, ...deriveFamily(versions, lineParts) };
    console.error(`${family}: ${versions.length} versions of library/${family}, ${Object.keys(families[family].lines).length} lines`);
  }
  const doc = {
    source: {
      repository: "https://github.com/docker-library/official-images",
      files: Object.keys(FAMILIES).map((f) => `library/${f}`),
      commit: head[0],
      commitDate: head[1],
      method:
        "every committed version of each library/<family> file, oldest first; a tag without a release in its name (3.11, 3.11-slim, 17-jdk) takes the release of the entry that publishes it (its Directory or its sibling tags), as of the last commit that published it",
    },
    releases: existing.releases,
    families,
  };
  const tmp = `${out}.tmp-${process.pid}`;
  writeFileSync(tmp, JSON.stringify(doc, null, 1) + "\n");
  renameSync(tmp, out);
  console.error(`wrote ${out}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main(process.argv.slice(2));
