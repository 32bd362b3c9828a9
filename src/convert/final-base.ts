// The final stage's base image. From the knowledge's runtime counterpart of the original base (switched to a
// Debian slim image when the final stage needs a shell, or to a glibc distroless for cgo), and, when the original
// FROM is written with ARGs (python:${PYTHON_VERSION}, node:$NODE_VERSION-bullseye, ${REGISTRY}/python:3.11),
// written with the same ARGs so that a --build-arg moves both stages together. Whether the written form follows
// the ARGs is checked, not assumed: the counterpart is worked out again for other values of each ARG (the
// family's other version lines, the distribution's other releases) and must keep the same written form.
import { baseImageInfo, type BaseImageInfo, familyLines, officialFamilies, officialImagesData, registryPrefix, releaseInfo } from "../knowledge/index.js";
import { processWord } from "../shell/lex.js";
import type { EcosystemPlan } from "./ecosystems/index.js";
import type { StepPlan } from "./steps.js";
import { linesText } from "./text.js";
import type { DeclineId } from "./declines/registry.js";
import type { Decision, Decline } from "./types.js";

/** Final base: the knowledge's counterpart, switched to a Debian slim image when the final stage needs a shell
 * or packages and the counterpart is distroless, or to a glibc distroless for cgo. */
export function chooseFinalBase(info: BaseImageInfo | undefined, baseName: string, eco: Pick<EcosystemPlan, "cgo">, needsShell: boolean): string | undefined {
  if (!info) return undefined;
  // a full image's slim counterpart (python:3.11 → python:3.11-slim, debian:bookworm → debian:bookworm-slim)
  let base = info.role === "runtime" ? baseName : (info.runtimeCounterpart ?? baseName);
  if (!base) return undefined;
  const release = info.release ?? "bookworm";
  const debianSlim = info.family === "debian" ? `debian:${release}-slim` : undefined;
  if (base.includes("distroless")) {
    if (eco.cgo && base.includes("/static")) base = base.replace("/static", "/base");
    if (needsShell) base = debianSlim ?? base;
  }
  return base;
}

interface VarRef {
  name: string;
  /** as written: "$V", "${V}", "${V:-3.11}" */
  text: string;
  start: number;
  end: number;
}

const VAR_REF = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::?[-+?][^}]*)?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

/** The variable references in a FROM image as written. */
export function varRefs(word: string): VarRef[] {
  return [...word.matchAll(VAR_REF)].map((m) => ({ name: (m[1] ?? m[2])!, text: m[0], start: m.index!, end: m.index! + m[0].length }));
}

export type FollowedBase =
  | { ok: true; text: string; resolved: string; counterpart: string; followed: string[]; checked: Record<string, string[]>; note?: string }
  | { ok: false; id: DeclineId; reason: string; hint: string };

type Values = ReadonlyMap<string, string | undefined>;

const alnum = /[A-Za-z0-9]/;

/** C with each variable's value replaced by the reference as written, in order, at word boundaries; undefined when a value is not there. */
function reparam(refs: VarRef[], values: Values, counterpart: string): string | undefined {
  let out = "";
  let pos = 0;
  for (const r of refs) {
    const value = processWord(r.text, (n) => values.get(n)).value;
    if (value === "") return undefined;
    let idx = counterpart.indexOf(value, pos);
    while (idx >= 0 && ((idx > 0 && alnum.test(counterpart[idx - 1]!)) || alnum.test(counterpart[idx + value.length] ?? "")))
      idx = counterpart.indexOf(value, idx + 1);
    if (idx < 0) return undefined;
    out += counterpart.slice(pos, idx) + r.text;
    pos = idx + value.length;
  }
  return out + counterpart.slice(pos);
}

/** Other values worth trying for a variable: other version lines of the image's family, other releases. */
function alternativesFor(value: string, image: string): string[] {
  const data = officialImagesData();
  const debian = Object.keys(data.releases.debian.codenames);
  const ubuntu = Object.keys(data.releases.ubuntu.codenames);
  const lines = officialFamilies().includes(image) ? familyLines(image) : [];
  // each "-"-separated part of the value that is a version or a release is swapped for its peers
  const parts = value.split("-");
  const out = new Set<string>();
  parts.forEach((part, i) => {
    let peers: string[] = [];
    if (/^\d+(\.\d+)*$/.test(part) && lines.length) {
      const depth = part.split(".").length;
      peers = lines.map((l) => l.line).filter((l) => l.split(".").length <= depth);
      // full versions where a line's default release changed (rust 1.71 → 1.72: bullseye → bookworm)
      if (depth > (lines[0]?.line.split(".").length ?? 1)) peers.push(...lines.flatMap((l) => [`${l.line}.0`]));
    } else if (debian.includes(part)) peers = debian.filter((c) => c !== part);
    else if (ubuntu.includes(part)) peers = ubuntu.filter((c) => c !== part);
    else if (/^alpine\d+\.\d+$/.test(part)) peers = [...new Set(lines.flatMap((l) => l.suites.filter((x) => x.startsWith("alpine"))))];
    for (const peer of peers) out.add([...parts.slice(0, i), peer, ...parts.slice(i + 1)].join("-"));
  });
  out.delete(value);
  return [...out];
}

/**
 * The final FROM for an original FROM written with variables. `written` is the image as written, `values` the
 * variables' values (global ARG defaults, --build-arg), `finalFor` the final base for a resolved reference.
 */
export function followBase(written: string, values: Values, finalFor: (ref: string) => string | undefined): FollowedBase {
  const refs = varRefs(written);
  const prefix = registryPrefix(written);
  const rest = written.slice(prefix.length);
  const restRefs = varRefs(rest);
  const resolve = (w: string, v: Values) => processWord(w, (n) => v.get(n)).value;
  const resolved = resolve(written, values);
  const restResolved = resolve(rest, values);
  const image = baseImageInfo(restResolved)?.image ?? "";
  const counterpart = finalFor(restResolved);
  if (!counterpart)
    return {
      ok: false,
      id: "no-runtime-counterpart",
      reason: `no known runtime counterpart for ${resolved}`,
      hint: "name the final stage's base with --runtime-base IMAGE",
    };
  const hub = (ref: string) => /^(docker\.io\/)?(library\/)?[a-z0-9._-]+(:[^/]+)?$/.test(ref);
  const written1 = (v: Values): string | undefined => {
    const rr = resolve(rest, v);
    const c = finalFor(rr);
    if (!c) return undefined;
    // the base is its own runtime image: the final stage is FROM the same written reference
    if (c === rr) return rest;
    // the variables written where their values are; a counterpart without them (debian:bullseye-slim for
    // rust:${V}-bullseye) stays literal, and must then be the same for every value tried
    return (restRefs.length ? reparam(restRefs, v, c) : undefined) ?? c;
  };
  // the tag starts after the last ":" that follows the last "/"; a variable before it names the image
  const masked = restRefs.reduce((m, r) => m.slice(0, r.start) + "x".repeat(r.end - r.start) + m.slice(r.end), rest);
  const tagAt = masked.lastIndexOf(":") > masked.lastIndexOf("/") ? masked.lastIndexOf(":") : masked.length;
  for (const r of restRefs) {
    const v = values.get(r.name);
    if ((v !== undefined && /[:/@]/.test(v)) || r.start < tagAt) {
      return {
        ok: false,
        id: "base-not-followable",
        reason: `the image name itself comes from $${r.name} (${v}), so the final stage cannot name its runtime counterpart`,
        hint: `write the image and its version apart (python:\${PYTHON_VERSION}), or pass --runtime-base IMAGE`,
      };
    }
  }
  const text = written1(values)!;
  const literal = restRefs.length > 0 && !restRefs.some((r) => text.includes(r.text));
  let compared = 0;
  // check the written form against other values of each variable in the tag
  const checked: Record<string, string[]> = {};
  const names = [...new Set(restRefs.map((r) => r.name))];
  let static_ = false;
  for (const name of names) {
    const value = values.get(name) ?? "";
    const alts = alternativesFor(value, image);
    checked[name] = [value, ...alts];
    for (const alt of alts) {
      const v = new Map(values);
      v.set(name, alt);
      const t = written1(v);
      if (t === undefined) continue; // a value the family never had cannot disagree
      compared++;
      if (t === text) continue;
      const c = finalFor(resolve(rest, v));
      if (/distroless\/static/.test(counterpart) && c && /distroless\/static/.test(c)) {
        static_ = true; // a static binary runs on any release's static image
        continue;
      }
      return {
        ok: false,
        id: "base-not-followable",
        reason: `the final stage's base depends on $${name} in a way one FROM cannot follow: ${resolve(rest, values)} → ${counterpart}, but ${resolve(rest, v)} → ${c}`,
        hint: `name the OS release in the tag (for example ${written.replace(/(:[^/]*)$/, `$1-${baseImageInfo(restResolved)?.release ?? "bookworm"}`)}), or pass --runtime-base IMAGE`,
      };
    }
  }
  if (literal && compared === 0) {
    const names = restRefs.map((r) => `$${r.name}`).join(", ");
    return {
      ok: false,
      id: "base-not-followable",
      reason: `the final stage's base ${counterpart} cannot be written with ${names} the way ${written} is, and slimstage cannot tell whether it holds for other values`,
      hint: `pass --runtime-base IMAGE (it may use the same ARGs), or write the tag's parts as separate ARGs`,
    };
  }
  const followed = [...new Set(refs.filter((r) => prefix.includes(r.text) || text.includes(r.text)).map((r) => r.name))];
  if (prefix && hub(text)) {
    const full = prefix + text.replace(/^(docker\.io\/)?(library\/)?/, "");
    return { ok: true, text: full, resolved: resolve(full, values), counterpart, followed, checked };
  }
  const note = prefix
    ? `${text} is not a Docker Hub image, so it does not go through ${prefix.replace(/\/$/, "")}`
    : static_
      ? "a static binary runs on the static image of any release"
      : undefined;
  return { ok: true, text, resolved: text.includes("$") ? resolve(text, values) : text, counterpart, followed, checked, ...(note ? { note } : {}) };
}

/** "Debian bookworm", "Ubuntu jammy", "Alpine 3.19": the release in a base decision. */
export function releaseWords(info: BaseImageInfo): string {
  const distro = info.family === "ubuntu" ? "Ubuntu" : info.family === "alpine" ? "Alpine" : info.family === "redhat" ? "" : "Debian";
  return `${distro ? `${distro} ` : ""}${info.release}${info.releaseArchived ? " (archived)" : ""}`;
}

/** The decision text for a final FROM that follows the original's ARGs. */
export function followedText(written: string, f: Extract<FollowedBase, { ok: true }>): string {
  if (!f.followed.length)
    return `the base is written ${written}; the final stage's base ${f.text} is the same for every value tried (${Object.entries(f.checked)
      .map(([k, v]) => `${k}: ${v.length} values`)
      .join(", ")})${f.note ? `: ${f.note}` : ""}`;
  const tried = Object.entries(f.checked)
    .filter(([, v]) => v.length > 1)
    .map(([k, v]) => `${k} = ${v[0]} and ${v.length - 1} other value${v.length > 2 ? "s" : ""} (${v[1]}${v.length > 2 ? ` … ${v.at(-1)}` : ""})`)
    .join("; ");
  return `the base is written ${written}; the final stage is FROM ${f.text}, so a --build-arg ${f.followed.join(", ")} changes both stages the same way${tried ? ` (checked for ${tried})` : ""}${f.note ? `; ${f.note}` : ""}`;
}

/** Text that points apt at an archive mirror or relaxes its checks for one (sed on sources.list, Check-Valid-Until). */
const APT_SOURCES_FIX = /archive\.debian\.org|old-releases\.ubuntu\.com|sources\.list|\/etc\/apt\/apt\.conf|Check-Valid-Until/;

export interface ArchivedReleasePlan {
  decline?: Decline;
  decision?: Decision;
  /** The original fixed apt's sources in a RUN the final stage does not replay: copy /etc/apt from the builder. */
  copyAptConfig?: boolean;
}

/**
 * An archived release (Debian stretch, buster…: archive.debian.org only) has no packages on the default mirror,
 * so an `apt-get update` in the final stage fails unless the sources point at the archive. The final stage keeps
 * the original's packaging: the original's own fix of the sources (replayed, or /etc/apt copied from the
 * builder), or its own apt-get that fails the same way (a warning); and a final stage that would add an apt-get
 * the original never ran is declined.
 */
export function archivedRelease(input: {
  info: BaseImageInfo | undefined;
  finalInfo: BaseImageInfo | undefined;
  baseName: string;
  fromLine: number;
  /** Whether the final stage writes an apt-get install. */
  finalApt: boolean;
  /** Packages the final stage installs that the original never installed (tools the full base had). */
  added: string[];
  plans: StepPlan[];
}): ArchivedReleasePlan {
  const info = input.finalInfo ?? input.info;
  if (!info?.releaseArchived || !input.finalApt) return {};
  const where = releaseInfo(info.release);
  const what = `${where?.distro === "ubuntu" ? "Ubuntu" : "Debian"} ${info.release} is archived (its packages are only on ${where?.archive ?? "an archive mirror"})`;
  const runs = input.plans.filter((p) => p.step.instruction.kind === "RUN");
  const fixes = runs.filter((p) => APT_SOURCES_FIX.test(p.step.instruction.node.original));
  if (fixes.length) {
    const replayed = fixes.some((p) => p.role === "runtime" || p.role === "both");
    const lines = fixes.map((p) => p.line);
    return replayed
      ? {
          decision: {
            kind: "note",
            lines,
            message: `${linesText(lines)}: ${what}; the final stage runs the original's own fix of apt's sources before its apt-get`,
          },
        }
      : {
          copyAptConfig: true,
          decision: {
            kind: "note",
            lines,
            message: `${linesText(lines)}: ${what}; the original points apt at it in the builder, so the final stage copies /etc/apt from the builder before its apt-get`,
          },
        };
  }
  const aptRuns = runs.filter((p) => p.install?.manager === "apt");
  if (aptRuns.length && input.added.length === 0) {
    const lines = aptRuns.map((p) => p.line);
    return {
      decision: {
        kind: "warning",
        lines,
        message: `${linesText(lines)}: ${what}, and the original's apt-get update fails against the default mirror just as the final stage's will: point apt's sources at the archive in the original`,
      },
    };
  }
  const pkgs = input.added.join(" ");
  return {
    decline: {
      lines: [input.fromLine],
      id: "archived-release-apt",
      reason: `line ${input.fromLine}: the final stage would have to install ${pkgs}, which ${input.baseName} provides and its runtime counterpart lacks, but ${what} and ${aptRuns.length ? "the original's own apt-get does not point there" : "the original never runs apt-get"}, so the final stage cannot add an apt-get update`,
      hint: `point apt's sources at the archive in a RUN of the original, or keep the full base with --runtime-base ${input.baseName}`,
    },
  };
}
