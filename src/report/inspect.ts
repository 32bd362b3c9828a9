// `slimstage inspect` as text and JSON: sizes, layers with the instruction that made each, changes and wasted
// bytes, largest files and directories, packages (build-only marked), build leftovers, runtime linkage. Pure.
import type { ImageReport, SizedPath } from "../image/index.js";
import type { ImageFacts } from "../verify/index.js";
import { fit, noPaint, type Paint } from "./progress.js";

export interface InspectView {
  /** What was inspected: an image reference or a tarball path. */
  source: string;
  report: ImageReport;
  facts: ImageFacts;
  /** Directory sizes for the charts (depth ≤ 2, largest first). */
  dirs: SizedPath[];
}

function osText(r: ImageReport): string {
  const os = r.osRelease;
  const name = os ? `${os.ID ?? ""} ${os.VERSION_ID ?? ""}${os.VERSION_CODENAME ? ` (${os.VERSION_CODENAME})` : ""}`.trim() : "";
  return [`${r.os ?? "?"}/${r.architecture ?? "?"}`, name].filter(Boolean).join(", ");
}

/** JSON for machines: stable field names, bytes as numbers. */
export function inspectToJson(v: InspectView): unknown {
  const r = v.report;
  const build = new Map(v.facts.buildOnlyPackages.map((p) => [p.name, p.reason]));
  return {
    source: v.source,
    id: r.id ?? null,
    repoTags: r.repoTags,
    os: r.os ?? null,
    architecture: r.architecture ?? null,
    osRelease: r.osRelease ?? null,
    layout: r.layout,
    sizes: { uncompressed: r.sizeBytes, blobs: r.blobBytes, tar: r.tarBytes, final: r.finalBytes, wasted: r.wastedBytes },
    layers: r.layers.map((l) => ({
      index: l.index,
      diffId: l.diffId ?? null,
      createdBy: l.createdBy ?? null,
      instruction: cleanCreatedBy(l.createdBy),
      size: l.sizeBytes,
      blob: l.blobBytes,
      compression: l.compression,
      entries: l.entries,
      added: l.changes.added,
      modified: l.changes.modified,
      removed: l.changes.removed,
      removedBytes: l.changes.removedBytes,
      wastedBytes: l.changes.wastedBytes,
    })),
    history: r.history,
    largestFiles: r.largestFiles,
    largestDirs: r.largestDirs,
    packages: r.packages.map((p) => ({
      manager: p.manager,
      name: p.name,
      version: p.version,
      ...(p.installedSize !== undefined ? { installedSize: p.installedSize } : {}),
      buildOnly: build.get(p.name) ?? null,
    })),
    buildOnlyPackages: v.facts.buildOnlyPackages,
    leftovers: v.facts.leftovers,
    linkage: {
      elfFiles: r.linkage.files.length,
      unresolvedFiles: r.linkage.unresolved.map((f) => ({ path: `/${f.path}`, missing: f.unresolved })),
      missingLibraries: v.facts.missingLibraries,
      incomplete: r.linkage.incomplete,
    },
    captureSkipped: r.captureSkipped,
  };
}

/** The terminal report. `width` bounds the instruction column. */
export function inspectToText(v: InspectView, opts: { paint?: Paint; width?: number; top?: number } = {}): string {
  const p = opts.paint ?? noPaint;
  const width = opts.width ?? 120;
  const top = opts.top ?? 10;
  const r = v.report;
  const out: string[] = [];
  const h = (t: string) => out.push("", p.bold(t));
  const tags = r.repoTags.length ? ` (${r.repoTags.join(", ")})` : "";
  out.push(`${p.bold("image")}   ${r.id ?? "?"}${tags}`);
  out.push(`${p.bold("source")}  ${v.source}`);
  out.push(`${p.bold("os")}      ${osText(r)}`);
  const compressed = r.layers.some((l) => l.compression === "gzip");
  out.push(
    `${p.bold("size")}    ${formatBytes(r.sizeBytes)} uncompressed, ${formatBytes(r.blobBytes)} in layer blobs${compressed ? "" : " (stored uncompressed)"}, ${r.layers.length} layers`,
  );
  out.push(`${p.bold("wasted")}  ${formatBytes(r.wastedBytes)} (written by a layer, then overwritten or deleted by a later one)`);

  h("Layers");
  const layerRows: string[][] = [["#", "size", "blob", "+added", "~changed", "-removed", "wasted", "created by"]];
  for (const l of r.layers) {
    layerRows.push([
      String(l.index),
      formatBytes(l.sizeBytes),
      formatBytes(l.blobBytes),
      String(l.changes.added),
      String(l.changes.modified),
      String(l.changes.removed),
      formatBytes(l.changes.wastedBytes),
      fit(cleanCreatedBy(l.createdBy) || "(no history)", Math.max(20, width - 60)),
    ]);
  }
  out.push(...table(layerRows, ["r", "r", "r", "r", "r", "r", "r", "l"]).map((l, i) => (i === 0 ? p.dim(l) : l)));

  h("Largest directories");
  out.push(
    ...table(
      r.largestDirs.slice(0, top).map((d) => [formatBytes(d.size), `/${d.path}`, p.dim(`${d.files ?? 0} files`)]),
      ["r", "l", "l"],
    ),
  );
  h("Largest files");
  out.push(
    ...table(
      r.largestFiles.slice(0, top).map((f) => [formatBytes(f.size), `/${f.path}`]),
      ["r", "l"],
    ),
  );

  const mgr = [...new Set(r.packages.map((x) => x.manager))].join(", ") || "no package database";
  h(`Packages: ${r.packages.length} (${mgr}), ${v.facts.buildOnlyPackages.length} build-only`);
  if (v.facts.buildOnlyPackages.length === 0) out.push(p.green("  no build-only packages"));
  for (const b of v.facts.buildOnlyPackages) out.push(`  ${p.yellow(b.name)} ${p.dim(b.version)}  ${b.reason}`);

  h("Build leftovers");
  if (v.facts.leftovers.length === 0) out.push(p.green("  none"));
  out.push(
    ...table(
      v.facts.leftovers.map((l) => [formatBytes(l.bytes), `/${l.path}`, l.kind, p.dim(`${l.files} files`)]),
      ["r", "l", "l", "l"],
    ).map((l) => `  ${l}`),
  );

  const missing = v.facts.missingLibraries;
  h(`Linkage: ${r.linkage.files.length} ELF files, ${missing.length} unresolved ${missing.length === 1 ? "library" : "libraries"}`);
  if (missing.length === 0) out.push(p.green("  every NEEDED library resolves"));
  for (const m of missing) {
    const fix = m.package ? `install ${m.package}` : "no known package";
    out.push(
      `  ${p.red(m.soname)} not found (${fix}); needed by ${m.neededBy
        .slice(0, 3)
        .map((x) => `/${x}`)
        .join(", ")}${m.neededBy.length > 3 ? ` and ${m.neededBy.length - 3} more` : ""}`,
    );
  }
  for (const i of r.linkage.incomplete) out.push(p.yellow(`  /${i.path}: not checked (${i.problem})`));
  return `${out.join("\n")}\n`;
}

// ---- formatting helpers, shared with the verify report and the CLI

/** Bytes in decimal units, as `docker images` shows them: 151MB → "151.2 MB". */
export function formatBytes(n: number): string {
  const abs = Math.abs(n);
  const sign = n < 0 ? "-" : "";
  if (abs < 1000) return `${sign}${abs} B`;
  const units = ["kB", "MB", "GB", "TB"];
  let v = abs;
  let u = -1;
  do {
    v /= 1000;
    u++;
  } while (v >= 1000 && u < units.length - 1);
  return `${sign}${v >= 100 ? v.toFixed(0) : v.toFixed(1)} ${units[u]}`;
}

/** The instruction behind a history entry, without BuildKit's and the classic builder's decorations. */
export function cleanCreatedBy(createdBy: string | undefined): string {
  if (!createdBy) return "";
  return createdBy
    .replace(/\s+# buildkit$/, "")
    .replace(/^\/bin\/sh -c #\(nop\)\s+/, "")
    .replace(/^\/bin\/sh -c /, "RUN ")
    .replace(/^RUN \|\d+(?: [A-Za-z_][A-Za-z0-9_]*=\S*)* /, "RUN ")
    .replace(/^RUN \/bin\/sh -c /, "RUN ")
    .replace(/\s+/g, " ")
    .trim();
}

/** Right-aligned table columns; `align` per column ("l" or "r"). */
export function table(rows: readonly (readonly string[])[], align: readonly ("l" | "r")[], gap = "  "): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, [...c].length)));
  return rows.map((r) =>
    r
      .map((c, i) => {
        const pad = " ".repeat((widths[i] ?? 0) - [...c].length);
        return align[i] === "r" ? pad + c : i === r.length - 1 ? c : c + pad;
      })
      .join(gap)
      .trimEnd(),
  );
}

export function pct(ratio: number): string {
  return `${(ratio * 100).toFixed(1)}%`;
}
