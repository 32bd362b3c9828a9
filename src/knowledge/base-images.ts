// Knowledge of official base images: what a reference like "python:3.11.7-slim-bookworm" is built on and which
// slim or runtime image runs what it builds, keeping the language version and the distribution release the same
// so that compiled binaries and virtualenvs keep working. Hand-maintained: registries are not reachable here.

export type ImageFamily = "debian" | "ubuntu" | "alpine" | "redhat" | "distroless" | "scratch" | "windows" | "unknown";
export type Libc = "glibc" | "musl" | "none" | "unknown";
export type Language = "python" | "node" | "go" | "rust" | "java" | "dotnet" | "c";

export interface ImageRef {
  /** "docker.io" when the reference names none. */
  registry: string;
  /** Repository without registry; Docker Hub official images without "library/": "python", "dotnet/sdk". */
  repository: string;
  tag: string | undefined;
  digest: string | undefined;
}

export interface BaseImageInfo {
  ref: ImageRef;
  /** Short image name as written in docs: "python", "mcr.microsoft.com/dotnet/sdk", "gcr.io/distroless/static". */
  image: string;
  family: ImageFamily;
  libc: Libc;
  language?: Language;
  /** Language or toolchain version from the tag ("3.11.7", "20", "1.22", "17" for a JDK); absent when floating. */
  languageVersion?: string;
  /** Distribution release: Debian codename, Ubuntu codename, Alpine "3.19", "ubi9"… */
  release?: string;
  /** true when the tag names the release; false when it is the image's default at the time it was built. */
  releaseFromTag: boolean;
  /** "build": ships compilers/SDK; "runtime": meant to run things; "base": a distribution base image. */
  role: "build" | "runtime" | "base";
  /** The image to run the build's output on, same language version and release; undefined when unknown. */
  runtimeCounterpart?: string;
  /** Other sensible runtime images (distroless, scratch, runtime-deps…). */
  alternatives: string[];
  notes: string[];
}

// -- references ----------------------------------------------------------------------------------------------

/**
 * Splits an image reference like Docker does: "[host[:port]/]path[:tag][@digest]". Docker Hub spellings
 * (docker.io/library/x, index.docker.io/x, library/x) all become repository "x" on "docker.io".
 * Returns undefined for an empty or unresolved (${VAR}) reference.
 */
export function parseImageRef(input: string): ImageRef | undefined {
  let rest = input.trim();
  if (rest === "" || rest.includes("$")) return undefined;
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(":");
  if (colon > rest.lastIndexOf("/")) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  let registry = "docker.io";
  const slash = rest.indexOf("/");
  if (slash > 0) {
    const first = rest.slice(0, slash);
    if (first.includes(".") || first.includes(":") || first === "localhost") {
      registry = first;
      rest = rest.slice(slash + 1);
    }
  }
  if (registry === "index.docker.io" || registry === "registry-1.docker.io") registry = "docker.io";
  rest = rest.toLowerCase();
  if (registry === "docker.io" && rest.startsWith("library/")) rest = rest.slice("library/".length);
  if (rest === "") return undefined;
  return { registry, repository: rest, tag: tag === "" ? undefined : tag, digest };
}

// -- releases ------------------------------------------------------------------------------------------------

const DEBIAN_NUMBER: Record<string, string> = { buster: "10", bullseye: "11", bookworm: "12", trixie: "13", forky: "14" };
const DEBIAN_CODENAME: Record<string, string> = Object.fromEntries(Object.entries(DEBIAN_NUMBER).map(([k, v]) => [v, k]));
const UBUNTU: Record<string, string> = {
  "18.04": "bionic", "20.04": "focal", "22.04": "jammy", "23.10": "mantic", "24.04": "noble", "24.10": "oracular",
  "25.04": "plucky", "25.10": "questing",
};
const UBUNTU_CODENAMES = new Set(Object.values(UBUNTU));
/** Debian stable releases and the date Docker official images moved their default tags to them (≈ release). */
const DEBIAN_STABLE_SINCE: [string, string][] = [
  ["buster", "2019-07-06"], ["bullseye", "2021-08-14"], ["bookworm", "2023-06-10"], ["trixie", "2025-08-09"],
];
const CURRENT_DEBIAN = "trixie";

/**
 * The Debian release an untagged variant was built on, from the date its version stopped receiving builds
 * (undefined: still maintained → current stable). Tags keep the last build, so an old "rust:1.63" is bullseye.
 */
function debianAt(lastBuild: string | undefined): string {
  if (lastBuild === undefined) return CURRENT_DEBIAN;
  let found = "stretch";
  // Official images switch a few weeks after a Debian release; a version that ends within that window stays.
  const cutoff = new Date(Date.parse(lastBuild) - 30 * 86400e3).toISOString().slice(0, 10);
  for (const [name, since] of DEBIAN_STABLE_SINCE) if (since <= cutoff) found = name;
  return found;
}

const addMonths = (iso: string, months: number): string => {
  const d = new Date(iso + "T00:00:00Z");
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
};

/** End of upstream support per version line, which is when official images stop rebuilding it. */
const PYTHON_EOL: Record<string, string> = { "3.6": "2021-12-23", "3.7": "2023-06-27", "3.8": "2024-10-07", "3.9": "2025-10-31" };
const NODE_EOL: Record<string, string> = { "14": "2023-04-30", "16": "2023-09-11", "17": "2022-06-01", "18": "2025-04-30", "19": "2023-06-01", "21": "2024-06-01", "23": "2025-06-01" };
const GCC_LAST: Record<string, string> = { "9": "2022-05-27", "10": "2023-07-07", "11": "2024-07-19", "12": "2025-07-11" };

function goLastBuild(version: string): string | undefined {
  const m = /^1\.(\d+)/.exec(version);
  if (!m) return undefined;
  const minor = Number(m[1]);
  // Go releases every six months (1.20: February 2023); a version is supported until the second one after it.
  return addMonths("2023-02-01", (minor + 2 - 20) * 6);
}

function rustLastBuild(version: string): string | undefined {
  const m = /^1\.(\d+)/.exec(version);
  if (!m) return undefined;
  // Rust releases every six weeks (1.0: 2015-05-15); a version's image is rebuilt until the next release.
  const next = Date.parse("2015-05-15") + (Number(m[1]) + 1) * 42 * 86400e3;
  return new Date(next).toISOString().slice(0, 10);
}

const majorMinor = (v: string | undefined): string | undefined => (v === undefined ? undefined : /^\d+(\.\d+)?/.exec(v)?.[0]);
const major = (v: string | undefined): string | undefined => (v === undefined ? undefined : /^\d+/.exec(v)?.[0]);

// -- tags ------------------------------------------------------------------------------------------------------

interface TagParts {
  version?: string;
  slim: boolean;
  alpine?: string; // "" = alpine without a version
  debian?: string;
  ubuntu?: string;
  ubi?: string;
  windows: boolean;
  rest: string[];
}

const VERSION = /^v?\d+(\.\d+)*([a-z]+\d*)?(_\d+)?$/;

/** Splits a tag like "3.11.7-slim-bookworm" or "18-alpine3.19" into its conventional parts. */
export function parseTag(tag: string | undefined): TagParts {
  const parts: TagParts = { slim: false, windows: false, rest: [] };
  if (tag === undefined || tag === "latest") return parts;
  const tokens = tag.toLowerCase().split("-");
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (i === 0 && VERSION.test(t)) parts.version = t;
    else if (t === "slim") parts.slim = true;
    else if (t.startsWith("alpine")) parts.alpine = t.slice("alpine".length);
    else if (t in DEBIAN_NUMBER) parts.debian = t;
    else if (UBUNTU_CODENAMES.has(t)) parts.ubuntu = t;
    else if (/^ubi\d+$/.test(t)) parts.ubi = t;
    else if (t.startsWith("windowsservercore") || t.startsWith("nanoserver") || t === "ltsc2022" || t === "ltsc2019") parts.windows = true;
    else parts.rest.push(t);
  }
  return parts;
}

const withTag = (image: string, tag: string): string => `${image}:${tag.replace(/^-+|-+$/g, "").replace(/--+/g, "-") || "latest"}`;
const join = (...parts: (string | undefined | false)[]): string => parts.filter((p) => p !== undefined && p !== false && p !== "").join("-");

// -- the images ----------------------------------------------------------------------------------------------

function base(ref: ImageRef, image: string, p: TagParts): BaseImageInfo {
  const info: BaseImageInfo = {
    ref,
    image,
    family: "debian",
    libc: "glibc",
    releaseFromTag: false,
    role: "build",
    alternatives: [],
    notes: [],
  };
  if (p.alpine !== undefined) {
    info.family = "alpine";
    info.libc = "musl";
    info.releaseFromTag = p.alpine !== "";
    if (p.alpine !== "") info.release = p.alpine;
  } else if (p.debian) {
    info.release = p.debian;
    info.releaseFromTag = true;
  } else if (p.ubuntu) {
    info.family = "ubuntu";
    info.release = p.ubuntu;
    info.releaseFromTag = true;
  } else if (p.ubi) {
    info.family = "redhat";
    info.release = p.ubi;
    info.releaseFromTag = true;
  } else if (p.windows) {
    info.family = "windows";
    info.libc = "none";
  }
  if (ref.digest !== undefined) info.notes.push("the digest pins the build image; the counterpart is given by tag");
  return info;
}

/** alpine:<version> matching an alpine-tagged image, or plain alpine when the tag names no version. */
const alpineImage = (p: TagParts): string => (p.alpine ? `alpine:${p.alpine}` : "alpine");

function assumeDebian(info: BaseImageInfo, lastBuild: string | undefined): void {
  if (info.family === "debian" && info.release === undefined) {
    info.release = debianAt(lastBuild);
    info.notes.push(`Debian release assumed from the image's default variant for this version (${info.release}); name it in the tag to be sure`);
  }
}

function python(ref: ImageRef, p: TagParts): BaseImageInfo {
  const info = base(ref, "python", p);
  info.language = "python";
  if (p.version) info.languageVersion = p.version;
  assumeDebian(info, PYTHON_EOL[majorMinor(p.version) ?? ""]);
  if (p.alpine !== undefined || p.slim || p.windows) {
    info.role = "runtime";
    info.runtimeCounterpart = withTag("python", ref.tag ?? "latest");
  } else {
    // python orders variant before suite: 3.11-slim-bookworm
    info.runtimeCounterpart = withTag("python", join(p.version, ...p.rest, "slim", p.debian));
  }
  return info;
}

function node(ref: ImageRef, p: TagParts): BaseImageInfo {
  const info = base(ref, "node", p);
  info.language = "node";
  // node's first tag part may be a word: lts, current, iron…
  const version = p.version ?? (p.rest[0] && /^[a-z]+$/.test(p.rest[0]) ? p.rest.shift() : undefined);
  if (version) info.languageVersion = version;
  assumeDebian(info, NODE_EOL[major(version) ?? ""]);
  if (p.alpine !== undefined || p.slim || p.windows) {
    info.role = "runtime";
    info.runtimeCounterpart = withTag("node", ref.tag ?? "latest");
  } else {
    // node orders suite before variant: 20-bookworm-slim
    info.runtimeCounterpart = withTag("node", join(version, p.debian, ...p.rest, "slim"));
  }
  return info;
}

function golang(ref: ImageRef, p: TagParts): BaseImageInfo {
  const info = base(ref, "golang", p);
  info.language = "go";
  if (p.version) info.languageVersion = p.version;
  assumeDebian(info, p.version ? goLastBuild(p.version) : undefined);
  if (info.family === "alpine") {
    info.runtimeCounterpart = alpineImage(p);
    info.alternatives.push("scratch");
    info.notes.push("with CGO_ENABLED=0 the binary is static and scratch works; cgo binaries built on alpine need musl");
  } else if (info.family === "debian") {
    const n = DEBIAN_NUMBER[info.release!];
    info.runtimeCounterpart = `gcr.io/distroless/static-debian${n}`;
    info.alternatives.push(`gcr.io/distroless/base-debian${n}`, "scratch", `debian:${info.release}-slim`);
    info.notes.push(`static-debian${n} for CGO_ENABLED=0 binaries; base-debian${n} (glibc) when cgo is on`);
  }
  return info;
}

function rust(ref: ImageRef, p: TagParts): BaseImageInfo {
  const info = base(ref, "rust", p);
  info.language = "rust";
  if (p.version) info.languageVersion = p.version;
  assumeDebian(info, p.version ? rustLastBuild(p.version) : undefined);
  if (info.family === "alpine") info.runtimeCounterpart = alpineImage(p);
  else if (info.family === "debian") {
    info.runtimeCounterpart = `debian:${info.release}-slim`;
    info.alternatives.push(`gcr.io/distroless/cc-debian${DEBIAN_NUMBER[info.release!]}`);
  }
  return info;
}

function gcc(ref: ImageRef, p: TagParts): BaseImageInfo {
  const info = base(ref, "gcc", p);
  info.language = "c";
  if (p.version) info.languageVersion = p.version;
  assumeDebian(info, GCC_LAST[major(p.version) ?? ""]);
  info.runtimeCounterpart = `debian:${info.release}-slim`;
  info.alternatives.push(`gcr.io/distroless/cc-debian${DEBIAN_NUMBER[info.release!]}`);
  return info;
}

/** eclipse-temurin:<java>[-jdk|-jre][-<os>], e.g. 17-jdk-jammy, 21-jre-alpine, 17.0.9_9-jdk-ubi9-minimal. */
function temurinTag(java: string | undefined, kind: "jdk" | "jre", p: TagParts, extra: string[]): string {
  return join(java, kind, p.alpine !== undefined ? `alpine${p.alpine}` : undefined, p.ubuntu, p.ubi, ...extra);
}

function javaInfo(info: BaseImageInfo, defaultUbuntu: string | undefined): void {
  info.language = "java";
  if (info.family === "debian" && info.release === undefined && defaultUbuntu) {
    info.family = "ubuntu";
    info.release = defaultUbuntu;
    info.notes.push(`Ubuntu ${defaultUbuntu} assumed: the default variant for this version`);
  }
}

function temurin(ref: ImageRef, p: TagParts): BaseImageInfo {
  const info = base(ref, "eclipse-temurin", p);
  const version = p.version;
  if (version) info.languageVersion = version;
  javaInfo(info, temurinUbuntu(version));
  const kind = p.rest.includes("jre") ? "jre" : "jdk";
  const extra = p.rest.filter((t) => t !== "jre" && t !== "jdk");
  if (kind === "jre") info.role = "runtime";
  info.runtimeCounterpart = withTag("eclipse-temurin", temurinTag(version, "jre", p, extra));
  return info;
}

/** Temurin's default OS moved from focal to jammy (2022) to noble (2024); 8/11/17 kept jammy-era tags. */
function temurinUbuntu(version: string | undefined): string {
  const m = Number(major(version) ?? "0");
  return m >= 21 || m === 0 ? "noble" : "jammy";
}

function openjdk(ref: ImageRef, p: TagParts): BaseImageInfo {
  const info = base(ref, "openjdk", p);
  info.language = "java";
  const version = p.version;
  if (version) info.languageVersion = version;
  const m = Number(major(version) ?? "0");
  if (info.family === "debian" && info.release === undefined && !p.slim && m >= 12) {
    info.family = "redhat";
    info.release = "oraclelinux8";
    info.notes.push("openjdk:12 and later default to Oracle Linux");
  }
  assumeDebian(info, "2022-07-31"); // the image was deprecated in July 2022; tags kept their last build
  info.notes.push("the openjdk image is deprecated; eclipse-temurin is its maintained successor");
  const isJre = p.rest.includes("jre");
  if (isJre) info.role = "runtime";
  if (m > 0 && m <= 11 && info.family === "debian") {
    info.runtimeCounterpart = withTag("openjdk", join(version, "jre", "slim", p.debian));
  } else if (p.alpine !== undefined) {
    info.runtimeCounterpart = withTag("eclipse-temurin", join(major(version), "jre", "alpine"));
  } else {
    info.runtimeCounterpart = withTag("eclipse-temurin", join(major(version), "jre"));
  }
  return info;
}

/** maven:3-eclipse-temurin-17, maven:3.9.6-amazoncorretto-21-alpine, maven:3.8-jdk-11, gradle:8.5-jdk17-jammy. */
function jvmBuildTool(ref: ImageRef, p: TagParts, image: "maven" | "gradle"): BaseImageInfo {
  const info = base(ref, image, p);
  const tokens = p.rest;
  let vendor = "eclipse-temurin";
  let java: string | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const jdk = /^jdk(\d+)?$/.exec(t);
    if (jdk) {
      java = jdk[1] ?? (/^\d+$/.test(tokens[i + 1] ?? "") ? tokens[++i] : java);
    } else if (/^\d+$/.test(t)) java = t;
    else if (t === "amazoncorretto" || t === "corretto") vendor = "amazoncorretto";
    else if (t === "sapmachine") vendor = "sapmachine";
    else if (t === "semeru" || t === "ibm") vendor = "ibm-semeru-runtimes";
    else if (t === "graal" || t === "graalvm") vendor = "graalvm";
  }
  if (p.version) info.notes.push(`${image} ${p.version}`);
  if (java === undefined) {
    java = "21";
    info.notes.push(`JDK ${java} assumed: the ${image} image's default for current versions`);
  }
  info.languageVersion = java;
  javaInfo(info, vendor === "eclipse-temurin" ? temurinUbuntu(java) : undefined);
  if (vendor === "amazoncorretto") {
    info.family = p.alpine !== undefined ? "alpine" : "redhat";
    if (info.family === "redhat") info.release = "al2023";
    info.runtimeCounterpart = withTag("amazoncorretto", join(java, p.alpine !== undefined ? `alpine${p.alpine}` : undefined));
  } else {
    info.runtimeCounterpart = withTag("eclipse-temurin", temurinTag(java, "jre", p, []));
  }
  info.alternatives.push(`gcr.io/distroless/java${java}-debian12`);
  return info;
}

function dotnet(ref: ImageRef, p: TagParts, kind: string): BaseImageInfo {
  const info = base(ref, `mcr.microsoft.com/dotnet/${kind}`, p);
  info.language = "dotnet";
  const runtimeVersion = majorMinor(p.version);
  if (runtimeVersion) info.languageVersion = runtimeVersion;
  const slimDebian = p.slim && !p.debian;
  if (info.family === "debian" && info.release === undefined && !slimDebian) {
    if (Number(major(runtimeVersion) ?? "99") >= 10) {
      info.family = "ubuntu";
      info.release = "noble";
      info.notes.push(".NET 10 and later default to Ubuntu 24.04");
    } else {
      info.release = "bookworm";
      info.notes.push("Debian 12 assumed: the default for .NET 6–9");
    }
  }
  if (p.rest.some((t) => t.startsWith("azurelinux") || t.startsWith("cbl"))) info.family = "redhat";
  const tag0 = (ref.tag ?? "latest").toLowerCase();
  const suffix = tag0 === "latest" ? "" : tag0.replace(/^\d+(\.\d+)*(-\d+)?/, "");
  if (kind === "sdk") {
    const tag = `${runtimeVersion ?? "latest"}${suffix}`.replace(/^latest-/, "");
    info.runtimeCounterpart = `mcr.microsoft.com/dotnet/aspnet:${tag}`;
    info.alternatives.push(`mcr.microsoft.com/dotnet/runtime:${tag}`, `mcr.microsoft.com/dotnet/runtime-deps:${tag}`);
    info.notes.push("aspnet for ASP.NET Core apps, runtime for console apps, runtime-deps for self-contained publishes");
  } else {
    info.role = "runtime";
    info.runtimeCounterpart = `mcr.microsoft.com/dotnet/${kind}:${ref.tag ?? "latest"}`;
  }
  return info;
}

function debian(ref: ImageRef, p: TagParts): BaseImageInfo {
  const info = base(ref, "debian", p);
  info.role = "base";
  let release = p.debian ?? (p.version ? DEBIAN_CODENAME[major(p.version)!] : undefined);
  const word = p.rest[0];
  if (!release && (word === "stable" || word === undefined)) release = CURRENT_DEBIAN;
  else if (!release && word === "oldstable") release = "bookworm";
  if (release) {
    info.release = release;
    info.releaseFromTag = p.debian !== undefined || p.version !== undefined;
  }
  info.runtimeCounterpart = p.slim ? withTag("debian", ref.tag ?? "latest") : withTag("debian", join(ref.tag === "latest" ? release : ref.tag?.toLowerCase(), "slim"));
  return info;
}

function ubuntu(ref: ImageRef, p: TagParts): BaseImageInfo {
  const info = base(ref, "ubuntu", p);
  info.family = "ubuntu";
  info.role = "base";
  const release = p.ubuntu ?? (p.version ? UBUNTU[majorMinor(p.version) ?? ""] : undefined);
  info.release = release ?? "noble";
  info.releaseFromTag = release !== undefined;
  info.runtimeCounterpart = withTag("ubuntu", ref.tag ?? "latest");
  return info;
}

function alpine(ref: ImageRef, p: TagParts): BaseImageInfo {
  const info = base(ref, "alpine", { ...p, alpine: p.version ?? "" });
  info.role = "base";
  info.runtimeCounterpart = withTag("alpine", ref.tag ?? "latest");
  return info;
}

function webServer(ref: ImageRef, p: TagParts, image: "nginx" | "httpd"): BaseImageInfo {
  const info = base(ref, image, p);
  info.role = "runtime";
  info.runtimeCounterpart = withTag(image, ref.tag ?? "latest");
  return info;
}

function buildpackDeps(ref: ImageRef, p: TagParts): BaseImageInfo {
  const info = base(ref, "buildpack-deps", p);
  if (info.family === "debian" && !info.release) info.release = CURRENT_DEBIAN;
  info.runtimeCounterpart = info.family === "ubuntu" ? `ubuntu:${info.release}` : `debian:${info.release}-slim`;
  return info;
}

function distroless(ref: ImageRef, name: string): BaseImageInfo {
  const m = /^distroless\/([a-z0-9-]+?)(?:-debian(\d+))?$/.exec(name);
  const release = m?.[2] ? DEBIAN_CODENAME[m[2]] : undefined;
  const flavour = m?.[1] ?? "";
  return {
    ref,
    image: `gcr.io/${name}`,
    family: "distroless",
    libc: flavour === "static" ? "none" : "glibc",
    ...(release ? { release } : {}),
    releaseFromTag: release !== undefined,
    role: "runtime",
    runtimeCounterpart: `gcr.io/${name}${ref.tag ? `:${ref.tag}` : ""}`,
    alternatives: [],
    notes: [],
  };
}

/**
 * What a FROM reference is, for the official images slimstage knows (Docker Hub official images, .NET images on
 * mcr.microsoft.com, distroless). Returns undefined for other images and unresolved ${ARG} references.
 */
export function baseImageInfo(reference: string): BaseImageInfo | undefined {
  const ref = parseImageRef(reference);
  if (!ref) return undefined;
  if (reference.trim().toLowerCase() === "scratch") {
    return { ref, image: "scratch", family: "scratch", libc: "none", releaseFromTag: false, role: "runtime", runtimeCounterpart: "scratch", alternatives: [], notes: [] };
  }
  const p = parseTag(ref.tag);
  const hub = ref.registry === "docker.io" || ref.registry === "mirror.gcr.io";
  const ecr = ref.registry === "public.ecr.aws" && ref.repository.startsWith("docker/library/");
  const name = ecr ? ref.repository.slice("docker/library/".length) : ref.repository;
  if (ref.registry === "mcr.microsoft.com") {
    const m = /^dotnet\/(sdk|aspnet|runtime|runtime-deps)$/.exec(name);
    return m ? dotnet(ref, p, m[1]!) : undefined;
  }
  if (ref.registry === "gcr.io" && name.startsWith("distroless/")) return distroless(ref, name);
  if (!hub && !ecr) return undefined;
  switch (name) {
    case "python": return python(ref, p);
    case "node": return node(ref, p);
    case "golang": return golang(ref, p);
    case "rust": return rust(ref, p);
    case "gcc": return gcc(ref, p);
    case "eclipse-temurin": return temurin(ref, p);
    case "openjdk": return openjdk(ref, p);
    case "maven": return jvmBuildTool(ref, p, "maven");
    case "gradle": return jvmBuildTool(ref, p, "gradle");
    case "debian": return debian(ref, p);
    case "ubuntu": return ubuntu(ref, p);
    case "alpine": return alpine(ref, p);
    case "nginx": return webServer(ref, p, "nginx");
    case "httpd": return webServer(ref, p, "httpd");
    case "buildpack-deps": return buildpackDeps(ref, p);
    default: return undefined;
  }
}
