// Libraries that source-built language packages link (psycopg2 → libpq.so.5), from data/knowledge/native-packages.json:
// each entry names the Debian -dev package, the sonames and where that fact comes from.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export type NativeRegistry = "pypi" | "npm" | "rubygems";

export interface NativeEntry {
  /** The Debian -dev package it builds against. */
  dev: string;
  sonames: string[];
  source: string;
  unlessExtras?: string[];
  /** Loads the library at run time (ctypes) rather than linking it: --verify's linkage check cannot see it. */
  loads?: boolean;
  /** A platform gem in the lock file ships the library itself. */
  precompiledPlatforms?: boolean;
  /** Links the system library only when built to (this environment variable, or this flag in `bundle config build.<gem>`). */
  systemLibraries?: { env: string; flag: string };
}

export type NativeData = Record<NativeRegistry, Record<string, NativeEntry>>;

let cached: NativeData | undefined;

/** data/knowledge/native-packages.json. */
export function nativeData(): NativeData {
  if (!cached) {
    const path = fileURLToPath(new URL("../../data/knowledge/native-packages.json", import.meta.url));
    const file = JSON.parse(readFileSync(path, "utf8")) as NativeData & { format: number };
    cached = { pypi: file.pypi, npm: file.npm, rubygems: file.rubygems };
  }
  return cached;
}

let pure: ReadonlySet<string> | undefined;

/** data/knowledge/pure-python-packages.json: PyPI projects that publish only pure-Python (py3-none-any) wheels. */
export function purePythonPackages(): ReadonlySet<string> {
  if (!pure) {
    const path = fileURLToPath(new URL("../../data/knowledge/pure-python-packages.json", import.meta.url));
    const file = JSON.parse(readFileSync(path, "utf8")) as { packages: string[] };
    pure = new Set(file.packages);
  }
  return pure;
}
