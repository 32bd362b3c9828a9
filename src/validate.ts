// Argument checks shared by the library and the CLI, so a value is judged the same way wherever it enters:
// image references (written into FROM lines), platforms, build arguments and bounded numbers. Each check throws
// a UsageError with one line that names the argument; none lets a value through that could change the meaning of
// the Dockerfile it ends up in.
import { UsageError } from "./errors.js";

const show = (v: string) =>
  JSON.stringify(v.length > 80 ? `${v.slice(0, 80)}…` : v).replace(
    /[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );

// The grammar of github.com/distribution/reference: [domain[:port]/]path[:tag][@digest]
const DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[0-9a-fA-F:.]+\\])(?::[0-9]+)?`;
const PATH_COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
const NAME = `(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const TAG = "[\\w][\\w.-]{0,127}";
const DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";
const REFERENCE = new RegExp(`^(${NAME})(?::${TAG})?(?:@${DIGEST})?$`);

/** True for a valid image reference (`python:3.11-slim`, `ghcr.io/org/app@sha256:…`, `localhost:5000/x:1`). */
export function isImageReference(ref: string): boolean {
  const m = REFERENCE.exec(ref);
  return m !== null && (m[1] ?? "").length <= 255;
}

export function checkImageReference(ref: unknown, where: string): string {
  if (typeof ref !== "string") throw new UsageError(`${where}: expected an image reference, got ${typeof ref}`);
  if (!isImageReference(ref))
    throw new UsageError(`${where}: ${show(ref)} is not a valid image reference (expected NAME[:TAG][@DIGEST], e.g. python:3.11-slim)`);
  return ref;
}

// containerd's platform names (platforms.Parse): known systems and architectures, with the usual aliases
const OSES = new Set([
  "aix",
  "android",
  "darwin",
  "dragonfly",
  "freebsd",
  "hurd",
  "illumos",
  "ios",
  "js",
  "linux",
  "nacl",
  "netbsd",
  "openbsd",
  "plan9",
  "solaris",
  "wasip1",
  "windows",
  "zos",
]);
const ARCH_ALIASES: Readonly<Record<string, string>> = { i386: "386", x86_64: "amd64", "x86-64": "amd64", aarch64: "arm64", armhf: "arm", armel: "arm" };
const ARCHES = new Set([
  "386",
  "amd64",
  "amd64p32",
  "arm",
  "armbe",
  "arm64",
  "arm64be",
  "loong64",
  "mips",
  "mipsle",
  "mips64",
  "mips64le",
  "mips64p32",
  "mips64p32le",
  "ppc",
  "ppc64",
  "ppc64le",
  "riscv",
  "riscv64",
  "s390",
  "s390x",
  "sparc",
  "sparc64",
  "wasm",
]);

/** `os[/arch[/variant]]` as containerd parses it; an unknown system or architecture is an error, as in BuildKit. */
export function checkPlatform(value: unknown, where = "--platform"): string {
  if (typeof value !== "string") throw new UsageError(`${where}: expected a platform, got ${typeof value}`);
  const parts = value.toLowerCase().split("/");
  const bad = (why: string): never => {
    throw new UsageError(`${where}: ${show(value)} is not a platform: ${why} (expected OS/ARCH[/VARIANT], e.g. linux/amd64)`);
  };
  if (parts.length > 3 || parts.some((p) => !/^[a-z0-9_.-]+$/.test(p))) bad("malformed");
  const [first = "", second, variant] = parts;
  if (second === undefined) {
    if (!OSES.has(first) && !ARCHES.has(ARCH_ALIASES[first] ?? first)) bad("unknown operating system or architecture");
    return value;
  }
  if (!OSES.has(first)) bad(`unknown operating system "${first}"`);
  if (!ARCHES.has(ARCH_ALIASES[second] ?? second)) bad(`unknown architecture "${second}"`);
  if (variant !== undefined && !/^v?[0-9a-z]+$/.test(variant)) bad(`bad variant "${variant}"`);
  return value;
}

/**
 * `--build-arg` values → a map. `KEY=VALUE` sets KEY; a bare `KEY` takes its value from the environment and is
 * left unset when the environment lacks it (as `docker buildx build` does); an empty argument or an empty name is
 * an error.
 */
export function buildArgsFromList(
  list: readonly string[] | undefined,
  env: Readonly<Record<string, string | undefined>>,
  where = "--build-arg",
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of list ?? []) {
    if (item === "") throw new UsageError(`${where}: expected KEY=VALUE or KEY, got an empty argument`);
    const eq = item.indexOf("=");
    const key = eq === -1 ? item : item.slice(0, eq);
    if (key === "") throw new UsageError(`${where} ${show(item)}: the name before "=" is empty`);
    if (/[\s\0]/.test(key)) throw new UsageError(`${where} ${show(item)}: a name cannot hold spaces or control characters`);
    if (eq === -1) {
      const v = env[item];
      if (v !== undefined) out[item] = v;
    } else out[key] = item.slice(eq + 1);
  }
  return out;
}

/** A whole number in [min, max] from a command-line string (`1e300` and `10.5` are refused). */
export function boundedInteger(text: string, where: string, min: number, max: number): number {
  const n = /^\s*\d{1,15}\s*$/.test(text) ? Number(text) : Number.isFinite(Number(text)) && Number(text) > max ? Infinity : NaN;
  if (n > max) throw new UsageError(`${where} must be at most ${max}, got ${show(text)}`);
  if (!Number.isSafeInteger(n) || n < min)
    throw new UsageError(`${where} must be ${min === 1 ? "a positive integer" : `a whole number from ${min}`}, got ${show(text)}`);
  return n;
}

/** Seconds in (0, max] from a command-line string → milliseconds. */
export function boundedSeconds(text: string, where: string, max: number): number {
  const n = /^\s*(\d+(\.\d*)?|\.\d+)\s*$/.test(text) ? Number(text) : Number.isFinite(Number(text)) && Number(text) > max ? Infinity : NaN;
  if (n > max) throw new UsageError(`${where} must be at most ${max} seconds, got ${show(text)}`);
  if (!(n > 0)) throw new UsageError(`${where} must be a positive number of seconds, got ${show(text)}`);
  return Math.max(1, Math.round(n * 1000));
}

/** The longest a probe or a probe's command may run: one day. */
export const MAX_PROBE_SECONDS = 86_400;

const PACKAGE_NAME = /^[a-z0-9][a-z0-9+.-]*$/;

/**
 * The library's conversion options, checked before any work so a caller's mistake is a UsageError that names
 * the option, never a TypeError from deep inside or a value written into the output unchecked (a package name
 * goes into a RUN line, the runtime base into a FROM line).
 */
export function checkConvertInput(tree: unknown, opts: unknown): void {
  const t = tree as { instructions?: unknown; items?: unknown } | null;
  if (typeof t !== "object" || t === null || !Array.isArray(t.instructions) || !Array.isArray(t.items)) {
    throw new UsageError("convertDockerfile: expected a tree from parseDockerfile()");
  }
  if (opts === undefined) return;
  if (typeof opts !== "object" || opts === null) throw new UsageError("convertDockerfile: options must be an object");
  const o = opts as Record<string, unknown>;
  if (o.runtimeBase !== undefined) checkImageReference(o.runtimeBase, "runtimeBase");
  if (o.extraRuntimePackages !== undefined) {
    if (!Array.isArray(o.extraRuntimePackages)) throw new UsageError("extraRuntimePackages: expected an array of package names");
    for (const p of o.extraRuntimePackages) {
      if (typeof p !== "string" || !PACKAGE_NAME.test(p)) throw new UsageError(`extraRuntimePackages: ${show(String(p))} is not a package name`);
    }
  }
  if (o.buildArgs !== undefined) {
    if (typeof o.buildArgs !== "object" || o.buildArgs === null || Array.isArray(o.buildArgs)) throw new UsageError("buildArgs: expected an object of strings");
    for (const [k, v] of Object.entries(o.buildArgs)) if (typeof v !== "string") throw new UsageError(`buildArgs.${k}: expected a string, got ${typeof v}`);
  }
  if (o.context !== undefined && typeof (o.context as { read?: unknown } | null)?.read !== "function")
    throw new UsageError("context: expected a ContextReader (an object with read(path))");
}
