#!/usr/bin/env node
// The mission's example for real (issues 6 and 11): converts examples/flask-mysql/Dockerfile with slimstage, builds
// the single-stage and the converted image (and, for comparison, the mission's hand-written multi-stage file), runs
// the search of `convert --verify` (`convertAndSearch`, probes `python -c "import MySQLdb, flask"` and `gunicorn
// --version`) and builds the image it chose, runs the three images against a real MariaDB, sends them the same
// requests, measures sizes, packages and linkage with the image reader, runs `verifyImages`, and prints the report.
// Everything it prints is measured on this run.
//
//   npm run demo:flask-mysql -- [--json | --markdown] [--write-docs] [--update-readme] [--no-search] [--no-mission] [--keep-temp]
//
// The engine side (docker, MariaDB, containers) lives in `main` and the helpers it calls; what is checked and how it
// is shown are pure functions over the collected run (exported for the tests). Containers are always removed, also
// on failure or Ctrl-C; the images stay (tags slimstage-demo/flask-mysql:single, :multi, :searched, :mission).
// Exit code: 0 every check passed, 1 a check failed or the run could not complete, 2 usage error.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { createServer } from "node:net";
import { arch, cpus, tmpdir, totalmem } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const EXAMPLE = join(REPO, "examples", "flask-mysql");
const SHARED = process.env.SLIMSTAGE_SHARED ?? resolve(REPO, "../shared");
export const SERVICES_SCRIPT = join(SHARED, "engine", "services.sh");
export const DOC_PATH = join(REPO, "docs", "demo-flask-mysql.md");
/** The run that wrote the docs and the README section, whole (the tests render it again and compare). */
export const RUN_PATH = join(REPO, "docs", "demo-flask-mysql.json");
export const README_PATH = join(REPO, "README.md");
export const README_BEGIN = "<!-- demo:begin -->";
export const README_END = "<!-- demo:end -->";

export const TAGS = {
  single: "slimstage-demo/flask-mysql:single",
  multi: "slimstage-demo/flask-mysql:multi",
  searched: "slimstage-demo/flask-mysql:searched",
  mission: "slimstage-demo/flask-mysql:mission",
};
/** The mission's file says 3.9; the stand-in base images this project builds on provide 3.11. */
export const STANDIN = { from: "3.9", to: "3.11" };
export const IMPORT_PROBE = `cmd:python -c "import MySQLdb, flask; print('ok')"`;
export const GUNICORN_PROBE = "cmd:gunicorn --version";
/** What the search verifies each candidate with; the requests are sent to the image it chose afterwards. */
export const SEARCH_PROBES = [IMPORT_PROBE, GUNICORN_PROBE];
/** The images the requests go to, in this order (the searched one when the search ran and chose one). */
export const SIDES = ["single", "multi", "searched"];
const SIDE_NAME = { single: "single-stage", multi: "converted", searched: "searched", mission: "hand-written" };
const CONTAINER_LABEL = { "org.slimstage.demo": "flask-mysql" };
// non-ASCII on purpose: the row crosses the driver, the connection charset and the JSON encoder of both images
const NOTE_CONVERTED = "Grüße from the converted image ✓";
const NOTE_ORIGINAL = "Grüße from the single-stage image ✓";
const NOTE_SEARCHED = "Grüße from the searched image ✓";

const USAGE = `usage: npm run demo:flask-mysql -- [options]     (or: node scripts/demo-flask-mysql.mjs [options])
  --json           the whole run as one JSON document on stdout
  --markdown       the report as Markdown on stdout (what docs/demo-flask-mysql.md holds)
  --write-docs     write docs/demo-flask-mysql.md and the run as docs/demo-flask-mysql.json (only when every check passes)
  --update-readme  rewrite README.md between ${README_BEGIN} and ${README_END} (only when every check passes)
  --no-search      skip the search of convert --verify and the searched image (faster; not with --write-docs or --update-readme)
  --no-mission     skip building the mission's hand-written multi-stage file (not with --write-docs or --update-readme)
  --keep-temp      keep the temporary copy of the example (its path is printed)
The database comes from DB_HOST, DB_PORT, DB_USER, DB_PASSWORD, DB_NAME (default 127.0.0.1:3306, app/app/app);
when nothing answers there, ../shared/engine/services.sh mariadb starts one if it exists.
Needs the compiled library (npm run build) and a Docker engine (/usr/bin/docker or $SLIMSTAGE_DOCKER).`;

// ---------------------------------------------------------------------------------------------------------------
// Pure helpers

/**
 * Rewrites the Python version of base images (`python:3.9-slim`) and of paths (`/usr/local/lib/python3.9/`) on the
 * lines that use them. Returns the new text and the changed lines; throws when nothing matched, so a changed
 * example cannot silently build on the wrong base.
 */
export function rewritePythonVersion(text, from = STANDIN.from, to = STANDIN.to) {
  const esc = from.replace(/\./g, "\\.");
  const re = new RegExp(`\\b(python:|python)${esc}(?![0-9])`, "g");
  const changes = [];
  const lines = text.split("\n").map((line, i) => {
    const after = line.replace(re, (_m, p) => `${p}${to}`);
    if (after !== line) changes.push({ line: i + 1, before: line.trim(), after: after.trim() });
    return after;
  });
  if (changes.length === 0) throw new Error(`no python:${from} or python${from} found to rewrite`);
  return { text: lines.join("\n"), changes };
}

/**
 * Points the hand-written file's `COPY --from=builder <site-packages>` at the directory pip really installs into on
 * this builder base (`purelib`, asked from the image): official images use `site-packages`, the stand-ins are
 * Debian's Python, which uses `dist-packages`. Returns the text and the changed lines (none when they agree).
 */
export function pointSitePackages(text, purelib) {
  const changes = [];
  const want = purelib.replace(/\/+$/, "");
  const lines = text.split("\n").map((line, i) => {
    if (!/^\s*COPY\b/i.test(line)) return line;
    const after = line.replace(/\/usr\/local\/lib\/python\d+\.\d+\/site-packages(?=\/|\s|$)/g, (m) => (m === want ? m : want));
    if (after !== line) changes.push({ line: i + 1, before: line.trim(), after: after.trim() });
    return after;
  });
  return { text: lines.join("\n"), changes };
}

/** The database settings the app reads, from the environment, with the app's defaults. */
export function dbSettings(env = process.env) {
  return {
    DB_HOST: env.DB_HOST || "127.0.0.1",
    DB_PORT: env.DB_PORT || "3306",
    DB_USER: env.DB_USER || "app",
    DB_PASSWORD: env.DB_PASSWORD ?? "app",
    DB_NAME: env.DB_NAME || "app",
  };
}

/** Whether a database address is this machine (only then may the demo start MariaDB itself). */
export function isLocalHost(host) {
  return host === "127.0.0.1" || host === "localhost" || host === "::1";
}

/** JSON text with object keys sorted, so two bodies compare by content; the raw text when it is not JSON. */
export function canonicalBody(text) {
  const sort = (v) =>
    Array.isArray(v)
      ? v.map(sort)
      : v && typeof v === "object"
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, sort(v[k])]),
          )
        : v;
  try {
    return JSON.stringify(sort(JSON.parse(text)));
  } catch {
    return text.trim();
  }
}

/** Same status and same body (by content for JSON). */
export function sameResponse(a, b) {
  return Boolean(a && b && a.status === b.status && canonicalBody(a.body) === canonicalBody(b.body));
}

function parsed(res) {
  try {
    return JSON.parse(res?.body ?? "");
  } catch {
    return undefined;
  }
}

/** Packages a converted image must not contain: gcc (any version), any -dev package, pkg-config. */
export function forbiddenPackages(names) {
  return names.filter((n) => /^gcc(-\d+)?$/.test(n) || /-dev(:[a-z0-9]+)?$/.test(n) || /^(pkg-config|pkgconf|pkgconf-bin)$/.test(n)).sort();
}

/**
 * The build tools among removed packages, with the knowledge's reason (compiler, headers, build tool…): what the
 * package knowledge calls build-only, and whatever `forbiddenPackages` names (libgcc-12-dev is a -dev package even
 * though the knowledge keeps the libgcc family out of "build-only").
 */
export function buildToolsAmong(removed, classify, reasonOf) {
  return removed
    .filter((n) => classify(n) === "build-only" || forbiddenPackages([n]).length > 0)
    .map((n) => ({ name: n, reason: reasonOf(n) ?? (/-dev$/.test(n) ? "headers" : "build-only package") }));
}

/** Successive rewrites of the same lines as one change per line (first `before`, last `after`), in line order. */
export function mergeChanges(...lists) {
  const byLine = new Map();
  for (const c of lists.flat()) {
    const had = byLine.get(c.line);
    byLine.set(c.line, had ? { ...had, after: c.after } : { ...c });
  }
  return [...byLine.values()].sort((a, b) => a.line - b.line);
}

// pip, setuptools and their helpers, which `python -m venv` puts into every virtualenv
const VENV_TOOL =
  /^opt\/venv\/lib\/python[^/]+\/site-packages\/(pip|setuptools|pkg_resources|_distutils_hack)([-.][^/]*)?(\/|$)|^opt\/venv\/lib\/python[^/]+\/site-packages\/distutils-precedence\.pth$/;

/** Bytes (Docker's measure) of /opt/venv and of the virtualenv's own pip and setuptools, from the image's files. */
export function venvBytes(files) {
  let bytes = 0;
  let toolBytes = 0;
  for (const f of files) {
    if (!f.path.startsWith("opt/venv/")) continue;
    const n = f.type === "file" ? f.size : f.type === "symlink" ? Buffer.byteLength(f.linkTarget ?? "") : 0;
    bytes += n;
    if (VENV_TOOL.test(f.path)) toolBytes += n;
  }
  return { bytes, toolBytes };
}

/** The ELF files whose NEEDED entries include a library (by soname prefix), with where each resolved. */
export function linkageOf(linkage, sonamePrefix) {
  const out = [];
  for (const f of linkage.files) {
    for (const l of f.libraries) if (l.name.startsWith(sonamePrefix)) out.push({ file: f.path, needed: l.name, path: l.path });
  }
  return out;
}

/**
 * What the run keeps of the search (`convertAndSearch`'s result): every attempt without its verification report,
 * the image id each verified, the chosen one's Dockerfile and how its probes compared.
 */
export function searchRecord(r) {
  const chosen = r.chosen !== undefined ? r.attempts[r.chosen] : undefined;
  return {
    probes: SEARCH_PROBES,
    budget: r.budget,
    durationMs: r.durationMs,
    chosen: chosen?.candidate ?? null,
    attempts: r.attempts.map((a) => ({
      candidate: a.candidate,
      changes: a.changes,
      verdict: a.verdict,
      reason: a.reason,
      ...(a.sizeBytes !== undefined ? { sizeBytes: a.sizeBytes } : {}),
      durationMs: a.durationMs,
      ...(a.added?.length ? { added: a.added } : {}),
      ...(a.report?.candidate?.imageId ? { imageId: a.report.candidate.imageId } : {}),
      ...(a === chosen && a.dockerfile ? { dockerfile: a.dockerfile } : {}),
    })),
    ...(r.report ? { verified: r.report.probes.map((p) => ({ probe: p.probe, match: p.match })) } : {}),
  };
}

/** The images a request went to, in the order of SIDES. */
export function sidesOf(exchange) {
  return SIDES.filter((s) => exchange?.responses?.[s] !== undefined);
}

/** Every image that answered gave the same response as the single-stage one (and there are at least two). */
export function allSame(exchange) {
  const sides = sidesOf(exchange);
  return sides.length >= 2 && sides.every((s) => sameResponse(exchange.responses.single, exchange.responses[s]));
}

const imagesText = (n) => (n === 2 ? "both images" : `all ${n} images`);

/** Whether the search was asked for (a run without `options`, as older JSON, counts as asked). */
const searchAsked = (run) => run.options?.search !== false;

/**
 * What the demo asserts, as a list of checks over the measured run (pure: every input is in `run`). A check is
 * `{ id, ok, text, detail? }`; the run passes when all are ok.
 */
export function evaluate(run) {
  const checks = [];
  const add = (id, ok, text, detail) => checks.push({ id, ok: Boolean(ok), text, ...(detail !== undefined ? { detail } : {}) });
  const ex = (id) => run.exchanges.find((e) => e.id === id);
  // the images the requests go to: the searched one too when the run built it
  const n = run.images?.searched?.id ? 3 : 2;
  const same = (id, what) => {
    const e = ex(id);
    if (!e) return add(id, false, `${what}: not run`);
    const differ = sidesOf(e)
      .filter((s) => !sameResponse(e.responses.single, e.responses[s]))
      .map((s) => `${SIDE_NAME[s]} ${e.responses[s]?.status} ${e.responses[s]?.body?.trim()}`);
    return add(
      id,
      allSame(e),
      `${what}: same response from ${imagesText(sidesOf(e).length)}`,
      allSame(e) ? undefined : `single-stage ${e.responses.single?.status} ${e.responses.single?.body?.trim()} / ${differ.join(" / ")}`,
    );
  };
  // a row written through one image, read back through every image
  const written = (id, side, note) => {
    const w = ex(`write-${id}`);
    const row = parsed(w?.responses[side]);
    add(
      `write-${id}`,
      w?.responses[side]?.status === 201 && Number.isInteger(row?.id) && row?.body === note,
      `POST /notes through the ${SIDE_NAME[side]} image creates a row`,
      w ? `${w.responses[side]?.status} ${w.responses[side]?.body?.trim()}` : "not run",
    );
    const r = ex(`read-${id}`);
    const readBack = (res) => res?.status === 200 && parsed(res)?.id === row?.id && parsed(res)?.body === note;
    const sides = r ? sidesOf(r) : [];
    add(
      `read-${id}`,
      r && sides.length === n && sides.every((s) => readBack(r.responses[s])),
      `the row written through the ${SIDE_NAME[side]} image is read back through ${imagesText(n)}`,
      r
        ? sides
            .filter((s) => !readBack(r.responses[s]))
            .map((s) => `${SIDE_NAME[s]}: ${r.responses[s]?.status} ${r.responses[s]?.body?.trim()}`)
            .join("; ") || undefined
        : "not run",
    );
    return row;
  };

  add(
    "converted",
    run.convert?.status === "converted",
    "slimstage converts the mission's Dockerfile",
    run.convert?.status === "converted" ? undefined : run.convert?.status,
  );

  const health = ex("health");
  const hs = health ? sidesOf(health).map((s) => [s, parsed(health.responses[s])]) : [];
  add(
    "health",
    hs.length === n && hs.every(([s, h]) => health.responses[s]?.status === 200 && h?.status === "ok"),
    `GET /health answers 200 ok on ${imagesText(n)}`,
  );
  const h0 = hs[0]?.[1];
  add(
    "health-same",
    hs.length === n &&
      typeof h0?.server === "string" &&
      typeof h0?.driver === "string" &&
      hs.every(([, h]) => h?.server === h0.server && h?.driver === h0.driver),
    `/health: the same database server version and driver version on ${imagesText(n)}`,
    hs.length ? hs.map(([s, h]) => `${SIDE_NAME[s]}: server ${h?.server}, driver ${h?.driver}`).join("; ") : "no JSON from /health",
  );

  const rows = [written("converted", "multi", NOTE_CONVERTED), written("original", "single", NOTE_ORIGINAL)];
  if (n === 3) rows.push(written("searched", "searched", NOTE_SEARCHED));

  const list = ex("list");
  const lists = list ? sidesOf(list).map((s) => parsed(list.responses[s])) : [];
  const hasAll = lists.length === n && lists.every((l) => Array.isArray(l) && rows.every((row) => l.some((x) => x.id === row?.id)));
  add("list", list && allSame(list) && hasAll, `GET /notes lists the same notes on ${imagesText(n)}, including the ${n} new rows`);
  same("missing-body", "POST /notes without a body");
  same("not-found", "GET /notes/0");

  const s = run.images?.single?.sizeBytes;
  const m = run.images?.multi?.sizeBytes;
  add(
    "size",
    s > 0 && m > 0 && m <= 0.5 * s,
    "the converted image is at most half the single-stage image's size",
    s && m ? `${mb(s)} → ${mb(m)} (${ratioText(m / s)})` : "sizes unknown",
  );

  const singlePkgs = new Set(run.images?.single?.packages?.map((p) => p.name) ?? []);
  const imageChecks = (prefix, side, linkage) => {
    const what = SIDE_NAME[side];
    const pkgs = run.images?.[side]?.packages?.map((p) => p.name) ?? [];
    add(`${prefix}runtime-library`, pkgs.includes("libmariadb3"), `the ${what} image has libmariadb3 (checked in its dpkg database)`);
    const bad = forbiddenPackages(pkgs);
    add(
      `${prefix}no-build-tools`,
      pkgs.length > 0 && bad.length === 0,
      `the ${what} image has no gcc, no -dev package and no pkg-config`,
      bad.length ? bad.join(", ") : undefined,
    );
    const mustGo = ["gcc", "default-libmysqlclient-dev", "pkg-config"];
    const notRemoved = mustGo.filter((p) => !singlePkgs.has(p) || pkgs.includes(p));
    add(
      `${prefix}removed`,
      pkgs.length > 0 && notRemoved.length === 0,
      `gcc, default-libmysqlclient-dev and pkg-config are in the single-stage image and not in the ${what} one`,
      notRemoved.length ? notRemoved.join(", ") : undefined,
    );
    const links = linkage ?? [];
    add(
      `${prefix}linkage`,
      links.length > 0 && links.every((l) => l.path),
      `the driver's C extension finds libmariadb.so.3 in the ${what} image`,
      links.map((l) => `${l.file} → ${l.path ?? "not found"}`).join("; ") || "no ELF file needs libmariadb.so.3",
    );
  };
  imageChecks("", "multi", run.linkage);
  add(
    "verify",
    run.verify?.verdict === "pass",
    "slimstage verify passes",
    run.verify
      ? run.verify.findings
          .filter((f) => f.severity === "error")
          .map((f) => f.message)
          .join("; ") || undefined
      : "verify did not run",
  );

  if (searchAsked(run)) {
    const sr = run.search;
    const chosen = sr?.attempts?.find((a) => a.candidate === sr.chosen);
    add(
      "search",
      Boolean(chosen) && chosen.verdict === "pass",
      "the search of convert --verify chooses a candidate that verifies (probes: the import and gunicorn --version)",
      sr?.error ??
        (chosen
          ? `${chosen.candidate}, ${sr.attempts.filter((a) => a.verdict !== "skipped").length} verified in ${(sr.durationMs / 1000).toFixed(0)}s`
          : "no candidate verified"),
    );
    const sz = run.images?.searched?.sizeBytes;
    add(
      "searched-smaller",
      sz > 0 && m > 0 && sz < m,
      "the searched image is smaller than the conservative conversion",
      sz && m ? `${mb(m)} → ${mb(sz)} (${ratioText(sz / m)})` : "sizes unknown",
    );
    add(
      "searched-verified",
      Boolean(run.images?.searched?.id) && run.images.searched.id === chosen?.imageId,
      "the searched image the requests go to is the image the search verified (same image id)",
      run.images?.searched?.id === chosen?.imageId ? undefined : `${run.images?.searched?.id ?? "not built"} / verified ${chosen?.imageId ?? "none"}`,
    );
    const p = run.probes?.searched;
    add(
      "searched-probes",
      p?.import?.exitCode === 0 && p?.gunicorn?.exitCode === 0,
      '`python -c "import MySQLdb, flask"` and `gunicorn --version` work in the searched image',
      p
        ? [p.import, p.gunicorn]
            .filter((r) => r?.exitCode !== 0)
            .map((r) => r?.output ?? "not run")
            .join("; ") || undefined
        : "not run",
    );
    imageChecks("searched-", "searched", run.searchedLinkage);
  }
  // a run that stopped early (run.error) never measured some of these: they fail, but as "not reached"
  const images = Boolean(run.images?.single && run.images?.multi);
  const reached = {
    converted: Boolean(run.convert),
    size: images,
    "runtime-library": images,
    "no-build-tools": images,
    removed: images,
    linkage: images,
    verify: Boolean(run.verify),
    search: Boolean(run.search),
  };
  // the searched image's own checks were reached once the search ran (a search that chose nothing fails them)
  for (const c of checks) if (c.id.startsWith("searched-") && c.id !== "searched-probes") reached[c.id] = Boolean(run.search);
  // the commands run last: a run that stopped before them did not reach them (unless there was no image to run them in)
  reached["searched-probes"] = Boolean(run.probes) || (Boolean(run.search) && !run.images?.searched);
  return checks.map((c) => ({ ...c, reached: reached[c.id] ?? run.exchanges.length > 0 }));
}

/** Replaces the README text between the markers (kept), or throws when they are missing or out of order. */
export function replaceReadmeSection(readme, body) {
  const i = readme.indexOf(README_BEGIN);
  const j = readme.indexOf(README_END);
  if (i < 0 || j < 0 || j < i) throw new Error(`README.md has no ${README_BEGIN} … ${README_END} section`);
  return `${readme.slice(0, i + README_BEGIN.length)}\n${body.trim()}\n${readme.slice(j)}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Rendering (pure over the run)

/** Megabytes as docker prints them (10^6 bytes). */
export function mb(bytes) {
  return `${(bytes / 1e6).toFixed(bytes >= 1e8 ? 0 : 1)} MB`;
}
export function ratioText(r) {
  return `${(r * 100).toFixed(1)}%`;
}

const oneLine = (s, max = 70) => {
  const t = String(s ?? "")
    .replace(/\s+/g, " ")
    .trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
};

/** A response for a table cell: status and body, a list summarised by its length and its last entries. */
export function responseCell(res, max = 70) {
  if (!res) return "";
  if (res.error) return `no response: ${res.error}`;
  const v = parsed(res);
  if (Array.isArray(v)) {
    const last = v
      .slice(-2)
      .map((n) => `#${n.id}`)
      .join(", ");
    return `${res.status}, ${v.length} notes (… ${last})`;
  }
  return `${res.status} ${oneLine(v === undefined ? res.body : canonicalBody(res.body), max)}`;
}

function requestText(e) {
  return `${e.method} ${e.path}${e.body !== undefined ? ` ${JSON.stringify(e.body)}` : ""}`;
}

function throughText(e) {
  return e.through === "all" ? (sidesOf(e).length === 2 ? "both" : "all") : SIDE_NAME[e.through];
}

function sameText(e) {
  if (e.through !== "all") return "";
  return allSame(e) ? "✔" : "✘";
}

/** The searched image with the attempt that chose it; undefined when the search did not run or chose nothing. */
function searchedSummary(run) {
  const img = run.images?.searched;
  const chosen = run.search?.attempts?.find((a) => a.candidate === run.search.chosen);
  if (!img?.sizeBytes || !chosen) return undefined;
  return { ...img, chosen };
}

function summary(run) {
  const s = run.images.single;
  const m = run.images.multi;
  const removed = run.packages?.removed ?? [];
  return { s, m, removed, tools: run.packages?.buildTools ?? [], ratio: s && m ? m.sizeBytes / s.sizeBytes : undefined };
}

function machineNote(run) {
  const changes = run.standin.changes.map((c) => `\`${c.before}\` → \`${c.after}\``).join(", ");
  return {
    date: run.date.slice(0, 10),
    machine: `Docker ${run.engine.server}, ${run.machine.cpus} ${run.machine.arch} cores, ${run.machine.memoryGiB} GiB`,
    standin: `The machines this project is built on have no container registry; their stand-in base images provide Python ${STANDIN.to}, not ${STANDIN.from}, so the demo builds the mission's Dockerfile with ${changes} (the only change). pip installs from a stand-in package index; MariaDB is Debian's (${run.database.server ?? "version unknown"}) on ${run.database.host}:${run.database.port}.`,
  };
}

/** The side-by-side rows [what, hand-written, slimstage]; measured cells come from the run, the rest from the files. */
function missionRows(run) {
  const mi = run.images.mission;
  const p = run.probes;
  if (!mi || !p?.mission) return undefined;
  const probe = (side, id) => {
    const r = p[side]?.[id];
    if (!r) return "not run";
    return r.exitCode === 0 ? `works (${oneLine(r.output, 40)})` : `fails: ${oneLine(r.output, 70)}`;
  };
  const noDriver = p.mission?.import?.exitCode !== 0 && /No module named 'MySQLdb'/.test(p.mission?.import?.output ?? "");
  const tools = run.images.multi?.venv?.toolBytes;
  const dist = run.missionChanges?.some((c) => /dist-packages/.test(c.after)) ? " (`dist-packages` on the stand-ins)" : "";
  return [
    [
      "image size",
      mi.sizeBytes ? `${mb(mi.sizeBytes)}${noDriver ? ", without the MySQL driver" : ""}` : `not built: ${oneLine(mi.error, 80)}`,
      run.images.multi ? `${mb(run.images.multi.sizeBytes)}${tools ? `, ${mb(tools)} of it the virtualenv's own pip and setuptools` : ""}` : "?",
    ],
    ["`import MySQLdb, flask`", probe("mission", "import"), probe("multi", "import")],
    ["`gunicorn --version` (a console script)", probe("mission", "gunicorn"), probe("multi", "gunicorn")],
    [
      "Python packages",
      `\`pip install -r requirements.txt\` only${noDriver ? " (flask, gunicorn: the single-stage file's `pip install mysqlclient` was dropped)" : ""}; the builder's \`site-packages\`${dist} copied into a different base image, console scripts in \`/usr/local/bin\` left behind`,
      "every install step of the original, verbatim, into a virtualenv `/opt/venv` that is copied whole (with its `bin/`); `PATH` set",
    ],
    [
      "runtime library",
      "`libmariadb3`, typed by hand",
      `${(run.runtimeLibrary?.derived ?? []).map(code).join(", ")}, derived from Debian's archive data for \`default-libmysqlclient-dev\` and confirmed in the image's linkage`,
    ],
    [
      "apt",
      "`--no-install-recommends` in both stages",
      "`--no-install-recommends` and the package lists removed in the final stage; the user's `apt-get upgrade` and builder line kept verbatim",
    ],
  ];
}

const seconds = (ms) => `${Math.round(ms / 1000)} s`;

/** What a command printed, for a table cell: "works", or "fails (the last line it printed)". */
function commandCell(r, max = 50) {
  if (!r) return "not run";
  return r.exitCode === 0 ? "works" : `fails (${oneLine(r.output.replace(/^ModuleNotFoundError: /, ""), max)})`;
}

/** The checks behind "same answers": every request's comparison and every row read back. */
const ANSWER_CHECKS = /^(health|health-same|write-.*|read-.*|list|missing-body|not-found)$/;

/**
 * The three-way rows [what, hand-written, conservative, searched] of the README's and the doc's search section
 * (Markdown cells); undefined unless the run has the searched image. Every number is the run's.
 */
export function searchRows(run) {
  const sr = searchedSummary(run);
  const m = run.images?.multi;
  if (!sr || !m) return undefined;
  const mi = run.images.mission;
  const p = run.probes ?? {};
  const hand = (f) => (mi?.sizeBytes ? f(mi) : "—");
  const noDriver = p.mission && p.mission.import?.exitCode !== 0;
  const noScripts = p.mission && p.mission.gunicorn?.exitCode !== 0;
  const answers = run.checks.filter((c) => ANSWER_CHECKS.test(c.id));
  const same = answers.length > 0 && answers.every((c) => c.ok) ? "same answers" : "**different answers**";
  const libmariadb = (img) => (img.packages?.some((x) => x.name === "libmariadb3") ? "yes" : "no");
  const tools = (img) => (img.venv?.bytes ? mb(img.venv.toolBytes) : "no virtualenv");
  const lacks = [noDriver ? "no MySQL driver" : "", noScripts ? "no console scripts" : ""].filter(Boolean).join(", ");
  return [
    [
      "image size",
      hand((x) => `${mb(x.sizeBytes)}${noDriver ? ", without the MySQL driver" : ""}`),
      mb(m.sizeBytes),
      `**${mb(sr.sizeBytes)}** (${ratioText(sr.sizeBytes / m.sizeBytes)})`,
    ],
    ["Debian packages", hand((x) => (x.packages ? String(x.packages.length) : "—")), String(m.packages.length), String(sr.packages.length)],
    [
      "build tools (`gcc`, `-dev`, `pkg-config` …)",
      hand((x) => (x.packages ? String(buildToolCount(x)) : "—")),
      String(buildToolCount(m)),
      String(buildToolCount(sr)),
    ],
    ["runtime library `libmariadb3`", hand((x) => (x.packages ? libmariadb(x) : "—")), libmariadb(m), libmariadb(sr)],
    ["the virtualenv's own pip and setuptools", hand(tools), tools(m), tools(sr)],
    ['`python -c "import MySQLdb, flask"`', cell(commandCell(p.mission?.import)), cell(commandCell(p.multi?.import)), cell(commandCell(p.searched?.import))],
    ["`gunicorn --version`", cell(commandCell(p.mission?.gunicorn)), cell(commandCell(p.multi?.gunicorn)), cell(commandCell(p.searched?.gunicorn))],
    [
      `the demo's ${run.exchanges.length} requests against MariaDB`,
      mi?.sizeBytes ? (noDriver ? "not sent (the app cannot import its driver)" : "not sent") : "—",
      same,
      same,
    ],
    [
      "what it changes",
      mi?.sizeBytes ? `hand-written${lacks ? `: ${lacks}` : ""}` : "—",
      "the conversion as the converter wrote it",
      sr.chosen.changes.map(cell).join("; "),
    ],
  ];
}

/** The attempts of the search, one row each: [candidate, size, verdict, time, reason] (Markdown cells). */
export function attemptRows(run) {
  return (run.search?.attempts ?? []).map((a) => [
    code(a.candidate),
    a.sizeBytes ? mb(a.sizeBytes) : "—",
    a.candidate === run.search.chosen ? "**chosen**" : a.verdict,
    a.durationMs ? seconds(a.durationMs) : "",
    cell(oneLine(a.reason, 160)),
  ]);
}

/** One sentence: how many candidates the search tried (built and verified), in how long, within which budget. */
export function searchEffort(run) {
  const sr = run.search;
  const verified = sr.attempts.filter((a) => a.verdict !== "skipped").length;
  const budget = sr.budget ? ` (budget ${sr.budget.attempts} attempts, ${Math.round(sr.budget.timeMs / 60_000)} min)` : "";
  return `The search tried ${verified} of ${sr.attempts.length} candidates in ${seconds(sr.durationMs)}${budget}`;
}

/** One line: which checks failed on what was measured, and how many were not reached. */
export function failureSummary(checks) {
  const failed = checks.filter((c) => !c.ok && c.reached !== false && c.id !== "completed");
  const notReached = checks.filter((c) => c.reached === false);
  const parts = [];
  if (failed.length) parts.push(`${failed.length} of ${checks.length} checks fail: ${failed.map((c) => c.id).join(", ")}`);
  if (notReached.length) parts.push(`${notReached.length} not reached (the run stopped: see the error)`);
  return `${parts.join("; ")}.`;
}

export function renderText(run) {
  const out = [];
  const ok = run.checks.every((c) => c.ok);
  const { s, m, removed, tools, ratio } = summary(run);
  const note = machineNote(run);
  out.push(
    `slimstage demo: the mission's Flask + mysqlclient example, single-stage vs converted${run.images.searched ? " vs searched" : ""}   ${ok ? "PASS" : "FAIL"}`,
  );
  out.push(`  ${run.date}${run.engine.server ? `, ${note.machine}` : ""}`);
  for (const c of run.standin.changes)
    out.push(`  note: the stand-ins provide Python ${STANDIN.to}: line ${c.line} built as \`${c.after}\` (the mission's file says \`${c.before}\`)`);
  out.push("");
  if (s && m) {
    out.push(
      `size         single-stage ${mb(s.sizeBytes)} → converted ${mb(m.sizeBytes)}: ${ratioText(ratio)} of the original, ${mb(s.sizeBytes - m.sizeBytes)} smaller (docker image inspect)`,
    );
    const sr = searchedSummary(run);
    if (sr)
      out.push(
        `             searched by convert --verify: ${mb(sr.sizeBytes)}, ${ratioText(sr.sizeBytes / m.sizeBytes)} of the converted image (${sr.chosen.candidate})`,
      );
    if (run.images.mission?.sizeBytes) out.push(`             the mission's hand-written multi-stage file: ${mb(run.images.mission.sizeBytes)}`);
    out.push(
      `packages     ${s.packages.length} → ${m.packages.length}: ${removed.length} removed, ${run.packages.added.length} added (dpkg databases read from the image archives)`,
    );
    out.push(`build tools  ${wrap(`${tools.length} of the removed: ${tools.map((t) => t.name).join(", ")}`, 100).replace(/\n/g, "\n             ")}`);
  }
  if (run.runtimeLibrary) {
    const kept = run.runtimeLibrary.kept.map((k) => `${k.name} ${k.version}`).join(", ") || "none";
    out.push(`runtime lib  kept: ${kept} (derived from Debian's archive data for default-libmysqlclient-dev: ${run.runtimeLibrary.derived.join(", ")})`);
    for (const l of run.linkage ?? []) out.push(`             /${l.file} needs ${l.needed} → ${l.path ? `/${l.path}` : "NOT FOUND"}`);
  }
  if (run.exchanges.length)
    out.push(
      "",
      `requests     ${SIDES.filter((side) => run.ports[side])
        .map((side) => `${SIDE_NAME[side]} on 127.0.0.1:${run.ports[side]}`)
        .join(", ")}, DB ${run.database.host}:${run.database.port}/${run.database.name}`,
    );
  const reqWidth = Math.min(58, Math.max(...run.exchanges.map((e) => [...oneLine(requestText(e), 58)].length)));
  run.exchanges.forEach((e, i) => {
    const head = `  ${String(i + 1).padStart(2)} ${sameText(e) || " "} ${pad(oneLine(requestText(e), 58), reqWidth)}  `;
    if (e.through !== "all") out.push(`${head}${throughText(e)}: ${responseCell(e.responses[e.through], 60)}`);
    else if (allSame(e)) out.push(`${head}${throughText(e)}: ${responseCell(e.responses.multi, 60)}`);
    else
      sidesOf(e).forEach((side, k) =>
        out.push(`${k === 0 ? head : " ".repeat([...head].length)}${pad(`${SIDE_NAME[side]}:`, 14)}${responseCell(e.responses[side], 60)}`),
      );
  });
  out.push("", "checks");
  for (const c of run.checks) {
    if (c.reached === false) out.push(`  · ${c.text}: not reached`);
    else out.push(`  ${c.ok ? "✔" : "✘"} ${c.text}${c.detail && !c.ok ? `\n      ${c.detail}` : c.detail && c.id === "size" ? ` (${c.detail})` : ""}`);
  }
  const mr = missionRows(run);
  if (mr) {
    out.push("", "the mission's hand-written multi-stage file next to slimstage's conversion (both built and run here)");
    for (const [what, hand, ours] of mr) {
      const plain = (c) => c.replace(/`/g, "");
      out.push(`  ${plain(what)}`, `    hand-written  ${plain(hand)}`, `    slimstage     ${plain(ours)}`);
    }
  }
  if (run.searchText)
    out.push(
      "",
      `the search of convert --verify (probes ${SEARCH_PROBES.map((p) => p.slice(4)).join(", ")})`,
      ...run.searchText
        .trimEnd()
        .split("\n")
        .map((l) => `  ${l}`),
    );
  if (run.search?.error) out.push("", `the search of convert --verify did not run: ${run.search.error}`);
  if (run.verifyText)
    out.push(
      "",
      `slimstage verify (probe ${IMPORT_PROBE.slice(4)})`,
      ...run.verifyText
        .trimEnd()
        .split("\n")
        .map((l) => `  ${l}`),
    );
  if (run.convert?.dockerfile)
    out.push(
      "",
      "the converted Dockerfile",
      ...run.convert.dockerfile
        .trimEnd()
        .split("\n")
        .map((l) => `  ${l}`),
    );
  if (run.error) out.push("", `error: ${run.error}`);
  out.push("", ok ? `All ${run.checks.length} checks pass.` : failureSummary(run.checks));
  return `${out.join("\n")}\n`;
}

const pad = (s, n) => s + " ".repeat(Math.max(0, n - [...s].length));

/** Prose wrapped at spaces to `width` columns, like the README's own paragraphs. */
export function wrap(text, width = 115) {
  const out = [];
  let line = "";
  // a size stays on one line with its unit, a code span on one line
  const kept = text.replace(/(\d) (B|kB|MB|GB)\b/g, "$1\u00a0$2").replace(/`[^`\n]*`/g, (span) => span.replace(/ /g, "\u00a0"));
  for (const word of kept.split(/ +/)) {
    if (line && line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out.join("\n").replace(/\u00a0/g, " ");
}

const cell = (s) => String(s).replace(/\|/g, "\\|").replace(/\n/g, " ");
const code = (s) => `\`${String(s).replace(/`/g, "ˋ")}\``;

/** The report in Markdown: the body of docs/demo-flask-mysql.md and of `--markdown`. */
export function renderMarkdown(run) {
  const out = [];
  const ok = run.checks.every((c) => c.ok);
  const { s, m, removed, tools, ratio } = summary(run);
  const note = machineNote(run);
  out.push(
    `**Result: ${ok ? `✅ all ${run.checks.length} checks pass` : `❌ ${run.checks.filter((c) => !c.ok).length} of ${run.checks.length} checks fail`}.** Measured ${note.date} on ${note.machine}.`,
    "",
  );
  out.push(`> ${note.standin}`, "");
  if (s && m) {
    out.push("## Sizes and packages", "");
    out.push("| | single-stage | converted by slimstage | change |", "|---|---:|---:|---:|");
    out.push(
      `| image size (\`docker image inspect\`) | ${mb(s.sizeBytes)} | ${mb(m.sizeBytes)} | −${mb(s.sizeBytes - m.sizeBytes)}, **${ratioText(ratio)}** of the original |`,
    );
    out.push(`| Debian packages (dpkg database) | ${s.packages.length} | ${m.packages.length} | −${removed.length} / +${run.packages.added.length} |`);
    out.push(`| layers | ${s.layers} | ${m.layers} | |`, "");
    out.push(
      `**Build tools among the ${removed.length} removed packages (${tools.length}):** ${tools.map((t) => `${code(t.name)} (${t.reason})`).join(", ")}.`,
      "",
    );
    const other = removed.filter((n) => !tools.some((t) => t.name === n));
    out.push(
      `<details><summary>The other ${other.length} removed packages (what the build tools pulled in)</summary>`,
      "",
      other.map(code).join(", "),
      "",
      "</details>",
      "",
    );
  }
  if (run.runtimeLibrary) {
    out.push("## Runtime library kept", "");
    out.push(
      `${run.runtimeLibrary.kept.map((k) => `${code(k.name)} ${k.version}`).join(", ") || "**none**"} is in the converted image. slimstage did not guess it: Debian's archive data maps \`default-libmysqlclient-dev\` to ${run.runtimeLibrary.derived.map(code).join(", ")}, and the image reader confirms that the driver links against it:`,
      "",
    );
    for (const l of run.linkage ?? []) out.push(`- ${code(`/${l.file}`)} needs ${code(l.needed)} → ${l.path ? code(`/${l.path}`) : "**not found**"}`);
    out.push("");
  }
  const rows = searchRows(run);
  if (rows) {
    out.push("## The search: `convert --verify`", "");
    out.push(
      `The library's \`convertAndSearch\` (what \`slimstage convert --verify\` runs) on the same Dockerfile, with the probes ${SEARCH_PROBES.map(code).join(" and ")}: it tries variants of the conversion from the most aggressive to the safest and keeps the smallest that verifies. The demo builds the image it chose (\`${TAGS.searched}\`), measures it like the others and sends it the same requests.`,
      "",
    );
    out.push("| | hand-written (mission) | converted (conservative) | converted + searched |", "|---|---:|---:|---:|");
    for (const r of rows) out.push(`| ${r.join(" | ")} |`);
    out.push("");
  }
  if (run.searchMarkdown) out.push(run.searchMarkdown.replace(/^#### /m, "### ").trimEnd(), "");
  if (run.search?.error) out.push(`**The search did not run:** ${cell(run.search.error)}`, "");
  const started = SIDES.filter((side) => run.ports[side]);
  const sides = started.length ? started : ["single", "multi"];
  out.push("## Same requests, same answers", "");
  out.push(
    `The ${sides.length === 2 ? "two" : "three"} containers ran at once (host network; ${sides.map((side) => `${SIDE_NAME[side]} on port ${run.ports[side]}`).join(", ")}) against the same database \`${run.database.name}\` on ${run.database.host}:${run.database.port}. A note written through one image is read back through the ${sides.length === 2 ? "other" : "others"}.`,
    "",
  );
  out.push(`| # | request | through | ${sides.map((side) => SIDE_NAME[side]).join(" | ")} | same |`, `|---:|---|---|${sides.map(() => "---|").join("")}:---:|`);
  run.exchanges.forEach((e, i) =>
    out.push(
      `| ${i + 1} | ${code(requestText(e))} | ${throughText(e)} | ${sides.map((side) => cell(responseCell(e.responses[side])) || "—").join(" | ")} | ${sameText(e) || "—"} |`,
    ),
  );
  out.push("");
  out.push("## Checks", "");
  for (const c of run.checks)
    out.push(
      `- ${c.reached === false ? "⏸️" : c.ok ? "✅" : "❌"} ${cell(c.text)}${c.reached === false ? " — not reached" : c.detail && (!c.ok || c.id === "size") ? ` — ${cell(c.detail)}` : ""}`,
    );
  out.push("");
  const mr = missionRows(run);
  if (mr) {
    out.push("## Next to the mission's hand-written multi-stage file", "");
    out.push(
      `[\`examples/flask-mysql/Dockerfile.mission-multistage\`](../examples/flask-mysql/Dockerfile.mission-multistage), built on the same stand-ins and run with the same commands as the converted image. Adapted to this machine only where it must be:`,
      "",
    );
    for (const c of run.missionChanges ?? []) out.push(`- line ${c.line}: ${code(c.before)} → ${code(c.after)}`);
    out.push("");
    out.push("| | hand-written (mission) | converted by slimstage |", "|---|---|---|");
    for (const r of mr) out.push(`| ${r.map(cell).join(" | ")} |`);
    out.push("");
  }
  if (run.verifyMarkdown) {
    out.push("## `slimstage verify`", "");
    out.push(`\`verifyImages\` with the probe ${code(IMPORT_PROBE)} and the database settings in the environment:`, "");
    out.push(run.verifyMarkdown.replace(/^### /m, "#### ").trimEnd(), "");
  }
  if (run.convert?.dockerfile) {
    out.push("## The converted Dockerfile", "");
    out.push("```dockerfile", run.convert.dockerfile.trimEnd(), "```", "");
    if (run.convert.decisions?.length) {
      out.push("<details><summary>Why (slimstage convert --explain)</summary>", "");
      // each decision's message names its lines already
      for (const d of run.convert.decisions) out.push(`- ${cell(d.message)}`);
      out.push("", "</details>", "");
    }
  }
  if (run.error) out.push(`**Error:** ${cell(run.error)}`, "");
  return `${out.join("\n").trimEnd()}\n`;
}

/** docs/demo-flask-mysql.md: the Markdown report with a title and how to reproduce it. */
export function renderDoc(run) {
  return [
    "<!-- generated by scripts/demo-flask-mysql.mjs --write-docs; edit the script, not this file -->",
    "# The mission's example, for real: Flask + mysqlclient + MariaDB",
    "",
    "The Flask + mysqlclient app of [the mission](mission.md) ([`examples/flask-mysql`](../examples/flask-mysql)), its",
    "single-stage Dockerfile converted by slimstage, the search of `convert --verify` run on it, the three images",
    "(single-stage, converted, searched) built, run side by side against a real MariaDB, sent the same requests,",
    "measured with slimstage's image reader and checked with `slimstage verify`. Every number below was measured by",
    "the run that wrote this page (the run itself is [demo-flask-mysql.json](demo-flask-mysql.json)):",
    "",
    "```sh",
    "npm run demo:flask-mysql                      # text report (exit code 1 when a check fails)",
    "npm run demo:flask-mysql -- --json            # the whole run as JSON (what test/e2e/demo.engine.test.ts reads)",
    "npm run demo:flask-mysql -- --no-search       # without the search and the searched image (faster)",
    "npm run demo:flask-mysql -- --write-docs --update-readme   # regenerate this page, its JSON and the README's numbers",
    "```",
    "",
    renderMarkdown(run).trimEnd(),
    "",
  ].join("\n");
}

/** Build-only packages in an image: what the package knowledge says, plus gcc / -dev / pkg-config by name. */
function buildToolCount(img) {
  return new Set([...(img.buildOnly ?? []), ...forbiddenPackages(img.packages.map((p) => p.name))]).size;
}

/** The README's "See it work" section body (between the markers): key numbers, the comparison, a link to the doc. */
export function renderReadmeSection(run) {
  const { s, m, removed, tools, ratio } = summary(run);
  const note = machineNote(run);
  const health = parsed(run.exchanges.find((e) => e.id === "health")?.responses.multi);
  const sameAnswers = run.checks.filter((c) => ANSWER_CHECKS.test(c.id)).every((c) => c.ok);
  // the images the requests went to
  const started = Math.max(2, SIDES.filter((side) => run.ports[side]).length);
  const named = ["gcc", "default-libmysqlclient-dev", "pkg-config", "binutils", "libc6-dev"].filter((n) => tools.some((t) => t.name === n));
  const link = run.linkage?.[0];
  const lines = [
    "## See it work",
    "",
    wrap(
      "`npm run demo:flask-mysql` takes the example above from Dockerfile to running containers: it converts the mission's " +
        (started === 3
          ? "Dockerfile, builds the single-stage image, the converted one and the one the search of `convert --verify` chose (below), " +
            "starts the three against a real MariaDB, sends them the same requests and measures them with slimstage's image reader. "
          : "Dockerfile, builds the single-stage and the converted image, starts both against a real MariaDB, sends them the same " +
            "requests and measures both images with slimstage's image reader. ") +
        `Last run: ${note.date} (${note.machine}; stand-in \`python:${STANDIN.to}-slim\` for the mission's \`python:${STANDIN.from}-slim\`${health?.server ? `; MariaDB ${health.server.replace(/-MariaDB.*$/, "")}` : ""}):`,
    ),
    "",
    "| | single-stage | converted by slimstage |",
    "|---|---:|---:|",
    `| image size | ${mb(s.sizeBytes)} | **${mb(m.sizeBytes)}** (${ratioText(ratio)}) |`,
    `| Debian packages | ${s.packages.length} | ${m.packages.length} (−${removed.length}) |`,
    `| build tools (\`gcc\`, \`-dev\`, \`pkg-config\` …) | ${buildToolCount(s)} | ${buildToolCount(m)} |`,
    `| runtime library \`libmariadb3\` | ${run.runtimeLibrary?.inSingle ? "yes" : "no"} | ${run.runtimeLibrary?.kept.length ? "yes" : "**no**"} |`,
    `| ${run.exchanges.length} requests to ${imagesText(started)} | | ${sameAnswers ? "same answers" : "**different answers**"} |`,
    `| \`slimstage verify\` | | ${run.verify?.verdict === "pass" ? "pass" : "**fail**"} |`,
    "",
    wrap(
      `The ${removed.length} removed packages include ${tools.length} build tools (${named.map(code).join(", ")} …). The requests write a note through ` +
        `each image and read it back through the ${started === 2 ? "other" : "others"}, list the notes and provoke two errors.` +
        (link ? ` In the converted image the driver's C extension resolves \`${link.needed}\` to \`/${link.path}\`.` : ""),
    ),
    "",
  ];
  const p = run.probes;
  const mi = run.images.mission;
  if (p?.mission && mi?.sizeBytes) {
    const res = (side, id) => {
      const r = p[side]?.[id];
      if (!r) return "not run";
      return r.exitCode === 0 ? "works" : `fails (${cell(oneLine(r.output.replace(/^ModuleNotFoundError: /, ""), 50))})`;
    };
    const noDriver = p.mission?.import?.exitCode !== 0;
    const noScripts = p.mission?.gunicorn?.exitCode !== 0;
    const toolBytes = m.venv?.toolBytes;
    lines.push(
      wrap(
        "The mission's hand-written multi-stage file ([Dockerfile.mission-multistage](examples/flask-mysql/Dockerfile.mission-multistage)), built and run the same way:",
      ),
      "",
      "| | hand-written | slimstage |",
      "|---|---|---|",
      `| image size | ${mb(mi.sizeBytes)}${noDriver ? ", without the MySQL driver" : ""} | ${mb(m.sizeBytes)}${toolBytes ? `, ${mb(toolBytes)} of it the virtualenv's own pip and setuptools` : ""} |`,
      `| \`python -c "import MySQLdb, flask"\` | ${res("mission", "import")} | ${res("multi", "import")} |`,
      `| \`gunicorn --version\` | ${res("mission", "gunicorn")} | ${res("multi", "gunicorn")} |`,
      "| Python packages | `site-packages` copied between two different images; console scripts left behind | a virtualenv, copied whole with its `bin/` |",
      "| `libmariadb3` | typed by hand | derived from Debian's archive data, checked in the image's linkage |",
      "| `--no-install-recommends` | written by hand | added to the final stage's install, package lists removed |",
      "",
      wrap(
        (mi.sizeBytes < m.sizeBytes
          ? `The hand-written image is ${mb(m.sizeBytes - mi.sizeBytes)} smaller` +
            (toolBytes ? `, almost all of it the pip and setuptools every virtualenv carries (${mb(toolBytes)}). ` : ". ")
          : "") +
          (noDriver
            ? "But it does not run the app: its builder installs only `requirements.txt`, so the single-stage file's `pip install mysqlclient` is lost" +
              (noScripts ? ", and copying `site-packages` leaves the console scripts in `/usr/local/bin` behind" : "") +
              ". "
            : "") +
          "slimstage keeps every install step and carries the whole virtualenv.",
      ),
      "",
    );
  }
  lines.push(
    wrap(
      "The full report (every request and response, the removed packages, the search's attempts, the verify report, the converted Dockerfile) is in " +
        "[docs/demo-flask-mysql.md](docs/demo-flask-mysql.md); CI runs the demo as `test/e2e/demo.engine.test.ts`.",
    ),
  );
  const rows = searchRows(run);
  if (rows) lines.push("", ...readmeSearchSection(run, rows));
  return lines.join("\n");
}

/** The README's "With the search" subsection: the three-way table and the attempts, every number from the run. */
function readmeSearchSection(run, rows) {
  const sr = searchedSummary(run);
  const mi = run.images.mission;
  const noDriver = run.probes?.mission && run.probes.mission.import?.exitCode !== 0;
  const failed = run.search.attempts.filter((a) => a.verdict === "fail");
  const out = [
    "### With the search: `convert --verify`",
    "",
    wrap(
      "`slimstage convert --verify` does not stop at the conservative conversion: it tries variants of it on the engine and keeps " +
        "the smallest one that still verifies ([docs/convert.md](docs/convert.md#--verify-the-search-for-the-smallest-image-that-verifies-issue-11)). " +
        `The demo runs that search (the library's \`convertAndSearch\`) on the mission's example with the probes ${SEARCH_PROBES.map((p) => code(p.slice(4).replace(/; print\('ok'\)/, ""))).join(" and ")}, ` +
        "builds the image it chose and sends it the same requests as the others, in the same run:",
    ),
    "",
    "| | hand-written (mission) | converted (conservative) | converted + searched |",
    "|---|---:|---:|---:|",
    ...rows.map((r) => `| ${r.join(" | ")} |`),
    "",
    wrap(
      `${searchEffort(run)}: ` +
        (failed.length ? `${failed.map((a) => code(a.candidate)).join(", ")} failed, ` : "") +
        `${code(sr.chosen.candidate)} verified and was chosen.` +
        (mi?.sizeBytes && noDriver && mi.sizeBytes < sr.sizeBytes
          ? ` The hand-written file stays ${mb(sr.sizeBytes - mi.sizeBytes)} smaller only because it leaves out the MySQL driver` +
            `${run.probes.mission.gunicorn?.exitCode !== 0 ? " and gunicorn's entry point" : ""}, which is why it does not run the app.`
          : ""),
    ),
    "",
    "| candidate | size | verdict | time | why |",
    "|---|---:|---|---:|---|",
    ...attemptRows(run).map((r) => `| ${r.join(" | ")} |`),
  ];
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// The edge: engine, database, HTTP

async function loadLibrary() {
  const dist = join(REPO, "dist");
  if (!existsSync(join(dist, "verify", "index.js"))) throw new Error(`${dist}/verify/index.js is missing: run \`npm run build\` first`);
  const url = (p) => pathToFileURL(join(dist, p)).href;
  const [lib, engine, verify, report, knowledge] = await Promise.all([
    import(url("index.js")),
    import(url("engine/index.js")),
    import(url("verify/index.js")),
    import(url("report/verify.js")),
    import(url("knowledge/index.js")),
  ]);
  return {
    ...lib,
    ...engine,
    ...verify,
    ...report,
    runtimeLibrariesFor: knowledge.runtimeLibrariesFor,
    classify: knowledge.classify,
    buildOnlyReason: knowledge.buildOnlyReason,
  };
}

/** Two TCP ports nothing listens on right now (held open together, so they differ). */
async function freePorts(n) {
  const servers = [];
  try {
    for (let i = 0; i < n; i++) {
      const srv = createServer();
      await new Promise((res, rej) => srv.once("error", rej).listen(0, "127.0.0.1", res));
      servers.push(srv);
    }
    return servers.map((s) => s.address().port);
  } finally {
    await Promise.all(servers.map((s) => new Promise((res) => s.close(res))));
  }
}

/** One HTTP request with an optional JSON body; resolves with status and body text, rejects on connection errors. */
function http(port, method, path, body, timeoutMs = 20_000) {
  return new Promise((res, rej) => {
    const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = request(
      {
        host: "127.0.0.1",
        port,
        method,
        path,
        agent: false,
        timeout: timeoutMs,
        headers: { connection: "close", ...(data ? { "content-type": "application/json", "content-length": data.length } : {}) },
      },
      (r) => {
        const chunks = [];
        r.on("data", (c) => chunks.push(c));
        r.on("end", () => res({ status: r.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
        r.on("error", rej);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`no response within ${timeoutMs / 1000}s`)));
    req.on("error", rej);
    req.end(data);
  });
}

async function safeHttp(port, method, path, body) {
  try {
    return await http(port, method, path, body);
  } catch (e) {
    return { status: 0, body: "", error: e instanceof Error ? e.message : String(e) };
  }
}

/** Waits until GET /health answers 200; fails early (with the container's last output) when the container exits. */
async function waitHealthy(engine, container, port, timeoutMs = 90_000) {
  const deadline = performance.now() + timeoutMs;
  let last = "no answer yet";
  while (performance.now() < deadline) {
    const r = await safeHttp(port, "GET", "/health");
    if (r.status === 200) return;
    last = r.error ?? `${r.status} ${oneLine(r.body, 200)}`;
    const st = await engine.containerState(container.id);
    if (!st.running) {
      const logs = await engine.logs(container.id).catch(() => ({ stdout: "", stderr: "" }));
      const tail = `${logs.stdout}${logs.stderr}`.trim().split("\n").slice(-8).join("\n    ");
      throw new Error(`${container.name} exited with code ${st.exitCode} before /health answered:\n    ${tail}`);
    }
    await sleep(500);
  }
  throw new Error(`${container.name}: /health did not answer 200 within ${timeoutMs / 1000}s (last: ${last})`);
}

/** True when something accepts connections on host:port. */
function tcpOpen(lib, host, port) {
  return lib.portOpen(host, Number(port), 1500);
}

/** Makes sure a database answers: starts ../shared's MariaDB when the address is local and nothing answers. */
async function ensureDatabase(lib, db, log) {
  if (await tcpOpen(lib, db.DB_HOST, db.DB_PORT)) return { startedByDemo: false };
  const local = isLocalHost(db.DB_HOST) && db.DB_PORT === "3306";
  if (local && existsSync(SERVICES_SCRIPT)) {
    log(`nothing answers on ${db.DB_HOST}:${db.DB_PORT}: starting MariaDB with ${relative(REPO, SERVICES_SCRIPT)} mariadb`);
    // its output goes to our stderr, so --json stays clean on stdout
    const r = spawnSync("bash", [SERVICES_SCRIPT, "mariadb"], { stdio: ["ignore", 2, 2], timeout: 10 * 60_000 });
    if (r.status !== 0) throw new Error(`${SERVICES_SCRIPT} mariadb failed (exit code ${r.status ?? r.signal})`);
    if (await tcpOpen(lib, db.DB_HOST, db.DB_PORT)) return { startedByDemo: true };
    throw new Error(`MariaDB was started but ${db.DB_HOST}:${db.DB_PORT} does not answer`);
  }
  throw new Error(
    `no database answers on ${db.DB_HOST}:${db.DB_PORT}` +
      (local ? ` and ${SERVICES_SCRIPT} is absent` : "") +
      ": start a MariaDB or MySQL server and set DB_HOST, DB_PORT, DB_USER, DB_PASSWORD and DB_NAME for it (the containers use the host network, so 127.0.0.1 is this machine)",
  );
}

function buildLogger(log) {
  return (ev) => {
    if (ev.type === "step-end" && !ev.step.internal) {
      const s = ev.step;
      log(
        `    ${s.error ? `ERROR ${oneLine(s.error, 60)}` : s.cached ? "CACHED" : `${((s.durationMs ?? 0) / 1000).toFixed(1)}s`.padStart(6)}  ${oneLine(s.name, 100)}`,
        true,
      );
    }
  };
}

/**
 * Builds one image with its tag; engine failures become an Error with the engine's description. With `text`, the
 * Dockerfile goes on stdin and `file` only names it (so the build context stays as the other builds saw it).
 */
async function build(lib, engine, dir, file, tag, log, text) {
  log(`building ${tag} from ${file}`);
  const dockerfile = text === undefined ? { path: join(dir, file) } : { text, path: join(dir, file) };
  try {
    const r = await engine.build({ context: dir, dockerfile, tags: [tag], network: "host", onProgress: buildLogger(log) });
    return { imageId: r.imageId, durationMs: Math.round(r.durationMs), totalSteps: r.totalSteps, cachedSteps: r.cachedSteps };
  } catch (e) {
    if (e instanceof lib.EngineError) throw new Error(e.describe());
    throw e;
  }
}

/** Size (docker image inspect), and packages, layers, linkage and files from the image archive (the image reader). */
async function measure(lib, engine, tag, built, cache) {
  const info = await engine.inspectImage(tag);
  const res = await lib.inspectArchive(engine.save(info.id));
  // the same record verifyImages makes for itself, so it reads each image once
  const inspected = { imageId: info.id, report: res.report, config: info.config, facts: lib.imageFacts(res.report, res.tree, lib.defaultKnowledge) };
  cache.set(info.id, inspected);
  return {
    tag,
    id: info.id,
    sizeBytes: info.size,
    archiveSizeBytes: inspected.report.sizeBytes,
    layers: inspected.report.layers.length,
    build: built,
    packages: inspected.report.packages.map((p) => ({ name: p.name, version: p.version })).sort((a, b) => (a.name < b.name ? -1 : 1)),
    buildOnly: inspected.facts.buildOnlyPackages.map((p) => p.name),
    linkage: inspected.report.linkage,
    venv: venvBytes(res.tree.walk()),
  };
}

/** A command in an image (ENTRYPOINT replaced): exit code and the line that says how it went. */
async function runIn(engine, image, argv, env) {
  const r = await engine.run({ image, entrypoint: [argv[0]], command: argv.slice(1), env, network: "host", labels: CONTAINER_LABEL, timeoutMs: 60_000 });
  const text = `${r.stdout}\n${r.stderr}`.trim().split("\n").filter(Boolean);
  // docker's words for a program that is not there, without its task ids
  const missing = /exec: "([^"]+)": executable file not found in \$PATH/.exec(r.stderr);
  if (missing) return { exitCode: r.exitCode, output: `${missing[1]}: executable file not found in $PATH` };
  // an error's last line says what went wrong (Python's traceback ends with it); a success's first line is the answer
  return { exitCode: r.exitCode, output: (r.exitCode === 0 ? text[0] : text.at(-1)) ?? "" };
}

// The requests, in order. `path` may depend on earlier answers (the ids the two writes returned).
// "all" goes to every image running (the searched one only when the search chose one).
function exchangePlan(searched) {
  return [
    { id: "health", method: "GET", path: () => "/health", through: "all" },
    { id: "write-converted", method: "POST", path: () => "/notes", body: { body: NOTE_CONVERTED }, through: "multi" },
    { id: "read-converted", method: "GET", path: (ids) => `/notes/${ids["write-converted"]}`, through: "all" },
    { id: "write-original", method: "POST", path: () => "/notes", body: { body: NOTE_ORIGINAL }, through: "single" },
    { id: "read-original", method: "GET", path: (ids) => `/notes/${ids["write-original"]}`, through: "all" },
    ...(searched
      ? [
          { id: "write-searched", method: "POST", path: () => "/notes", body: { body: NOTE_SEARCHED }, through: "searched" },
          { id: "read-searched", method: "GET", path: (ids) => `/notes/${ids["write-searched"]}`, through: "all" },
        ]
      : []),
    { id: "list", method: "GET", path: () => "/notes", through: "all" },
    { id: "missing-body", method: "POST", path: () => "/notes", body: {}, through: "all" },
    { id: "not-found", method: "GET", path: () => "/notes/0", through: "all" },
  ];
}

async function exchange(ports) {
  const ids = {};
  const out = [];
  const all = SIDES.filter((side) => ports[side]);
  for (const step of exchangePlan(Boolean(ports.searched))) {
    const path = step.path(ids);
    const sides = step.through === "all" ? all : [step.through];
    let responses = {};
    // The table is shared with anyone else using the database: a row another client adds between the two list
    // requests is not a difference between the images, so the list is asked again (a few times) before it counts.
    for (let attempt = 0; attempt < (step.id === "list" ? 3 : 1); attempt++) {
      responses = {};
      for (const side of sides) responses[side] = await safeHttp(ports[side], step.method, path, step.body);
      if (sides.length === 1 || allSame({ responses })) break;
    }
    if (step.method === "POST" && step.body?.body) ids[step.id] = parsed(responses[step.through])?.id;
    out.push({ id: step.id, method: step.method, path, ...(step.body !== undefined ? { body: step.body } : {}), through: step.through, responses });
  }
  return out;
}

function directoryReader(dir) {
  return {
    read(p) {
      const full = resolve(dir, p);
      if (relative(dir, full).startsWith("..")) return undefined;
      try {
        return readFileSync(full, "utf8");
      } catch {
        return undefined;
      }
    },
  };
}

/** Runs the whole demo; returns the run (with `checks`), never throws for engine or app failures. */
export async function runDemo(opts = {}) {
  const log = opts.log ?? ((s) => process.stderr.write(`==> ${s}\n`));
  const lib = await loadLibrary();
  const db = dbSettings(opts.env ?? process.env);
  const run = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, arch: arch(), memoryGiB: Math.round(totalmem() / 2 ** 30) },
    engine: {},
    standin: { changes: [] },
    database: { host: db.DB_HOST, port: db.DB_PORT, name: db.DB_NAME, user: db.DB_USER },
    options: { search: opts.search !== false, mission: opts.mission !== false },
    images: {},
    ports: {},
    containers: [],
    exchanges: [],
    checks: [],
  };
  const engine = lib.createEngine({ network: "host" });
  const containers = [];
  const cleanup = async () => {
    const all = containers.splice(0);
    await Promise.all(all.map((c) => engine.removeContainer(c.id, { force: true }).catch(() => {})));
  };
  const dir = mkdtempSync(join(tmpdir(), "slimstage-demo-"));
  const onSignal = (sig) => {
    log(`${sig}: removing the demo's containers`);
    void cleanup().finally(() => {
      if (!opts.keepTemp) rmSync(dir, { recursive: true, force: true });
      process.exit(130);
    });
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    const v = await engine.version();
    run.engine = { server: v.server, client: v.client, ...(v.buildx ? { buildx: v.buildx } : {}) };

    // 1. A copy of the example, on the stand-ins' Python, converted by slimstage.
    cpSync(EXAMPLE, dir, { recursive: true });
    const original = rewritePythonVersion(readFileSync(join(dir, "Dockerfile"), "utf8"));
    run.standin.changes = original.changes;
    for (const c of original.changes)
      log(`the stand-in images provide Python ${STANDIN.to}, not ${STANDIN.from}: line ${c.line} becomes \`${c.after}\` in the copy (${dir})`);
    writeFileSync(join(dir, "Dockerfile"), original.text);
    const converted = await lib.convertDockerfile(lib.parseDockerfile(original.text, { file: "Dockerfile" }), { context: directoryReader(dir) });
    run.convert = {
      status: converted.status,
      ...(converted.status === "converted" ? { dockerfile: converted.dockerfile, plan: converted.plan } : {}),
      ...(converted.status === "declined" ? { declines: converted.declines } : {}),
      decisions: converted.decisions,
    };
    if (converted.status !== "converted") throw new Error(`slimstage did not convert the Dockerfile (${converted.status})`);
    writeFileSync(join(dir, "Dockerfile.slimstage"), converted.dockerfile);
    let mission;
    if (opts.mission !== false) {
      const versioned = rewritePythonVersion(readFileSync(join(dir, "Dockerfile.mission-multistage"), "utf8"));
      // where pip installs on the hand-written file's builder base, asked from that image rather than assumed
      const base = /^FROM\s+(\S+)\s+AS\s+builder/im.exec(versioned.text)?.[1] ?? `python:${STANDIN.to}`;
      const where = await runIn(engine, base, ["python", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], {});
      const pointed =
        where.exitCode === 0 && where.output.startsWith("/") ? pointSitePackages(versioned.text, where.output) : { text: versioned.text, changes: [] };
      mission = { text: pointed.text, changes: mergeChanges(versioned.changes, pointed.changes), purelib: where.output };
      run.missionChanges = mission.changes;
      for (const c of pointed.changes)
        log(`pip installs into ${where.output} on ${base} here: the hand-written file's line ${c.line} becomes \`${c.after}\` in the copy`);
      writeFileSync(join(dir, "Dockerfile.mission-multistage"), mission.text);
    }
    const derived = lib.runtimeLibrariesFor("default-libmysqlclient-dev");

    // 2. Build (all files are written first, so the three builds see the same context).
    const cache = new Map();
    const single = await build(lib, engine, dir, "Dockerfile", TAGS.single, log);
    const multi = await build(lib, engine, dir, "Dockerfile.slimstage", TAGS.multi, log);
    log("reading both images (docker save → slimstage's image reader)");
    run.images.single = await measure(lib, engine, TAGS.single, single, cache);
    run.images.multi = await measure(lib, engine, TAGS.multi, multi, cache);
    const pm = new Set(run.images.multi.packages.map((p) => p.name));
    const ps = new Set(run.images.single.packages.map((p) => p.name));
    const removed = [...ps].filter((n) => !pm.has(n)).sort();
    run.packages = {
      removed,
      added: [...pm].filter((n) => !ps.has(n)).sort(),
      buildTools: buildToolsAmong(removed, (n) => lib.classify(n, "debian").class, lib.buildOnlyReason),
    };
    run.runtimeLibrary = {
      derived,
      kept: run.images.multi.packages.filter((p) => derived.includes(p.name)),
      inSingle: run.images.single.packages.some((p) => derived.includes(p.name)),
    };
    run.linkage = linkageOf(run.images.multi.linkage, "libmariadb.so");
    // the full linkage lists are large and were only needed for the line above
    for (const img of [run.images.single, run.images.multi]) delete img.linkage;

    if (mission) {
      try {
        const built = await build(lib, engine, dir, "Dockerfile.mission-multistage", TAGS.mission, log);
        run.images.mission = await measure(lib, engine, TAGS.mission, built, cache);
        delete run.images.mission.linkage;
      } catch (e) {
        // a comparison, not a check: report why it is missing and go on
        run.images.mission = { tag: TAGS.mission, error: e instanceof Error ? e.message : String(e) };
      }
    }

    // 3. The search of convert --verify on the same Dockerfile and conversion; the image it chose, measured alike.
    if (opts.search !== false) {
      log(`the search of convert --verify (convertAndSearch) with the probes ${SEARCH_PROBES.map((p) => p.slice(4)).join(" and ")}`);
      try {
        const r = await lib.convertAndSearch(engine, {
          dockerfile: { text: original.text, name: "Dockerfile", path: join(dir, "Dockerfile") },
          context: dir,
          convert: { context: directoryReader(dir) },
          converted,
          probes: SEARCH_PROBES.map((p) => lib.parseProbe(p)),
          network: "host",
          onAttempt: ({ phase, index, total, attempt: a }) =>
            log(
              phase === "start"
                ? `    candidate ${index + 1} of ${total}: ${a.candidate}`
                : `    ${a.candidate}: ${a.verdict}${a.sizeBytes ? `, ${mb(a.sizeBytes)}` : ""}, ${(a.durationMs / 1000).toFixed(0)}s: ${oneLine(a.reason, 100)}`,
              true,
            ),
        });
        run.search = searchRecord(r);
        run.searchText = lib.searchToText(r);
        run.searchMarkdown = lib.searchToMarkdown(r);
      } catch (e) {
        // reported by the `search` check; the rest of the demo goes on
        run.search = { error: e instanceof lib.EngineError ? e.describe() : e instanceof Error ? e.message : String(e), attempts: [], chosen: null };
      }
      const chosen = run.search.attempts.find((a) => a.candidate === run.search.chosen);
      if (chosen?.dockerfile) {
        log(`the search chose ${chosen.candidate}`);
        // not written into the context: a new file there would change the images' `COPY . .` layer
        const built = await build(lib, engine, dir, "Dockerfile.searched", TAGS.searched, log, chosen.dockerfile);
        run.images.searched = await measure(lib, engine, TAGS.searched, built, cache);
        run.searchedLinkage = linkageOf(run.images.searched.linkage, "libmariadb.so");
        delete run.images.searched.linkage;
      }
    }

    // 4. The database, a container of each image, the same requests.
    const started = await ensureDatabase(lib, db, log);
    run.database.startedByDemo = started.startedByDemo;
    const sides = SIDES.filter((side) => run.images[side]?.id);
    const ports = await freePorts(sides.length);
    run.ports = Object.fromEntries(sides.map((side, i) => [side, ports[i]]));
    const labels = { ...CONTAINER_LABEL };
    for (const side of sides) {
      const port = run.ports[side];
      const c = await engine.start({
        image: TAGS[side],
        env: { ...db, PORT: String(port) },
        network: "host",
        labels,
        name: `slimstage-demo-${side}-${process.pid}`,
      });
      containers.push({ ...c, side, port });
      run.containers.push(c.name);
      log(`started ${TAGS[side]} on 127.0.0.1:${port} (${c.name})`);
    }
    await Promise.all(containers.map((c) => waitHealthy(engine, c, c.port)));
    log(`${sides.length === 2 ? "both answer" : `all ${sides.length} answer`} /health; sending them the same requests`);
    run.exchanges = await exchange(run.ports);
    run.database.server = parsed(run.exchanges[0]?.responses.multi)?.server;
    await cleanup();

    // 5. slimstage verify (the builds are cached; the inspections are reused).
    log(`slimstage verify with probe ${IMPORT_PROBE}`);
    run.verify = await lib.verifyImages(engine, {
      original: { text: original.text, path: `examples/flask-mysql/Dockerfile (python:${STANDIN.to}-slim)` },
      candidate: { text: converted.dockerfile, path: "converted by slimstage" },
      context: dir,
      probes: [lib.parseProbe(IMPORT_PROBE)],
      env: db,
      network: "host",
      cache,
      labels: CONTAINER_LABEL,
      onEvent: (e) => e.type === "phase" && log(`    ${e.text}`, true),
    });
    run.verifyText = lib.verifyToText(run.verify);
    run.verifyMarkdown = lib.verifyToMarkdown(run.verify);

    // 6. The same commands in every image (the mission's hand-written one too): does the driver import, do
    // console scripts run?
    const all = [...sides, ...(run.images.mission?.id ? ["mission"] : [])];
    log(`running python -c "import MySQLdb, flask" and gunicorn --version in the ${all.map((side) => SIDE_NAME[side]).join(", ")} images`);
    const probes = {};
    for (const side of all) {
      probes[side] = {
        import: await runIn(engine, TAGS[side], ["python", "-c", "import MySQLdb, flask; print('ok')"], db),
        gunicorn: await runIn(engine, TAGS[side], ["gunicorn", "--version"], db),
      };
    }
    run.probes = probes;
  } catch (e) {
    run.error = e instanceof lib.EngineError ? e.describe() : e instanceof Error ? e.message : String(e);
  } finally {
    await cleanup();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    if (opts.keepTemp) log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
  run.checks = evaluate(run);
  if (run.error) run.checks.push({ id: "completed", ok: false, text: "the demo ran to the end", detail: run.error });
  return run;
}

/** The run as JSON, without the pre-rendered report texts (the verify report is there whole). */
export function toJson(run) {
  const { verifyText: _t, verifyMarkdown: _m, searchText: _st, searchMarkdown: _sm, ...rest } = run;
  return `${JSON.stringify({ ok: run.checks.every((c) => c.ok), ...rest }, null, 2)}\n`;
}

/** The run as docs/demo-flask-mysql.json: everything, the pre-rendered reports too, so the docs render again from it. */
export function toRecord(run) {
  return `${JSON.stringify(run, null, 1)}\n`;
}

/** Writes a file through a temporary file beside it and one rename. */
function writeAtomic(path, text) {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } finally {
    rmSync(tmp, { force: true });
  }
}

async function main(argv) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        json: { type: "boolean" },
        markdown: { type: "boolean" },
        "write-docs": { type: "boolean" },
        "update-readme": { type: "boolean" },
        "no-mission": { type: "boolean" },
        "no-search": { type: "boolean" },
        "keep-temp": { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (e) {
    process.stderr.write(`${e.message}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (values.json && values.markdown) {
    process.stderr.write(`--json and --markdown exclude each other\n${USAGE}\n`);
    return 2;
  }
  // the docs and the README show the whole comparison: a run without a part of it may not rewrite them
  const skipped = ["no-search", "no-mission"].filter((k) => values[k]);
  const writes = ["write-docs", "update-readme"].filter((k) => values[k]);
  if (skipped.length && writes.length) {
    process.stderr.write(`--${skipped[0]} cannot be combined with --${writes[0]}: the docs and the README show the whole run\n${USAGE}\n`);
    return 2;
  }
  const quiet = Boolean(values.json);
  const log = (s, detail = false) => {
    if (!(detail && quiet)) process.stderr.write(`${detail ? "" : "==> "}${s}\n`);
  };
  let run;
  try {
    run = await runDemo({ mission: !values["no-mission"], search: !values["no-search"], keepTemp: values["keep-temp"], log });
  } catch (e) {
    process.stderr.write(`demo: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  if (values.json) process.stdout.write(toJson(run));
  else if (values.markdown) process.stdout.write(renderMarkdown(run));
  else process.stdout.write(renderText(run));
  const failed = run.checks.filter((c) => !c.ok);
  if (failed.length) {
    if (run.error) process.stderr.write(`demo: stopped before the end: ${run.error}\n`);
    const measured = failed.filter((c) => c.reached !== false && c.id !== "completed");
    if (measured.length)
      process.stderr.write(
        `demo: ${measured.length} check${measured.length === 1 ? "" : "s"} failed:\n${measured.map((c) => `  ✘ ${c.id}: ${c.text}${c.detail ? ` (${c.detail})` : ""}`).join("\n")}\n`,
      );
    process.stderr.write(`demo: ${failureSummary(run.checks)}\n`);
    if (values["write-docs"] || values["update-readme"]) process.stderr.write("demo: docs/ and README.md were not written (they show passing runs only)\n");
    return 1;
  }
  if (values["write-docs"]) {
    writeAtomic(DOC_PATH, renderDoc(run));
    writeAtomic(RUN_PATH, toRecord(run));
    log(`wrote ${relative(REPO, DOC_PATH)} and ${relative(REPO, RUN_PATH)}`);
  }
  if (values["update-readme"]) {
    writeAtomic(README_PATH, replaceReadmeSection(readFileSync(README_PATH, "utf8"), renderReadmeSection(run)));
    log(`updated ${relative(REPO, README_PATH)} between ${README_BEGIN} and ${README_END}`);
  }
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
