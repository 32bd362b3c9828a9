// Go: `CGO_ENABLED=0` in the builder and a static final base (distroless static, or scratch with the CA
// certificates and time zone data the original image had), when no Go source of the build context imports "C"
// and the Dockerfile does not ask for cgo. The converter cannot know this without reading every source (net and
// os/user use cgo by default, so it keeps glibc); the search reads the sources and lets verification decide.
import { block, edit, finalStage, printEdited, readOutput, replaceFromImage, stageNamed, type Edits, type ParsedOutput } from "./dockerfile-edit.js";
import { distrolessEnvAllowed } from "./runtime-base.js";
import type { Variant, VariantInput } from "./types.js";

const GO_BUILD = /\bgo\s+(build|install)\b/;
/** The Dockerfile itself asks for cgo (ENV or an inline assignment). */
const ASKS_FOR_CGO = /\bCGO_ENABLED\s*=\s*["']?1\b|\bCGO_ENABLED\s+["']?1\b/;

export const STATIC_BASE = "gcr.io/distroless/static-debian12";

/** Files a static program may read that a scratch image lacks, by the Debian package that provides them. */
const SCRATCH_FILES: ReadonlyArray<{ pkg: string; path: string; dest: string }> = [
  { pkg: "ca-certificates", path: "/etc/ssl/certs/ca-certificates.crt", dest: "/etc/ssl/certs/ca-certificates.crt" },
  { pkg: "tzdata", path: "/usr/share/zoneinfo", dest: "/usr/share/zoneinfo" },
];

/** Inserts `ENV CGO_ENABLED=0` before the builder's first go build/install, unless the plan already builds static. */
function disableCgo(out: ParsedOutput, builderName: string, edits: Edits): boolean {
  const builder = stageNamed(out, builderName);
  const run = builder?.body.find((l) => l.ins.kind === "RUN" && GO_BUILD.test(l.ins.node.original));
  if (!run) return false;
  edit(edits, run.index, { before: block('no Go source of the build context imports "C": a static binary needs no libc', ["ENV CGO_ENABLED=0"]) });
  return true;
}

export function goStaticVariants(input: VariantInput): Variant[] {
  const { result, facts, originalText } = input;
  const plan = result.plan;
  if (plan.ecosystem !== "go" || !facts.goSourcesRead || facts.cgoFiles.length > 0 || ASKS_FOR_CGO.test(originalText)) return [];
  // the converter put a Debian image there because the final stage runs a shell or installs packages
  if (!plan.finalBase.includes("distroless")) return [];
  const out = readOutput(result.dockerfile);
  const final = finalStage(out);
  if (!final || final.body.some((l) => l.ins.kind === "RUN")) return [];
  const needsCgoOff = !plan.finalBase.includes("/static");
  const user = final.body.filter((l) => l.ins.kind === "USER").at(-1);
  const namedUser = user?.ins.kind === "USER" && !/^\d+(:\d+)?$/.test(user.ins.user);
  const rewrite = (image: string, extra: (o: ParsedOutput, e: Edits) => void) => (text: string) => {
    const o = readOutput(text);
    const f = finalStage(o);
    if (!f || o.stages.length < 2) return undefined;
    const e: Edits = new Map();
    if (needsCgoOff && !disableCgo(o, plan.builderName, e)) return undefined;
    replaceFromImage(o, f, image, e);
    extra(o, e);
    return printEdited(o, e);
  };
  const variants: Variant[] = [];
  // scratch has no /etc/passwd: a USER given by name would not resolve
  if (!namedUser) {
    const files = SCRATCH_FILES.filter((f) => facts.originalPackages?.has(f.pkg));
    const kept = files.map((f) => f.pkg);
    variants.push({
      id: "final-base:scratch",
      dimension: "final-base",
      summary: `${needsCgoOff ? "CGO_ENABLED=0 and " : ""}FROM scratch${kept.length ? `, with ${kept.join(" and ")} files from the builder (the original had them)` : ""}`,
      apply: rewrite("scratch", (o, e) => {
        const f = finalStage(o)!;
        if (files.length)
          edit(e, f.from.index, {
            after: `\n${block(
              `${kept.join(" and ")} of the original image`,
              files.map((x) => `COPY --from=${plan.builderName} ${x.path} ${x.dest}`),
            )}`.replace(/\n\n$/, "\n"),
          });
      }),
    });
  }
  if (needsCgoOff)
    variants.push({
      id: "final-base:distroless-static",
      dimension: "final-base",
      ...distrolessEnvAllowed(input),
      summary: `CGO_ENABLED=0 and FROM ${STATIC_BASE} (no Go source imports "C")`,
      apply: rewrite(STATIC_BASE, () => {}),
    });
  return variants;
}
