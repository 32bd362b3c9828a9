#!/usr/bin/env node
// The mission's example for real (issue 6): converts examples/flask-mysql/Dockerfile with slimstage, builds the
// single-stage and the converted image (and, for comparison, the mission's hand-written multi-stage file), runs
// both against a real MariaDB, sends the same requests to both, measures sizes, packages and linkage with the image
// reader, runs `verifyImages`, and prints the report. Everything it prints is measured on this run.
//
//   npm run demo:flask-mysql -- [--json | --markdown] [--write-docs] [--update-readme] [--no-mission] [--keep-temp]
//
// The engine side (docker, MariaDB, containers) lives in `main` and the helpers it calls; what is checked and how it
// is shown are pure functions over the collected run (exported for the tests). Containers are always removed, also
// on failure or Ctrl-C; the images stay (tags slimstage-demo/flask-mysql:single, :multi, :mission).
// Exit code: 0 every check passed, 1 a check failed or the run could not complete, 2 usage error.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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
export const README_PATH = join(REPO, "README.md");
export const README_BEGIN = "<!-- demo:begin -->";
export const README_END = "<!-- demo:end -->";

export const TAGS = {
  single: "slimstage-demo/flask-mysql:single",
  multi: "slimstage-demo/flask-mysql:multi",
  mission: "slimstage-demo/flask-mysql:mission",
};
/** The mission's file says 3.9; the stand-in base images this project builds on provide 3.11. */
export const STANDIN = { from: "3.9", to: "3.11" };
export const IMPORT_PROBE = `cmd:python -c "import MySQLdb, flask; print('ok')"`;
const CONTAINER_LABEL = { "org.slimstage.demo": "flask-mysql" };
// non-ASCII on purpose: the row crosses the driver, the connection charset and the JSON encoder of both images
const NOTE_CONVERTED = "Grüße from the converted image ✓";
const NOTE_ORIGINAL = "Grüße from the single-stage image ✓";

const USAGE = `usage: npm run demo:flask-mysql -- [options]     (or: node scripts/demo-flask-mysql.mjs [options])
  --json           the whole run as one JSON document on stdout
  --markdown       the report as Markdown on stdout (what docs/demo-flask-mysql.md holds)
  --write-docs     write docs/demo-flask-mysql.md (only when every check passes)
  --update-readme  rewrite README.md between ${README_BEGIN} and ${README_END} (only when every check passes)
  --no-mission     skip building the mission's hand-written multi-stage file for comparison
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
 * What the demo asserts, as a list of checks over the measured run (pure: every input is in `run`). A check is
 * `{ id, ok, text, detail? }`; the run passes when all are ok.
 */
export function evaluate(run) {
  const checks = [];
  const add = (id, ok, text, detail) => checks.push({ id, ok: Boolean(ok), text, ...(detail !== undefined ? { detail } : {}) });
  const ex = (id) => run.exchanges.find((e) => e.id === id);
  const both = (id, what) => {
    const e = ex(id);
    if (!e) return add(id, false, `${what}: not run`);
    const s = e.responses.single;
    const m = e.responses.multi;
    return add(
      id,
      sameResponse(s, m),
      `${what}: same response from both images`,
      sameResponse(s, m) ? undefined : `single-stage ${s?.status} ${s?.body?.trim()} / converted ${m?.status} ${m?.body?.trim()}`,
    );
  };

  add(
    "converted",
    run.convert?.status === "converted",
    "slimstage converts the mission's Dockerfile",
    run.convert?.status === "converted" ? undefined : run.convert?.status,
  );

  const health = ex("health");
  const hs = parsed(health?.responses.single);
  const hm = parsed(health?.responses.multi);
  add(
    "health",
    health?.responses.single?.status === 200 && health?.responses.multi?.status === 200 && hs?.status === "ok" && hm?.status === "ok",
    "GET /health answers 200 ok on both images",
  );
  add(
    "health-same",
    hs && hm && hs.server === hm.server && hs.driver === hm.driver && typeof hs.server === "string" && typeof hs.driver === "string",
    "/health: the same database server version and driver version on both",
    hs && hm ? `server ${hs.server} / ${hm.server}, driver ${hs.driver} / ${hm.driver}` : "no JSON from /health",
  );

  const wc = ex("write-converted");
  const a = parsed(wc?.responses.multi);
  add(
    "write-converted",
    wc?.responses.multi?.status === 201 && Number.isInteger(a?.id) && a?.body === NOTE_CONVERTED,
    "POST /notes through the converted image creates a row",
    wc ? `${wc.responses.multi?.status} ${wc.responses.multi?.body?.trim()}` : "not run",
  );
  const rc = ex("read-converted");
  const readBack = (res) => res?.status === 200 && parsed(res)?.id === a?.id && parsed(res)?.body === NOTE_CONVERTED;
  add(
    "read-converted",
    rc && readBack(rc.responses.single) && readBack(rc.responses.multi) && sameResponse(rc.responses.single, rc.responses.multi),
    "the row written through the converted image is read back through both images",
  );

  const wo = ex("write-original");
  const b = parsed(wo?.responses.single);
  add(
    "write-original",
    wo?.responses.single?.status === 201 && Number.isInteger(b?.id) && b?.body === NOTE_ORIGINAL,
    "POST /notes through the single-stage image creates a row",
    wo ? `${wo.responses.single?.status} ${wo.responses.single?.body?.trim()}` : "not run",
  );
  const ro = ex("read-original");
  const readBackB = (res) => res?.status === 200 && parsed(res)?.id === b?.id && parsed(res)?.body === NOTE_ORIGINAL;
  add(
    "read-original",
    ro && readBackB(ro.responses.multi) && sameResponse(ro.responses.single, ro.responses.multi),
    "the row written through the single-stage image is read back through the converted one",
  );

  const list = ex("list");
  const lm = parsed(list?.responses.multi);
  const hasBoth = Array.isArray(lm) && lm.some((n) => n.id === a?.id) && lm.some((n) => n.id === b?.id);
  add("list", list && sameResponse(list.responses.single, list.responses.multi) && hasBoth, "GET /notes lists the same notes on both, including both new rows");
  both("missing-body", "POST /notes without a body");
  both("not-found", "GET /notes/0");

  const s = run.images?.single?.sizeBytes;
  const m = run.images?.multi?.sizeBytes;
  add(
    "size",
    s > 0 && m > 0 && m <= 0.5 * s,
    "the converted image is at most half the single-stage image's size",
    s && m ? `${mb(s)} → ${mb(m)} (${ratioText(m / s)})` : "sizes unknown",
  );

  const multiPkgs = run.images?.multi?.packages?.map((p) => p.name) ?? [];
  add("runtime-library", multiPkgs.includes("libmariadb3"), "the converted image has libmariadb3 (checked in its dpkg database)");
  const bad = forbiddenPackages(multiPkgs);
  add(
    "no-build-tools",
    multiPkgs.length > 0 && bad.length === 0,
    "the converted image has no gcc, no -dev package and no pkg-config",
    bad.length ? bad.join(", ") : undefined,
  );
  const singlePkgs = new Set(run.images?.single?.packages?.map((p) => p.name) ?? []);
  const mustGo = ["gcc", "default-libmysqlclient-dev", "pkg-config"];
  const notRemoved = mustGo.filter((n) => !singlePkgs.has(n) || multiPkgs.includes(n));
  add(
    "removed",
    notRemoved.length === 0,
    "gcc, default-libmysqlclient-dev and pkg-config are in the single-stage image and not in the converted one",
    notRemoved.length ? notRemoved.join(", ") : undefined,
  );
  const links = run.linkage ?? [];
  add(
    "linkage",
    links.length > 0 && links.every((l) => l.path),
    "the driver's C extension finds libmariadb.so.3 in the converted image",
    links.map((l) => `${l.file} → ${l.path ?? "not found"}`).join("; ") || "no ELF file needs libmariadb.so.3",
  );
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
  };
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
  return e.through === "both" ? "both" : e.through === "multi" ? "converted" : "single-stage";
}

function sameText(e) {
  if (e.through !== "both") return "";
  return sameResponse(e.responses.single, e.responses.multi) ? "✔" : "✘";
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
  const p = run.missionProbes;
  if (!mi || !p) return undefined;
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
  out.push(`slimstage demo: the mission's Flask + mysqlclient example, single-stage vs converted   ${ok ? "PASS" : "FAIL"}`);
  out.push(`  ${run.date}${run.engine.server ? `, ${note.machine}` : ""}`);
  for (const c of run.standin.changes)
    out.push(`  note: the stand-ins provide Python ${STANDIN.to}: line ${c.line} built as \`${c.after}\` (the mission's file says \`${c.before}\`)`);
  out.push("");
  if (s && m) {
    out.push(
      `size         single-stage ${mb(s.sizeBytes)} → converted ${mb(m.sizeBytes)}: ${ratioText(ratio)} of the original, ${mb(s.sizeBytes - m.sizeBytes)} smaller (docker image inspect)`,
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
      `requests     single-stage on 127.0.0.1:${run.ports.single}, converted on 127.0.0.1:${run.ports.multi}, DB ${run.database.host}:${run.database.port}/${run.database.name}`,
    );
  const reqWidth = Math.min(58, Math.max(...run.exchanges.map((e) => [...oneLine(requestText(e), 58)].length)));
  run.exchanges.forEach((e, i) => {
    const head = `  ${String(i + 1).padStart(2)} ${sameText(e) || " "} ${pad(oneLine(requestText(e), 58), reqWidth)}  `;
    if (e.through !== "both") out.push(`${head}${throughText(e)}: ${responseCell(e.responses[e.through], 60)}`);
    else if (sameResponse(e.responses.single, e.responses.multi)) out.push(`${head}both: ${responseCell(e.responses.multi, 60)}`);
    else
      out.push(
        `${head}single-stage: ${responseCell(e.responses.single, 60)}`,
        `${" ".repeat([...head].length)}converted:    ${responseCell(e.responses.multi, 60)}`,
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
  // a size stays on one line with its unit
  for (const word of text.replace(/(\d) (B|kB|MB|GB)\b/g, "$1\u00a0$2").split(/ +/)) {
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
  out.push("## Same requests, same answers", "");
  out.push(
    `Both containers ran at once (host network; single-stage on port ${run.ports.single}, converted on port ${run.ports.multi}) against the same database \`${run.database.name}\` on ${run.database.host}:${run.database.port}. A note written through one image is read back through the other.`,
    "",
  );
  out.push("| # | request | through | single-stage | converted | same |", "|---:|---|---|---|---|:---:|");
  run.exchanges.forEach((e, i) =>
    out.push(
      `| ${i + 1} | ${code(requestText(e))} | ${throughText(e)} | ${cell(responseCell(e.responses.single)) || "—"} | ${cell(responseCell(e.responses.multi)) || "—"} | ${sameText(e) || "—"} |`,
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
    "single-stage Dockerfile converted by slimstage, both images built, run side by side against a real MariaDB,",
    "sent the same requests, measured with slimstage's image reader and checked with `slimstage verify`. Every",
    "number below was measured by the run that wrote this page:",
    "",
    "```sh",
    "npm run demo:flask-mysql                      # text report (exit code 1 when a check fails)",
    "npm run demo:flask-mysql -- --json            # the whole run as JSON (what test/e2e/demo.engine.test.ts reads)",
    "npm run demo:flask-mysql -- --write-docs --update-readme   # regenerate this page and the README's numbers",
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
  const sameAnswers = run.checks
    .filter((c) => ["health-same", "read-converted", "read-original", "list", "missing-body", "not-found"].includes(c.id))
    .every((c) => c.ok);
  const named = ["gcc", "default-libmysqlclient-dev", "pkg-config", "binutils", "libc6-dev"].filter((n) => tools.some((t) => t.name === n));
  const link = run.linkage?.[0];
  const lines = [
    "## See it work",
    "",
    wrap(
      "`npm run demo:flask-mysql` takes the example above from Dockerfile to running containers: it converts the mission's " +
        "Dockerfile, builds the single-stage and the converted image, starts both against a real MariaDB, sends them the same " +
        "requests and measures both images with slimstage's image reader. " +
        `Last run: ${note.date} (${note.machine}; stand-in \`python:${STANDIN.to}-slim\` for the mission's \`python:${STANDIN.from}-slim\`${health?.server ? `; MariaDB ${health.server.replace(/-MariaDB.*$/, "")}` : ""}):`,
    ),
    "",
    "| | single-stage | converted by slimstage |",
    "|---|---:|---:|",
    `| image size | ${mb(s.sizeBytes)} | **${mb(m.sizeBytes)}** (${ratioText(ratio)}) |`,
    `| Debian packages | ${s.packages.length} | ${m.packages.length} (−${removed.length}) |`,
    `| build tools (\`gcc\`, \`-dev\`, \`pkg-config\` …) | ${buildToolCount(s)} | ${buildToolCount(m)} |`,
    `| runtime library \`libmariadb3\` | ${run.runtimeLibrary?.inSingle ? "yes" : "no"} | ${run.runtimeLibrary?.kept.length ? "yes" : "**no**"} |`,
    `| ${run.exchanges.length} requests to both images | | ${sameAnswers ? "same answers" : "**different answers**"} |`,
    `| \`slimstage verify\` | | ${run.verify?.verdict === "pass" ? "pass" : "**fail**"} |`,
    "",
    wrap(
      `The ${removed.length} removed packages include ${tools.length} build tools (${named.map(code).join(", ")} …). The requests write a note through ` +
        "each image and read it back through the other, list the notes and provoke two errors." +
        (link ? ` In the converted image the driver's C extension resolves \`${link.needed}\` to \`/${link.path}\`.` : ""),
    ),
    "",
  ];
  const p = run.missionProbes;
  const mi = run.images.mission;
  if (p && mi?.sizeBytes) {
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
      "The full report (every request and response, the removed packages, the verify report, the converted Dockerfile) is in " +
        "[docs/demo-flask-mysql.md](docs/demo-flask-mysql.md); CI runs the demo as `test/e2e/demo.engine.test.ts`.",
    ),
  );
  return lines.join("\n");
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

/** Builds one image with its tag; engine failures become an Error with the engine's description. */
async function build(lib, engine, dir, file, tag, log) {
  log(`building ${tag} from ${file}`);
  try {
    const r = await engine.build({ context: dir, dockerfile: { path: join(dir, file) }, tags: [tag], network: "host", onProgress: buildLogger(log) });
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
function exchangePlan() {
  return [
    { id: "health", method: "GET", path: () => "/health", through: "both" },
    { id: "write-converted", method: "POST", path: () => "/notes", body: { body: NOTE_CONVERTED }, through: "multi" },
    { id: "read-converted", method: "GET", path: (ids) => `/notes/${ids["write-converted"]}`, through: "both" },
    { id: "write-original", method: "POST", path: () => "/notes", body: { body: NOTE_ORIGINAL }, through: "single" },
    { id: "read-original", method: "GET", path: (ids) => `/notes/${ids["write-original"]}`, through: "both" },
    { id: "list", method: "GET", path: () => "/notes", through: "both" },
    { id: "missing-body", method: "POST", path: () => "/notes", body: {}, through: "both" },
    { id: "not-found", method: "GET", path: () => "/notes/0", through: "both" },
  ];
}

async function exchange(ports) {
  const ids = {};
  const out = [];
  for (const step of exchangePlan()) {
    const path = step.path(ids);
    const sides = step.through === "both" ? ["single", "multi"] : [step.through];
    let responses = {};
    // The table is shared with anyone else using the database: a row another client adds between the two list
    // requests is not a difference between the images, so the list is asked again (a few times) before it counts.
    for (let attempt = 0; attempt < (step.id === "list" ? 3 : 1); attempt++) {
      responses = {};
      for (const side of sides) responses[side] = await safeHttp(ports[side], step.method, path, step.body);
      if (sides.length === 1 || sameResponse(responses.single, responses.multi)) break;
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
        const info = await engine.inspectImage(TAGS.mission);
        run.images.mission = { tag: TAGS.mission, id: info.id, sizeBytes: info.size, build: built };
      } catch (e) {
        // a comparison, not a check: report why it is missing and go on
        run.images.mission = { tag: TAGS.mission, error: e instanceof Error ? e.message : String(e) };
      }
    }

    // 3. The database, two containers, the same requests.
    const started = await ensureDatabase(lib, db, log);
    run.database.startedByDemo = started.startedByDemo;
    const [p1, p2] = await freePorts(2);
    run.ports = { single: p1, multi: p2 };
    const labels = { ...CONTAINER_LABEL };
    for (const [side, port] of [
      ["single", p1],
      ["multi", p2],
    ]) {
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
    log("both answer /health; sending the same requests to both");
    run.exchanges = await exchange(run.ports);
    run.database.server = parsed(run.exchanges[0]?.responses.multi)?.server;
    await cleanup();

    // 4. slimstage verify (the builds are cached; the inspections are reused).
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

    // 5. The mission's hand-written file next to ours: does the driver import, do console scripts run?
    if (run.images.mission?.id) {
      log("running the same commands in the mission's hand-written image and in the converted one");
      run.missionProbes = {};
      for (const side of ["single", "multi", "mission"]) {
        run.missionProbes[side] = {
          import: await runIn(engine, TAGS[side], ["python", "-c", "import MySQLdb, flask; print('ok')"], db),
          gunicorn: await runIn(engine, TAGS[side], ["gunicorn", "--version"], db),
        };
      }
    }
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
  const { verifyText: _t, verifyMarkdown: _m, ...rest } = run;
  return `${JSON.stringify({ ok: run.checks.every((c) => c.ok), ...rest }, null, 2)}\n`;
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
  const quiet = Boolean(values.json);
  const log = (s, detail = false) => {
    if (!(detail && quiet)) process.stderr.write(`${detail ? "" : "==> "}${s}\n`);
  };
  let run;
  try {
    run = await runDemo({ mission: !values["no-mission"], keepTemp: values["keep-temp"], log });
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
    writeFileSync(DOC_PATH, renderDoc(run));
    log(`wrote ${relative(REPO, DOC_PATH)}`);
  }
  if (values["update-readme"]) {
    writeFileSync(README_PATH, replaceReadmeSection(readFileSync(README_PATH, "utf8"), renderReadmeSection(run)));
    log(`updated ${relative(REPO, README_PATH)} between ${README_BEGIN} and ${README_END}`);
  }
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
