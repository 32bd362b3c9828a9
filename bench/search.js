// The search of `convert --verify` (issue 11) over engine fixtures: candidates verified, time per fixture, and the
// size ratio chosen / conservative per fixture and as a median. Needs a Docker engine with the stand-in images; it
// skips with a message when none answers. Reported, not asserted.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fmt, median, MB, progress, repoRoot } from "./lib.js";

export const name = "search";
export const description = "convert --verify's search on the engine: attempts, time, size chosen / conservative";

const GO_ENV = ["ENV.GOPATH", "ENV.GOTOOLCHAIN", "ENV.PATH", "ENV.SSL_CERT_FILE"];

/** Fixtures with the probes and config keys their verification needs (as the e2e suites give them). */
const FIXTURES = [
  { id: "search/go-http-server", dir: "test/fixtures/search/go-http-server", probes: ["http:8097/stock/plums"], allow: GO_ENV },
  { id: "search/python-pkg-resources", dir: "test/fixtures/search/python-pkg-resources", probes: ["default:60"], allow: [] },
  { id: "convert/go-install-cli", dir: "test/fixtures/convert/go-install-cli", probes: [], allow: GO_ENV },
  {
    id: "convert/rust-cli",
    dir: "test/fixtures/convert/rust-cli",
    probes: [],
    allow: ["ENV.PATH", "ENV.CARGO_HOME", "ENV.SSL_CERT_FILE"],
    runtimeBase: "debian:bookworm-slim",
  },
  {
    id: "convert/python-flask-mysql",
    dir: "test/fixtures/convert/python-flask-mysql",
    probes: [`cmd:python -c "import MySQLdb, flask; print('ok')"`, "cmd:gunicorn --version"],
    allow: [],
  },
  { id: "convert/c-cmake-cxx-sqlite", dir: "test/fixtures/convert/c-cmake-cxx-sqlite", probes: [], allow: [] },
  { id: "search/python-pip-at-start", dir: "test/fixtures/search/python-pip-at-start", probes: ["default:60"], allow: [] },
  { id: "search/java-http-server", dir: "test/fixtures/search/java-http-server", probes: ["http:8098/health", "http:8098/quotes/hoare"], allow: [] },
];

const reader = (dir) => ({
  read: (p) => {
    try {
      return readFileSync(join(dir, p), "utf8");
    } catch {
      return undefined;
    }
  },
});

/** @param {{ quick: boolean }} opts */
export async function run(opts) {
  const lib = await import(join(repoRoot, "dist", "index.js"));
  const engine = lib.createEngine({ network: "host" });
  try {
    await engine.version({ timeoutMs: 20_000 });
  } catch (e) {
    const reason = e instanceof Error ? e.message.split("\n")[0] : String(e);
    progress(`search: skipped, no container engine answers (${reason})`);
    return { sections: [], checks: [], notes: [`skipped: no container engine answers (${reason})`], data: { skipped: reason } };
  }
  const fixtures = opts.quick ? FIXTURES.slice(0, 2) : FIXTURES;
  const rows = [];
  const data = [];
  for (const f of fixtures) {
    const dir = join(repoRoot, f.dir);
    const text = readFileSync(join(dir, "Dockerfile"), "utf8");
    progress(`search: ${f.id}`);
    const started = performance.now();
    const r = await lib.convertAndSearch(engine, {
      dockerfile: { text, name: "Dockerfile", path: join(dir, "Dockerfile") },
      context: dir,
      convert: { context: reader(dir), ...(f.runtimeBase ? { runtimeBase: f.runtimeBase } : {}) },
      probes: f.probes.map((p) => lib.parseProbe(p)),
      allowConfig: f.allow,
      network: "host",
    });
    const seconds = (performance.now() - started) / 1000;
    const chosen = r.chosen !== undefined ? r.attempts[r.chosen] : undefined;
    const conservative = r.attempts.find((a) => a.candidate === "conservative");
    const ratio = chosen?.sizeBytes && conservative?.sizeBytes ? chosen.sizeBytes / conservative.sizeBytes : undefined;
    const verified = r.attempts.filter((a) => a.verdict !== "skipped").length;
    rows.push([
      f.id,
      String(verified),
      String(r.attempts.length),
      fmt(seconds, 0),
      chosen?.candidate ?? "none verified",
      chosen?.sizeBytes ? fmt(chosen.sizeBytes / MB, 1) : "—",
      conservative?.sizeBytes ? fmt(conservative.sizeBytes / MB, 1) : "—",
      ratio !== undefined ? fmt(ratio, 2) : "—",
    ]);
    data.push({
      fixture: f.id,
      verified,
      candidates: r.attempts.length,
      seconds,
      chosen: chosen?.candidate ?? null,
      chosenBytes: chosen?.sizeBytes ?? null,
      conservativeBytes: conservative?.sizeBytes ?? null,
      ratio: ratio ?? null,
    });
  }
  const ratios = data.map((d) => d.ratio).filter((x) => x !== null);
  const times = data.map((d) => d.seconds);
  const attempts = data.map((d) => d.verified);
  rows.push(["median", fmt(median(attempts), 0), "", fmt(median(times), 0), "", "", "", ratios.length ? fmt(median(ratios), 2) : "—"]);
  return {
    sections: [
      {
        title: "search per fixture (stand-in images; sizes as docker reports them)",
        columns: ["fixture", "verified", "candidates", "s", "chosen", "MB", "conservative MB", "ratio"],
        rows,
        notes: [
          "verified: candidates built and verified; the others were skipped (a verified candidate kept less) — the conservative one is still built for its size",
        ],
      },
    ],
    checks: [],
    data: { fixtures: data, medianRatio: ratios.length ? median(ratios) : null, medianSeconds: median(times) },
  };
}
