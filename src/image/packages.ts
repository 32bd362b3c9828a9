// Installed-package databases found in images: dpkg (Debian/Ubuntu; distroless keeps one file per package in
// var/lib/dpkg/status.d/) and apk (Alpine). Pure parsers over text.

export interface InstalledPackage {
  manager: "dpkg" | "apk";
  name: string;
  version: string;
  arch?: string;
  /** Source package (dpkg `Source:`, apk origin), without a version. */
  source?: string;
  /** Installed size in bytes when the database says (dpkg stores KiB). */
  installedSize?: number;
  section?: string;
  /** Virtual names it provides (dpkg `Provides:`, apk `p:`), versions dropped. */
  provides?: string[];
}

/** RFC 822-style stanzas: `Field: value`, continuation lines start with a space or tab, blank lines separate. */
export function parseStanzas(text: string): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  let cur: Record<string, string> = {};
  let last: string | undefined;
  const flush = () => {
    if (Object.keys(cur).length > 0) out.push(cur);
    cur = {};
    last = undefined;
  };
  for (const raw of text.split("\n")) {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (line.trim() === "") {
      flush();
      continue;
    }
    if ((line.startsWith(" ") || line.startsWith("\t")) && last !== undefined) {
      cur[last] += "\n" + line.slice(1);
      continue;
    }
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    last = line.slice(0, colon).trim().toLowerCase();
    cur[last] = line.slice(colon + 1).trim();
  }
  flush();
  return out;
}

function names(list: string | undefined): string[] | undefined {
  if (!list) return undefined;
  const out = list
    .split(",")
    .map((p) => p.trim().split(/[\s(]/)[0] ?? "")
    .filter((p) => p !== "");
  return out.length > 0 ? out : undefined;
}

/**
 * dpkg's status database (or one distroless status.d file). Only packages whose state is "installed" are kept;
 * stanzas without a Status field (distroless) count as installed.
 */
export function parseDpkgStatus(text: string): InstalledPackage[] {
  const out: InstalledPackage[] = [];
  for (const s of parseStanzas(text)) {
    const name = s["package"];
    if (!name) continue;
    const status = s["status"];
    if (status !== undefined && status.split(/\s+/)[2] !== "installed") continue;
    const size = s["installed-size"] !== undefined ? Number(s["installed-size"]) : NaN;
    const provides = names(s["provides"]);
    const source = s["source"]?.split(/\s/)[0];
    out.push({
      manager: "dpkg",
      name,
      version: s["version"] ?? "",
      ...(s["architecture"] ? { arch: s["architecture"] } : {}),
      ...(source ? { source } : {}),
      ...(Number.isFinite(size) ? { installedSize: size * 1024 } : {}),
      ...(s["section"] ? { section: s["section"] } : {}),
      ...(provides ? { provides } : {}),
    });
  }
  return out;
}

/** apk's installed database: `X:value` lines, one blank-line separated block per package. */
export function parseApkInstalled(text: string): InstalledPackage[] {
  const out: InstalledPackage[] = [];
  for (const block of text.split(/\r?\n\s*\r?\n/)) {
    const f: Record<string, string> = {};
    for (const line of block.split(/\r?\n/)) {
      if (line.length < 2 || line[1] !== ":") continue;
      const k = line[0] as string;
      // Files (F:/R:) repeat; the package fields we read appear once.
      if (!(k in f)) f[k] = line.slice(2);
    }
    const name = f["P"];
    if (!name) continue;
    const size = f["I"] !== undefined ? Number(f["I"]) : NaN;
    const provides = f["p"]
      ?.split(/\s+/)
      .map((p) => p.split(/[=<>~]/)[0] ?? "")
      .filter((p) => p !== "");
    out.push({
      manager: "apk",
      name,
      version: f["V"] ?? "",
      ...(f["A"] ? { arch: f["A"] } : {}),
      ...(f["o"] ? { source: f["o"] } : {}),
      ...(Number.isFinite(size) ? { installedSize: size } : {}),
      ...(provides && provides.length > 0 ? { provides } : {}),
    });
  }
  return out;
}
