// `slimstage inspect --format html`: one self-contained page (inline CSS and SVG, no scripts, fonts or other
// assets), readable offline, with a size chart per layer and per directory. Pure.
import type { SizedPath } from "../image/index.js";
import { cleanCreatedBy, formatBytes, type InspectView } from "./inspect.js";

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);
}

// Layers are coloured by the instruction that made them. An archive does not say which layers came from the base
// image, so none are singled out; layers without history (imported root file systems) are grey.
const COLORS: Record<string, string> = { RUN: "#3b82f6", COPY: "#10b981", ADD: "#14b8a6", other: "#a78bfa", "no history": "#94a3b8" };

function kindOf(instruction: string): string {
  if (instruction === "") return "no history";
  const word = instruction.split(" ")[0] ?? "";
  return COLORS[word] ? word : "other";
}

interface Bar {
  label: string;
  detail: string;
  value: number;
  color: string;
}

/** A horizontal bar chart as inline SVG; labels left, bars scaled to the largest value, sizes right. */
function barChart(bars: readonly Bar[], opts: { title: string; width?: number }): string {
  const width = opts.width ?? 880;
  const rowH = 26;
  const labelW = 300;
  const valueW = 90;
  const barMax = width - labelW - valueW - 16;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const height = bars.length * rowH + 8;
  const rows = bars.map((b, i) => {
    const y = 4 + i * rowH;
    const w = b.value > 0 ? Math.max(2, Math.round((b.value / max) * barMax)) : 0;
    // ~7.2 px per character of 12 px monospace: 40 characters fit the label column.
    const label = b.label.length > 40 ? `${b.label.slice(0, 39)}…` : b.label;
    return [
      `<g><title>${escapeHtml(`${b.detail} — ${formatBytes(b.value)}`)}</title>`,
      `<text x="${labelW - 8}" y="${y + 17}" text-anchor="end" class="lbl">${escapeHtml(label)}</text>`,
      `<rect x="${labelW}" y="${y + 4}" width="${w}" height="${rowH - 8}" rx="3" fill="${b.color}"/>`,
      `<text x="${labelW + w + 6}" y="${y + 17}" class="val">${escapeHtml(formatBytes(b.value))}</text></g>`,
    ].join("");
  });
  return `<svg role="img" aria-label="${escapeHtml(opts.title)}" viewBox="0 0 ${width} ${height}" width="100%" xmlns="http://www.w3.org/2000/svg">${rows.join("")}</svg>`;
}

const CSS = `
:root{color-scheme:light;--fg:#1e293b;--muted:#64748b;--line:#e2e8f0;--bad:#dc2626;--warn:#d97706;--ok:#059669}
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:#f8fafc}
main{max-width:980px;margin:0 auto;padding:24px}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:28px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}
.sub{color:var(--muted);word-break:break-all}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:10px;margin-top:16px}
.card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:10px 12px}
.card b{display:block;font-size:18px}.card span{color:var(--muted);font-size:12px}
.card.bad b{color:var(--bad)}.card.ok b{color:var(--ok)}.card.warn b{color:var(--warn)}
.panel{background:#fff;border:1px solid var(--line);border-radius:8px;padding:10px 12px}
svg .lbl{font:12px ui-monospace,SFMono-Regular,Menlo,monospace;fill:#334155}svg .val{font:12px system-ui,sans-serif;fill:#475569}
table{border-collapse:collapse;width:100%;background:#fff;border:1px solid var(--line);border-radius:8px;overflow:hidden}
th,td{text-align:left;padding:5px 8px;border-bottom:1px solid var(--line);vertical-align:top}th{background:#f1f5f9;font-weight:600;font-size:12px}
td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}td code,li code{font:12px ui-monospace,Menlo,monospace;word-break:break-all}
.legend span{display:inline-block;margin-right:14px;font-size:12px;color:var(--muted)}.legend i{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:4px;vertical-align:-1px}
.bad{color:var(--bad)}.ok{color:var(--ok)}.warn{color:var(--warn)}
footer{margin-top:32px;color:var(--muted);font-size:12px}
`;

function dirBars(dirs: readonly SizedPath[], depth: number, limit: number, color: string): Bar[] {
  return dirs
    .filter((d) => d.path.split("/").length === depth)
    .slice(0, limit)
    .map((d) => ({ label: `/${d.path}`, detail: `/${d.path} (${d.files ?? 0} files)`, value: d.size, color }));
}

/** The whole page. */
export function inspectToHtml(v: InspectView, opts: { generated?: string } = {}): string {
  const r = v.report;
  const f = v.facts;
  const e = escapeHtml;
  const layerBars: Bar[] = r.layers.map((l) => {
    const ins = cleanCreatedBy(l.createdBy);
    return { label: `#${l.index} ${ins || "(no history)"}`, detail: ins || "(no history)", value: l.sizeBytes, color: COLORS[kindOf(ins)] as string };
  });
  const card = (value: string, label: string, cls = "") => `<div class="card ${cls}"><b>${e(value)}</b><span>${e(label)}</span></div>`;
  const missing = f.missingLibraries;
  const cards = [
    card(formatBytes(r.sizeBytes), "uncompressed size"),
    card(formatBytes(r.blobBytes), r.layers.some((l) => l.compression === "gzip") ? "layer blobs (compressed)" : "layer blobs (uncompressed)"),
    card(String(r.layers.length), "layers"),
    card(formatBytes(r.wastedBytes), "wasted by later layers", r.wastedBytes > 0 ? "warn" : "ok"),
    card(String(r.packages.length), "packages"),
    card(String(f.buildOnlyPackages.length), "build-only packages", f.buildOnlyPackages.length ? "bad" : "ok"),
    card(String(missing.length), "unresolved libraries", missing.length ? "bad" : "ok"),
    card(String(r.linkage.files.length), "ELF files checked"),
  ].join("");
  const rows = (cells: string[][], numeric: number[] = []) =>
    cells.map((c) => `<tr>${c.map((x, i) => `<td${numeric.includes(i) ? ' class="n"' : ""}>${x}</td>`).join("")}</tr>`).join("");
  const layerTable = rows(
    r.layers.map((l) => [
      String(l.index),
      e(formatBytes(l.sizeBytes)),
      String(l.changes.added),
      String(l.changes.modified),
      String(l.changes.removed),
      e(formatBytes(l.changes.wastedBytes)),
      `<code>${e(cleanCreatedBy(l.createdBy) || "(no history)")}</code>`,
    ]),
    [0, 1, 2, 3, 4, 5],
  );
  const legend = Object.entries(COLORS)
    .map(([k, c]) => `<span><i style="background:${c}"></i>${k}</span>`)
    .join("");
  const topDirs = dirBars(v.dirs, 1, 12, "#6366f1");
  const subDirs = dirBars(v.dirs, 2, 15, "#8b5cf6");
  const pkgRows = rows(f.buildOnlyPackages.map((b) => [`<code class="bad">${e(b.name)}</code>`, e(b.version), e(b.reason)]));
  const leftRows = rows(
    f.leftovers.map((l) => [`<code>/${e(l.path)}</code>`, e(l.kind), e(formatBytes(l.bytes)), String(l.files)]),
    [2, 3],
  );
  const missRows = rows(
    missing.map((m) => [
      `<code class="bad">${e(m.soname)}</code>`,
      m.package ? `install <code>${e(m.package)}</code>` : "unknown",
      m.neededBy.map((p) => `<code>/${e(p)}</code>`).join("<br>"),
    ]),
  );
  const fileRows = rows(
    r.largestFiles.slice(0, 15).map((x) => [e(formatBytes(x.size)), `<code>/${e(x.path)}</code>`]),
    [0],
  );
  const title = r.repoTags[0] ?? v.source;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${e(`slimstage inspect: ${title}`)}</title><style>${CSS}</style></head>
<body><main>
<h1>${e(title)}</h1>
<div class="sub">${e(r.id ?? "")} · ${e(`${r.os ?? "?"}/${r.architecture ?? "?"}`)}${r.osRelease?.PRETTY_NAME ? ` · ${e(r.osRelease.PRETTY_NAME)}` : ""}</div>
<div class="cards">${cards}</div>
<h2>Size per layer</h2>
<div class="panel"><div class="legend">${legend}</div>${barChart(layerBars, { title: "size per layer" })}</div>
<h2>Size per directory</h2>
<div class="panel">${barChart(topDirs, { title: "top-level directories" })}${subDirs.length ? `<hr style="border:0;border-top:1px solid #e2e8f0">${barChart(subDirs, { title: "largest second-level directories" })}` : ""}</div>
<h2>Layers</h2>
<table><thead><tr><th>#</th><th>size</th><th>added</th><th>changed</th><th>removed</th><th>wasted</th><th>created by</th></tr></thead><tbody>${layerTable}</tbody></table>
<h2>Build-only packages (${f.buildOnlyPackages.length} of ${r.packages.length})</h2>
${f.buildOnlyPackages.length ? `<table><thead><tr><th>package</th><th>version</th><th>why</th></tr></thead><tbody>${pkgRows}</tbody></table>` : `<p class="ok">No build-only packages.</p>`}
<h2>Build leftovers</h2>
${f.leftovers.length ? `<table><thead><tr><th>path</th><th>kind</th><th>size</th><th>files</th></tr></thead><tbody>${leftRows}</tbody></table>` : `<p class="ok">None.</p>`}
<h2>Runtime linkage</h2>
${missing.length ? `<table><thead><tr><th>missing library</th><th>fix</th><th>needed by</th></tr></thead><tbody>${missRows}</tbody></table>` : `<p class="ok">All ${r.linkage.files.length} ELF files resolve every NEEDED library.</p>`}
<h2>Largest files</h2>
<table><tbody>${fileRows}</tbody></table>
<footer>slimstage inspect · ${e(v.source)}${opts.generated ? ` · ${e(opts.generated)}` : ""}</footer>
</main></body></html>
`;
}
