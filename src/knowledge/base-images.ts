// Knowledge of official base images: what a reference like "python:3.11.7-slim-bookworm" is built on and which
// slim or runtime image runs what it builds, keeping the language version and the distribution release the same
// so that compiled binaries and virtualenvs keep working. The tag → release knowledge is data with a source
// (data/knowledge/official-images.json, read by official-images.ts); the naming conventions of tags are code here.
import {
  debianCodename,
  debianNumber,
  defaultReleaseOf,
  distroAlias,
  isDebianCodename,
  isUbuntuCodename,
  newestSuite,
  releaseInfo,
  ubuntuCodename,
} from "./official-images.js";

export type ImageFamily = "debian" | "ubuntu" | "alpine" | "redhat" | "distroless" | "scratch" | "windows" | "unknown";
export type Libc = "glibc" | "musl" | "none" | "unknown";
export type Language = "python" | "node" | "go" | "rust" | "java" | "dotnet" | "c" | "ruby" | "php";

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
  /**
   * true when the release is gone from its distribution's main mirror (Debian stretch, buster…: archive.debian.org
   * only), so `apt-get update` in an image of it fails unless its sources are pointed at the archive.
   */
  releaseArchived?: boolean;
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
// Which release a tag was built on, and whether a release is archived, is data (official-images.ts).

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
    else if (isDebianCodename(t)) parts.debian = t;
    else if (isUbuntuCodename(t)) parts.ubuntu = t;
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

/** alpine:<version> of the image's Alpine release (named in the tag, or the one its -alpine tag was last built on). */
const alpineImage = (info: BaseImageInfo): string => (info.release ? `alpine:${info.release}` : "alpine");

/**
 * The release a tag that names none was built on: the tag history in official-images.json says which release
 * this version's default (or -alpine) tag was last published on. Tags keep their last build, so python:3.5 is
 * buster and rust:1.63 bullseye.
 */
function assumeRelease(info: BaseImageInfo, family: string, version: string | undefined): void {
  if (info.release !== undefined || (info.family !== "debian" && info.family !== "alpine")) return;
  const alpine = info.family === "alpine";
  const found = defaultReleaseOf(family, version, { alpine });
  const rel = releaseInfo(found?.release);
  if (!found || !rel) return;
  const tag = `${family}:${version ?? "latest"}${alpine ? "-alpine" : ""}`;
  if (alpine) {
    info.release = rel.version;
    info.notes.push(`Alpine ${rel.version} assumed: ${tag} was last built on it (official-images history); name it in the tag to be sure`);
    return;
  }
  info.family = rel.distro === "redhat" ? "redhat" : rel.distro === "ubuntu" ? "ubuntu" : "debian";
  info.release = rel.codename;
  const basis =
    found.basis === "newer"
      ? `newer than the tag history, so the current default (${rel.codename}) is assumed`
      : found.basis === "alias"
        ? `a floating tag, now built on ${rel.codename}`
        : `last built on ${rel.codename} (official-images history)`;
  info.notes.push(
    `${rel.distro === "redhat" ? "Release" : rel.distro === "ubuntu" ? "Ubuntu release" : "Debian release"} assumed: ${tag} is ${basis}; name it in the tag to be sure`,
  );
}

/** Distroless publishes Debian 11 onwards; a binary built on an older glibc runs on a newer one. */
function distrolessDebian(info: BaseImageInfo): string {
  const n = Number(debianNumber(info.release ?? "") ?? "12");
  if (n < 11) info.notes.push(`distroless has no Debian ${n} image; debian11 is used (a newer glibc runs binaries built on an older one)`);
  return String(Math.max(11, n));
}

function python(ref: ImageRef, p: TagParts): BaseImageInfo {
  const info = base(ref, "python", p);
  info.language = "python";
  if (p.version) info.languageVersion = p.version;
  assumeRelease(info, "python", p.version);
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
  assumeRelease(info, "node", version);
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
  assumeRelease(info, "golang", p.version);
  if (info.family === "alpine") {
    info.runtimeCounterpart = alpineImage(info);
    info.alternatives.push("scratch");
    info.notes.push("with CGO_ENABLED=0 the binary is static and scratch works; cgo binaries built on alpine need musl");
  } else if (info.family === "debian") {
    const n = distrolessDebian(info);
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
  assumeRelease(info, "rust", p.version);
  if (info.family === "alpine") info.runtimeCounterpart = alpineImage(info);
  else if (info.family === "debian") {
    info.runtimeCounterpart = `debian:${info.release}-slim`;
    info.alternatives.push(`gcr.io/distroless/cc-debian${distrolessDebian(info)}`);
  }
  return info;
}

function gcc(ref: ImageRef, p: TagParts): BaseImageInfo {
  const info = base(ref, "gcc", p);
  info.language = "c";
  if (p.version) info.languageVersion = p.version;
  assumeRelease(info, "gcc", p.version);
  info.runtimeCounterpart = `debian:${info.release}-slim`;
  info.alternatives.push(`gcr.io/distroless/cc-debian${distrolessDebian(info)}`);
  return info;
}

/** ruby:3.1 → ruby:3.1-slim; like python, the variant comes before the suite: 3.1-slim-bookworm. */
function ruby(ref: ImageRef, p: TagParts): BaseImageInfo {
  const info = base(ref, "ruby", p);
  info.language = "ruby";
  if (p.version) info.languageVersion = p.version;
  assumeRelease(info, "ruby", p.version);
  if (p.alpine !== undefined || p.slim || p.windows) {
    info.role = "runtime";
    info.runtimeCounterpart = withTag("ruby", ref.tag ?? "latest");
  } else {
    info.runtimeCounterpart = withTag("ruby", join(p.version, ...p.rest, "slim", p.debian));
  }
  return info;
}

/** php:8.2(-cli|-apache|-fpm|-zts): PHP is the runtime, so the image is its own runtime image (extensions: convert/ecosystems/php.ts). */
function php(ref: ImageRef, p: TagParts): BaseImageInfo {
  const info = base(ref, "php", p);
  info.language = "php";
  if (p.version) info.languageVersion = p.version;
  assumeRelease(info, "php", p.version);
  info.role = "runtime";
  info.runtimeCounterpart = withTag("php", ref.tag ?? "latest");
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
  info.language = "java";
  assumeRelease(info, "eclipse-temurin", version);
  const kind = p.rest.includes("jre") ? "jre" : "jdk";
  const extra = p.rest.filter((t) => t !== "jre" && t !== "jdk");
  if (kind === "jre") info.role = "runtime";
  info.runtimeCounterpart = withTag("eclipse-temurin", temurinTag(version, "jre", p, extra));
  return info;
}

/** The Ubuntu release eclipse-temurin's default tag for a Java version was last built on (tag history). */
function temurinUbuntu(version: string | undefined): string | undefined {
  const found = defaultReleaseOf("eclipse-temurin", version);
  return releaseInfo(found?.release)?.distro === "ubuntu" ? found!.release : undefined;
}

function openjdk(ref: ImageRef, p: TagParts): BaseImageInfo {
  const info = base(ref, "openjdk", p);
  info.language = "java";
  const version = p.version;
  if (version) info.languageVersion = version;
  const m = Number(major(version) ?? "0");
  // -slim tags are Debian even where the default tag is Oracle Linux (openjdk:12 and later)
  const slimRelease = p.slim && info.family === "debian" && info.release === undefined && version ? newestSuite("openjdk", version, "debian") : undefined;
  if (slimRelease) {
    info.release = slimRelease;
    info.notes.push(`Debian release assumed: openjdk:${version}-slim was last built on ${slimRelease} (official-images history)`);
  }
  assumeRelease(info, "openjdk", version);
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
  let release = p.debian ?? (p.version ? debianCodename(major(p.version)!) : undefined);
  // stable, oldstable, latest: what the tag pointed at in the tag history
  release ??= distroAlias("debian", p.rest[0] ?? "latest");
  if (release) {
    info.release = release;
    info.releaseFromTag = p.debian !== undefined || p.version !== undefined;
  }
  info.runtimeCounterpart = p.slim
    ? withTag("debian", ref.tag ?? "latest")
    : withTag("debian", join(ref.tag === "latest" ? release : ref.tag?.toLowerCase(), "slim"));
  return info;
}

function ubuntu(ref: ImageRef, p: TagParts): BaseImageInfo {
  const info = base(ref, "ubuntu", p);
  info.family = "ubuntu";
  info.role = "base";
  const release = p.ubuntu ?? (p.version ? ubuntuCodename(majorMinor(p.version) ?? "") : undefined);
  info.release = release ?? distroAlias("ubuntu", p.rest[0] ?? "latest") ?? distroAlias("ubuntu", "latest");
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
  if (info.family === "debian" && !info.release) info.release = distroAlias("debian", "latest");
  info.runtimeCounterpart = info.family === "ubuntu" ? `ubuntu:${info.release}` : `debian:${info.release}-slim`;
  return info;
}

function distroless(ref: ImageRef, name: string): BaseImageInfo {
  const m = /^distroless\/([a-z0-9-]+?)(?:-debian(\d+))?$/.exec(name);
  const release = m?.[2] ? debianCodename(m[2]) : undefined;
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
  const info = identify(reference);
  const rel = info && (info.family === "debian" || info.family === "ubuntu" || info.family === "distroless") ? releaseInfo(info.release) : undefined;
  if (info && rel?.archived) {
    info.releaseArchived = true;
    info.notes.push(
      `${rel.distro === "ubuntu" ? "Ubuntu" : "Debian"} ${rel.codename} is archived: its packages are only on ${rel.archive ?? "an archive mirror"}, so apt-get update fails unless the sources point there`,
    );
  }
  return info;
}

function identify(reference: string): BaseImageInfo | undefined {
  const ref = parseImageRef(reference);
  if (!ref) return undefined;
  if (reference.trim().toLowerCase() === "scratch") {
    return {
      ref,
      image: "scratch",
      family: "scratch",
      libc: "none",
      releaseFromTag: false,
      role: "runtime",
      runtimeCounterpart: "scratch",
      alternatives: [],
      notes: [],
    };
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
    case "python":
      return python(ref, p);
    case "node":
      return node(ref, p);
    case "golang":
      return golang(ref, p);
    case "rust":
      return rust(ref, p);
    case "gcc":
      return gcc(ref, p);
    case "ruby":
      return ruby(ref, p);
    case "php":
      return php(ref, p);
    case "eclipse-temurin":
      return temurin(ref, p);
    case "openjdk":
      return openjdk(ref, p);
    case "maven":
      return jvmBuildTool(ref, p, "maven");
    case "gradle":
      return jvmBuildTool(ref, p, "gradle");
    case "debian":
      return debian(ref, p);
    case "ubuntu":
      return ubuntu(ref, p);
    case "alpine":
      return alpine(ref, p);
    case "nginx":
      return webServer(ref, p, "nginx");
    case "httpd":
      return webServer(ref, p, "httpd");
    case "buildpack-deps":
      return buildpackDeps(ref, p);
    default:
      return undefined;
  }
}

/**
 * Where a FROM reference's registry ends when the registry is written as a variable: "${REGISTRY}/python:3.11" →
 * "${REGISTRY}/", "${REGISTRY}/library/python" → "${REGISTRY}/library/"; "" when the registry is literal.
 */
export function registryPrefix(written: string): string {
  const beforeTag = written.replace(/@.*$/, "");
  const colon = beforeTag.lastIndexOf(":");
  const name = colon > beforeTag.lastIndexOf("/") ? beforeTag.slice(0, colon) : beforeTag;
  const slash = name.lastIndexOf("/");
  if (slash < 0) return "";
  const prefix = written.slice(0, slash + 1);
  return prefix.includes("$") ? prefix : "";
}

/**
 * baseImageInfo for a FROM as written and as resolved. When the registry is a variable (`${REGISTRY}/python:3.11`,
 * a mirror or proxy of Docker Hub), the image after it is looked up as the Docker Hub image, even while the
 * variable has no value; a note says so.
 */
export function baseImageInfoAsWritten(written: string, resolved: string): BaseImageInfo | undefined {
  const direct = baseImageInfo(resolved);
  const prefix = registryPrefix(written);
  if (!prefix) return direct;
  if (direct && parseImageRef(resolved)?.registry === "docker.io") return direct;
  // as many path components as the written part after the registry has
  const depth = written.slice(prefix.length).split("/").length;
  const rest = resolved.split("/").slice(-depth).join("/");
  const info = baseImageInfo(rest);
  if (!info || info.family === "distroless") return undefined;
  info.notes.push(`${prefix.replace(/\/$/, "")} is taken to serve Docker Hub's ${info.image} (a mirror or proxy)`);
  return info;
}
