// PHP extensions and the system libraries they link (gd → libpng, libjpeg, FreeType), from
// data/knowledge/php-extensions.json: per extension the Debian -dev packages, the sonames and the Alpine runtime
// packages, each with its source. The Debian runtime package comes from the soname through Debian's archive data,
// so it follows the release (libicu72 in bookworm, libicu76 in trixie).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { DebianRelease } from "./debian.js";
import { packagesForSoname } from "./index.js";

export interface PhpExtensionEntry {
  /** Debian -dev packages it builds against (empty: it links nothing the official images lack). */
  dev: string[];
  sonames: string[];
  /** apk runtime packages on the php:*-alpine images. */
  alpine: string[];
  /** Alpine -dev packages, where slimstage's hand table knows them (a consistency check). */
  alpineDev?: string[];
  source: string;
}

let cached: Record<string, PhpExtensionEntry> | undefined;

/** data/knowledge/php-extensions.json's extensions. */
export function phpExtensionData(): Record<string, PhpExtensionEntry> {
  if (!cached) {
    const path = fileURLToPath(new URL("../../data/knowledge/php-extensions.json", import.meta.url));
    cached = (JSON.parse(readFileSync(path, "utf8")) as { extensions: Record<string, PhpExtensionEntry> }).extensions;
  }
  return cached;
}

/** What an extension needs at run time on an image of `family`/`release`; undefined when the extension is not known. */
export function phpExtensionRuntime(
  extension: string,
  opts: { family: "debian" | "alpine"; release?: DebianRelease },
): { packages: string[]; entry: PhpExtensionEntry } | undefined {
  const entry = phpExtensionData()[extension.toLowerCase()];
  if (!entry) return undefined;
  if (opts.family === "alpine") return { packages: [...entry.alpine], entry };
  const packages = [...new Set(entry.sonames.flatMap((s) => packagesForSoname(s, opts.release ? { release: opts.release } : {}).slice(0, 1)))];
  return { packages, entry };
}
