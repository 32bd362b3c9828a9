// The final base's smaller sibling of the same Debian release: `debian:<release>-slim` → distroless cc (glibc,
// libgcc, libstdc++, libgomp, OpenSSL, CA certificates, time zone data; no shell, no package manager), for a compiled
// program (Rust, C/C++, a Go binary with cgo) that starts without a shell. A final stage that installs runtime
// libraries with apt cannot do that on distroless: those libraries are gathered instead in a stage of the slim base,
// from what `ldd` says the copied programs link, and only the files the program loads are copied across.
// Python and Node finals have no sibling: the distroless python3 and nodejs images carry Debian's interpreter at
// another path than the official images' /usr/local/bin one, so a copied virtualenv or node_modules would not run.
import { finalStage, printEdited, readOutput, removeInstruction, replaceFromImage, startCommands, type Edits, type OutputStage } from "./dockerfile-edit.js";
import type { Variant, VariantInput } from "./types.js";

const DEBIAN_NUMBER: Readonly<Record<string, string>> = { bullseye: "11", bookworm: "12", trixie: "13" };
const COMPILED = new Set(["rust", "c", "generic", "go"]);
/** The stage that gathers the runtime libraries (its name is the converter's builder name's neighbour). */
export const LIBS_STAGE = "runtime-libs";

/** `gcr.io/distroless/cc-debianN` for `debian:<release>-slim`, undefined for any other base. */
export function distrolessSibling(finalBase: string): string | undefined {
  const m = /^(?:docker\.io\/)?(?:library\/)?debian:([a-z]+)-slim$/.exec(finalBase);
  const n = m ? DEBIAN_NUMBER[m[1]!] : undefined;
  return n ? `gcr.io/distroless/cc-debian${n}` : undefined;
}

/** A RUN that only installs packages with apt (update, install, list clean-up), as the converter writes them. */
export function onlyAptInstall(run: string): boolean {
  const parts = run
    .replace(/^\s*RUN\s+/i, "")
    .replace(/\\\r?\n/g, " ")
    .split("&&")
    .map((p) => p.trim().replace(/\s+/g, " "));
  return (
    parts.some((p) => /^apt-get install /.test(p)) &&
    parts.every((p) => /^apt-get (update|install( -{1,2}[\w-]+)*( [a-z0-9][a-z0-9+.-]*)+)$/.test(p) || p === "rm -rf /var/lib/apt/lists/*")
  );
}

/** Runtime packages distroless cc can stand in for by copying their libraries: shared libraries (libfoo1, libfoo-1.2-0). */
const isLibraryPackage = (p: string) => /^lib[a-z0-9+.-]*\d[a-z0-9+.-]*$/.test(p) && !/-(bin|dev|tools|utils|common|data)$/.test(p);
/** Debian packages distroless cc ships itself: installing them is not needed there. */
const IN_DISTROLESS_CC = new Set(["libc6", "libgcc-s1", "libstdc++6", "libgomp1", "libssl3", "openssl", "ca-certificates", "tzdata", "netbase", "base-files"]);
/** The runtime packages distroless cc does not have (their libraries are gathered in the runtime-libs stage). */
const missingFromDistroless = (packages: readonly string[]) => packages.filter((p) => !IN_DISTROLESS_CC.has(p));

/** The stage of the slim base that installs the packages, takes the programs and stages the libraries they link. */
export function libsStage(base: string, runs: readonly string[], copies: readonly string[], dests: readonly string[]): string {
  const find = dests.map(shellQuoted).join(" ");
  const gather = [
    "set -eu",
    "mkdir -p /slimstage/libs",
    `find ${find} -type f -exec ldd {} \\; 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\\// { print $3 }' | sort -u > /tmp/libs`,
    `while read -r lib; do case "\${lib##*/}" in ${distrolessPatterns()}) continue ;; esac; case "$lib" in ${dests.map((d) => `${shellQuoted(d.replace(/\/+$/, ""))}/*`).join("|")}) continue ;; esac; dir="$(readlink -f "\${lib%/*}")"; mkdir -p "/slimstage/libs$dir"; cp -L "$lib" "/slimstage/libs$dir/"; done < /tmp/libs`,
  ];
  return [
    `# slimstage search: the libraries the program links, from the packages the final stage installed, for distroless`,
    `FROM ${base} AS ${LIBS_STAGE}`,
    ...runs,
    ...copies,
    `RUN ${gather.join("; \\\n    ")}`,
    "",
    "",
  ].join("\n");
}

/** A path as a shell word (single quotes when it needs them). */
const shellQuoted = (p: string) => (/^[\w@%+=:,./-]+$/.test(p) ? p : `'${p.replace(/'/g, `'\\''`)}'`);

/** The sonames distroless cc has already (glibc, libgcc, libstdc++, libgomp, OpenSSL 3), as shell case patterns. */
function distrolessPatterns(): string {
  return [
    "ld-linux*",
    ...["c", "m", "dl", "rt", "pthread", "resolv", "util", "anl", "nsl", "mvec", "BrokenLocale", "nss_*", "gcc_s", "stdc++", "gomp", "ssl", "crypto"].map(
      (n) => `lib${n}.so*`,
    ),
  ].join("|");
}

interface Shape {
  final: OutputStage;
  runs: OutputStage["body"];
}

/** The final stage when it fits: exec-form start without a script, and RUNs (if any) that only install library packages. */
function fits(text: string, runtimePackages: readonly string[]): Shape | undefined {
  const o = readOutput(text);
  const final = finalStage(o);
  if (!final || o.stages.length < 2) return undefined;
  const start = startCommands(final);
  // a shell form, or a script as the program, needs /bin/sh
  if (start.shell || start.words.length === 0 || /\.(sh|bash)$/.test(start.words[0]!)) return undefined;
  const runs = final.body.filter((l) => l.ins.kind === "RUN");
  if (runs.length === 0) return { final, runs };
  if (!runs.every((l) => l.ins.kind === "RUN" && onlyAptInstall(l.ins.node.original))) return undefined;
  if (runtimePackages.length === 0 || !missingFromDistroless(runtimePackages).every(isLibraryPackage)) return undefined;
  // the libraries stage takes the programs the final stage copies from the builder: absolute destinations only
  const copies = final.body.filter((l) => l.ins.kind === "COPY" && l.ins.from);
  if (copies.length === 0 || copies.some((l) => l.ins.kind === "COPY" && !l.ins.dest.startsWith("/"))) return undefined;
  return { final, runs };
}

/** distroless images set SSL_CERT_FILE; when the original image has none, that is the base's setting, not a change. */
export function distrolessEnvAllowed(input: VariantInput): Pick<Variant, "allowConfig"> {
  const env = input.facts.originalEnv;
  return env && !env.some((e) => e.startsWith("SSL_CERT_FILE=")) ? { allowConfig: ["ENV.SSL_CERT_FILE"] } : {};
}

export function runtimeBaseVariants(input: VariantInput): Variant[] {
  const { plan, dockerfile } = input.result;
  const target = distrolessSibling(plan.finalBase);
  if (!target || !COMPILED.has(plan.ecosystem)) return [];
  const shape = fits(dockerfile, plan.runtimePackages);
  if (!shape) return [];
  const dropsRuns = shape.runs.length > 0;
  const gathered = missingFromDistroless(plan.runtimePackages);
  const withLibs = dropsRuns && gathered.length > 0;
  return [
    {
      id: "final-base:distroless-cc",
      dimension: "final-base",
      ...distrolessEnvAllowed(input),
      summary: withLibs
        ? `FROM ${target} instead of ${plan.finalBase} (same Debian release, no shell), with only the library files of ${gathered.join(", ")} the program links (ldd in a ${plan.finalBase} stage)`
        : `FROM ${target} instead of ${plan.finalBase} (same Debian release, glibc and libstdc++, no shell)${dropsRuns ? `, which has ${plan.runtimePackages.join(", ")} already` : ""}`,
      apply: (text) => {
        const s = fits(text, plan.runtimePackages);
        if (!s || s.runs.length > 0 !== dropsRuns) return undefined;
        const o = readOutput(text);
        const f = finalStage(o)!;
        const edits: Edits = new Map();
        replaceFromImage(o, f, target, edits);
        if (withLibs) {
          const copies = f.body.filter((l) => l.ins.kind === "COPY" && l.ins.from);
          const raw = (i: number) => o.items[i]!.raw.replace(/\s+$/, "");
          const dests = copies.map((l) => (l.ins.kind === "COPY" ? l.ins.dest : "/"));
          const stage = libsStage(
            plan.finalBase,
            s.runs.map((l) => raw(l.index)),
            copies.map((l) => raw(l.index)),
            dests,
          );
          // before the final stage's own comments, so they stay with its FROM
          let at = f.from.index;
          while (at > 0 && o.items[at - 1]?.type === "comment") at--;
          edits.set(at, { ...(edits.get(at) ?? {}), before: stage + (edits.get(at)?.before ?? "") });
          const fromEdit = edits.get(f.from.index)!;
          edits.set(f.from.index, {
            ...fromEdit,
            after: `\n# slimstage search: the library files the program links\nCOPY --from=${LIBS_STAGE} /slimstage/libs/ /\n`,
          });
        }
        for (const l of s.runs) removeInstruction(o, edits, l.index);
        return printEdited(o, edits);
      },
    },
  ];
}
