#!/usr/bin/env node
// Regenerates data/knowledge/debian-<release>.json from Debian's archive, read through apt with a private
// configuration in a scratch directory, so the machine's own apt configuration, lists and cache are untouched.
//
//   node scripts/knowledge/generate.mjs [--releases bookworm,trixie] [--archs amd64,arm64]
//        [--mirror http://deb.debian.org] [--out data/knowledge] [--work DIR] [--no-update]
//
// --work keeps the apt state in DIR (default: a temporary directory removed afterwards); with --no-update an
// existing DIR is reused without downloading again. See docs/knowledge.md.

import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import {
  TRIPLETS,
  deriveBuildOnly,
  deriveDevMap,
  deriveSonames,
  indexPackages,
  isAnySharedObject,
  isBookkeepingPath,
  isBuildOnlyByName,
  libraryPackages,
  parseContentsLine,
  parseStanzas,
  policyPackageName,
  sharedObjectName,
  toPackage,
} from "./derive.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const KEYRING = "/usr/share/keyrings/debian-archive-keyring.gpg";

function parseArgs(argv) {
  const opts = {
    releases: ["bookworm", "trixie"],
    archs: ["amd64", "arm64"],
    mirror: "http://deb.debian.org",
    out: resolve(here, "../../data/knowledge"),
    work: undefined,
    update: true,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === "--releases") opts.releases = next().split(",");
    else if (a === "--archs") opts.archs = next().split(",");
    else if (a === "--mirror") opts.mirror = next().replace(/\/$/, "");
    else if (a === "--out") opts.out = resolve(next());
    else if (a === "--work") opts.work = resolve(next());
    else if (a === "--no-update") opts.update = false;
    else throw new Error(`unknown option ${a}`);
  }
  for (const arch of opts.archs) if (!(arch in TRIPLETS)) throw new Error(`unsupported architecture ${arch}`);
  return opts;
}

const suitesOf = (release, mirror) => [
  { base: `${mirror}/debian`, suite: release },
  { base: `${mirror}/debian`, suite: `${release}-updates` },
  { base: `${mirror}/debian-security`, suite: `${release}-security` },
];

/**
 * Writes a self-contained apt configuration under `dir` and returns the environment using it. Every path points
 * into `dir`, and Dir::Etc::parts is replaced so the host's apt.conf.d is not read. With `contents`, the
 * Contents-deb target (the one apt-file defines) is fetched too.
 */
function aptSetup(dir, release, archs, mirror, { contents }) {
  for (const d of ["etc/parts", "etc/prefs", "state/lists/partial", "cache/archives/partial"]) {
    mkdirSync(join(dir, d), { recursive: true });
  }
  writeFileSync(join(dir, "state/status"), "");
  const opt = `[arch=${archs.join(",")} signed-by=${KEYRING}]`;
  const sources = suitesOf(release, mirror).map(({ base, suite }) => `deb ${opt} ${base} ${suite} main`);
  writeFileSync(join(dir, "etc/sources.list"), sources.join("\n") + "\n");
  const lines = [
    `Dir::Etc::main "/dev/null";`,
    `Dir::Etc::parts "${dir}/etc/parts";`,
    `Dir::Etc::sourcelist "${dir}/etc/sources.list";`,
    `Dir::Etc::sourceparts "${dir}/etc/parts";`,
    `Dir::Etc::preferences "/dev/null";`,
    `Dir::Etc::preferencesparts "${dir}/etc/prefs";`,
    `Dir::State "${dir}/state";`,
    `Dir::State::status "${dir}/state/status";`,
    `Dir::Cache "${dir}/cache";`,
    `Dir::Cache::pkgcache "";`,
    `Dir::Cache::srcpkgcache "";`,
    `Dir::Log "${dir}/log";`,
    `APT::Architecture "${archs[0]}";`,
    `APT::Architectures { ${archs.map((a) => `"${a}";`).join(" ")} };`,
    `Acquire::Languages "none";`,
  ];
  if (contents) {
    const t = "Acquire::IndexTargets::deb::Contents-deb";
    lines.push(
      `${t}::MetaKey "$(COMPONENT)/Contents-$(ARCHITECTURE)";`,
      `${t}::ShortDescription "Contents-$(ARCHITECTURE)";`,
      `${t}::Description "$(RELEASE)/$(COMPONENT) $(ARCHITECTURE) Contents (deb)";`,
      `${t}::Optional "true";`,
      `${t}::KeepCompressed "true";`,
    );
  }
  const confPath = join(dir, "apt.conf");
  writeFileSync(confPath, lines.join("\n") + "\n");
  return { ...process.env, APT_CONFIG: confPath, LC_ALL: "C" };
}

function run(cmd, args, env) {
  const r = spawnSync(cmd, args, { env, encoding: "utf8", maxBuffer: 1 << 30 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${r.status}):\n${r.stderr}`);
  return r.stdout;
}

/** apt-get update with a few retries (the apt lock, a mirror in the middle of a sync). */
function aptUpdate(label, env, attempts) {
  for (let i = 1; ; i++) {
    console.error(`[${label}] apt-get update, attempt ${i}`);
    try {
      run("apt-get", ["update", "-q"], env);
      return undefined;
    } catch (err) {
      const message = String(err.message);
      if (i >= attempts) return message;
      console.error(message.split("\n").slice(0, 3).join("\n"));
      spawnSync("sleep", [String(20 * i)]);
    }
  }
}

/**
 * The Contents files of one release, verified by apt when the mirror serves files matching its Release file.
 * apt treats a release's indexes as one transaction, so this uses its own state directory: a Contents mismatch
 * must not cost the Packages indexes. When apt rejects them (seen here: a mirror serving Contents files a few
 * bytes off the Release file's sizes, persistently), they are fetched with apt-helper without the hash check and
 * the data records that.
 */
function fetchContents(dir, release, opts) {
  const env = aptSetup(dir, release, opts.archs, opts.mirror, { contents: true });
  const failure = opts.update || !existsSync(join(dir, "state/lists/lock")) ? aptUpdate(`${release} Contents`, env, 2) : undefined;
  const files = {};
  for (const arch of [...opts.archs, "all"]) files[arch] = indexFiles(env, "Contents-deb", arch);
  if (failure === undefined && files.all.length > 0) return { files, verified: true };
  console.error(`[${release}] apt rejected the Contents files; fetching them unverified:\n${failure ?? ""}`);
  const fallback = join(dir, "unverified");
  mkdirSync(fallback, { recursive: true });
  for (const arch of [...opts.archs, "all"]) {
    files[arch] = [];
    for (const { base, suite } of suitesOf(release, opts.mirror)) {
      const dest = join(fallback, `${suite}_Contents-${arch}.gz`);
      if (!existsSync(dest) || opts.update) {
        const uri = `${base}/dists/${suite}/main/Contents-${arch}.gz`;
        const r = spawnSync("/usr/lib/apt/apt-helper", ["download-file", uri, dest], { env, encoding: "utf8" });
        if (r.status !== 0) {
          console.error(`[${release}] ${uri}: not available (${(r.stderr || r.stdout).trim().split("\n").pop()})`);
          rmSync(dest, { force: true });
          continue;
        }
      }
      files[arch].push(dest);
    }
  }
  return { files, verified: false };
}

/** Index files apt downloaded, e.g. the Contents of each suite for one architecture. */
function indexFiles(env, identifier, arch) {
  const out = run("apt-get", ["indextargets", "--format", "$(FILENAME)", `Identifier: ${identifier}`, `Architecture: ${arch}`], env);
  return out.split("\n").filter((f) => f !== "" && existsSync(f));
}

/** Suite → Date of its Release file, recorded so the data says which archive state it reflects. */
function suiteDates(env, dir) {
  const out = run("apt-get", ["indextargets", "--format", "$(CODENAME) $(SUITE) $(BASE_URI)", "Identifier: Packages"], env);
  const dates = {};
  const listDir = join(dir, "state/lists");
  for (const line of new Set(out.split("\n").filter(Boolean))) {
    const baseUri = line.split(" ")[2];
    const file = join(listDir, baseUri.replace(/^https?:\/\//, "").replace(/\//g, "_") + "InRelease");
    if (!existsSync(file)) continue;
    const text = readFileSync(file, "utf8");
    const codename = /^Codename: (.*)$/m.exec(text)?.[1];
    const suite = /^Suite: (.*)$/m.exec(text)?.[1];
    const date = /^Date: (.*)$/m.exec(text)?.[1];
    if (codename && date) dates[codename] = { suite, date };
  }
  return dates;
}

/**
 * Streams Contents files (decompressed by apt's own helper). Collects package → shared-object file names in
 * loader directories (when `triplet` is given) and the packages that ship anything beyond bookkeeping files.
 */
async function scanContents(files, triplet, shipsFiles, shipsSharedObject) {
  const soFiles = new Map();
  for (const file of files) {
    const child = spawn("/usr/lib/apt/apt-helper", ["cat-file", file], { stdio: ["ignore", "pipe", "inherit"] });
    const rl = createInterface({ input: child.stdout, crlfDelay: Infinity });
    for await (const line of rl) {
      if (line.startsWith("usr/share/doc/")) continue; // most lines; never interesting
      const entry = parseContentsLine(line);
      if (!entry) continue;
      if (!isBookkeepingPath(entry.path)) for (const p of entry.packages) shipsFiles.add(p);
      if (isAnySharedObject(entry.path)) for (const p of entry.packages) shipsSharedObject.add(p);
      const so = triplet === undefined ? undefined : sharedObjectName(entry.path, triplet);
      if (so === undefined) continue;
      for (const p of entry.packages) {
        const list = soFiles.get(p) ?? [];
        list.push(so);
        soFiles.set(p, list);
      }
    }
    const code = await new Promise((res) => child.on("close", res));
    if (code !== 0) throw new Error(`apt-helper cat-file ${file} failed (${code})`);
  }
  return soFiles;
}

/**
 * Folds per-architecture maps into one shared map plus per-architecture differences. A key whose value differs
 * (or is missing) on some architecture goes to `byArch[arch]`, with null meaning "not on this architecture".
 * Values are encoded by `encode` first.
 */
function foldArchs(perArch, encode) {
  const archs = Object.keys(perArch);
  const keys = new Set(archs.flatMap((a) => [...perArch[a].keys()]));
  const common = {};
  const byArch = Object.fromEntries(archs.map((a) => [a, {}]));
  for (const key of [...keys].sort()) {
    const enc = archs.map((a) => {
      const v = perArch[a].get(key);
      return v === undefined ? null : encode(key, v);
    });
    if (enc[0] !== null && enc.every((e) => e === enc[0])) common[key] = enc[0];
    else archs.forEach((a, i) => (byArch[a][key] = enc[i]));
  }
  return { common, byArch };
}

/**
 * Value encoding shared by all maps of a release: one package is its name; several are an index into a table of
 * package lists (Haskell -dev packages alone repeat the same few lists hundreds of times); a soname whose
 * package is named by Policy 8.1 from it is 0 (see policyPackageName), and 1 with the "t64" suffix of the 64-bit
 * time_t transition (trixie's libssl3t64).
 */
function makeEncoder() {
  const lists = [];
  const listIndex = new Map();
  const list = (values) => {
    if (values.length === 1) return values[0];
    const key = values.join(" ");
    if (!listIndex.has(key)) {
      listIndex.set(key, lists.length);
      lists.push(values);
    }
    return listIndex.get(key);
  };
  const soname = (so, values) => {
    if (values.length === 1) {
      const derived = policyPackageName(so);
      if (values[0] === derived) return 0;
      if (values[0] === `${derived}t64`) return 1;
    }
    return list(values);
  };
  return { lists, list: (_key, v) => list(v), soname };
}

async function generateRelease(release, opts) {
  const root = opts.work ? join(opts.work, release) : mkdtempSync(join(tmpdir(), `slimstage-apt-${release}-`));
  try {
    const pkgDir = join(root, "packages");
    const env = aptSetup(pkgDir, release, opts.archs, opts.mirror, { contents: false });
    if (opts.update || !existsSync(join(pkgDir, "state/lists/lock"))) {
      const failure = aptUpdate(release, env, 5);
      if (failure !== undefined) throw new Error(failure);
    }
    const dates = suiteDates(env, pkgDir);
    console.error(`[${release}] apt-cache dumpavail`);
    const stanzas = parseStanzas(run("apt-cache", ["dumpavail"], env));
    const contents = fetchContents(join(root, "contents"), release, opts);
    // Architecture-independent packages (metapackages like default-libmysqlclient-dev are often "all").
    const shipsFilesAll = new Set();
    console.error(`[${release}/all] reading ${contents.files.all.length} Contents file(s)`);
    await scanContents(contents.files.all, undefined, shipsFilesAll, new Set());
    const perArch = {};
    const stats = {};
    for (const arch of opts.archs) {
      const pkgs = stanzas.filter((s) => s.Architecture === arch || s.Architecture === "all").map(toPackage);
      const index = indexPackages(pkgs);
      const files = contents.files[arch];
      if (files.length === 0) throw new Error(`[${release}] no Contents-${arch}; cannot derive sonames`);
      console.error(`[${release}/${arch}] reading ${files.length} Contents file(s)`);
      const shipsFiles = new Set(shipsFilesAll);
      const shipsSharedObject = new Set();
      const soFiles = await scanContents(files, TRIPLETS[arch], shipsFiles, shipsSharedObject);
      const sonames = deriveSonames(soFiles, index);
      const libs = libraryPackages(sonames, shipsSharedObject, index);
      const { own: dev, linked: devLinked } = deriveDevMap(index, libs, shipsFiles);
      const buildOnly = deriveBuildOnly(index, libs);
      perArch[arch] = { sonames, dev, devLinked, buildOnly, libs };
      stats[arch] = {
        packages: index.byName.size,
        libraries: libs.size,
        sonames: sonames.size,
        dev: dev.size,
        devLinked: devLinked.size,
        buildOnly: buildOnly.size,
      };
      console.error(`[${release}/${arch}]`, JSON.stringify(stats[arch]));
    }
    const byArch = (key) => Object.fromEntries(opts.archs.map((a) => [a, perArch[a][key]]));
    // Lists are numbered from 2: 0 and 1 are the soname Policy markers.
    const enc = makeEncoder();
    const offset = (v) => (typeof v === "number" ? v + 2 : v);
    const dev = foldArchs(byArch("dev"), (k, v) => offset(enc.list(k, v)));
    const devLinked = foldArchs(byArch("devLinked"), (k, v) => offset(enc.list(k, v)));
    const sonames = foldArchs(byArch("sonames"), (k, v) => {
      const e = enc.soname(k, v);
      return e === 0 || e === 1 ? e : offset(e);
    });
    const union = (key) => [...new Set(opts.archs.flatMap((a) => [...perArch[a][key]]))].sort();
    const buildOnly = union("buildOnly").filter((n) => !isBuildOnlyByName(n));
    // Every shared-library package (either architecture), so classification needs no decoding of the maps.
    const libraries = union("libs");
    return {
      format: 1,
      release,
      archs: opts.archs,
      archive: dates,
      contents: contents.verified ? "verified by apt" : "fetched without hash check (apt rejected the mirror's files)",
      stats,
      lists: enc.lists,
      dev: dev.common,
      devByArch: dev.byArch,
      devLinked: devLinked.common,
      devLinkedByArch: devLinked.byArch,
      sonames: sonames.common,
      sonamesByArch: sonames.byArch,
      libraries,
      buildOnly,
    };
  } finally {
    if (!opts.work) rmSync(root, { recursive: true, force: true });
  }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  mkdirSync(opts.out, { recursive: true });
  for (const release of opts.releases) {
    const data = await generateRelease(release, opts);
    const file = join(opts.out, `debian-${release}.json`);
    const text = JSON.stringify(data) + "\n";
    writeFileSync(file, text);
    console.error(`[${release}] wrote ${file} (${Buffer.byteLength(text)} bytes)`);
  }
}

main().catch((err) => {
  console.error(`generate: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
