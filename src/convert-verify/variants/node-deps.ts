// Node: production dependencies only. The converter prunes dev dependencies itself unless something the container
// runs at start seems to need one (a ts-node hook, a package script calling a dev tool); then it keeps them all.
// This variant prunes anyway, at the end of the builder, and verification tells whether the start really needed them.
// A second one removes what a build step leaves in the app directory as a cache (babel-loader's and others'
// node_modules/.cache, Next.js's .next/cache, an npm cache kept in the app): caches by name, but only verification
// proves that nothing reads them at run time.
import { block, edit, finalStage, printEdited, readOutput, stageNamed } from "./dockerfile-edit.js";
import type { Variant, VariantInput } from "./types.js";

const NPM_INSTALL = /\bnpm\s+(ci|install|i)\b/;
const PRUNED = /\bnpm\s+prune\b|--omit[= ]dev\b|--production\b|--only[= ]prod/;

/** The app directory (one of the artifacts) the final stage copies from a builder with a RUN that matches `ran`. */
function appCopiedAfter(text: string, builderName: string, artifacts: readonly string[], ran: RegExp): string | undefined {
  const out = readOutput(text);
  const builder = stageNamed(out, builderName);
  const final = finalStage(out);
  if (!builder || !final || builder === final) return undefined;
  if (!builder.body.some((l) => l.ins.kind === "RUN" && ran.test(l.ins.node.original))) return undefined;
  const norm = (p: string) => p.replace(/\/+$/, "");
  return artifacts
    .map(norm)
    .find((dir) => final.body.some((c) => c.ins.kind === "COPY" && c.ins.from === builderName && c.ins.sources.some((s) => norm(s) === dir)));
}

/** The app directory the final stage copies from the builder after an npm install that was not pruned. */
export function unprunedApp(text: string, builderName: string, artifacts: readonly string[]): string | undefined {
  return PRUNED.test(text) ? undefined : appCopiedAfter(text, builderName, artifacts, NPM_INSTALL);
}

export function nodeDepsVariants(input: VariantInput): Variant[] {
  const { plan, dockerfile } = input.result;
  if (plan.ecosystem !== "node") return [];
  const artifacts = plan.artifacts.map((a) => a.path);
  const app = unprunedApp(dockerfile, plan.builderName, artifacts);
  if (!app) return [];
  return [
    {
      id: "node-deps:production",
      dimension: "node-deps",
      summary: `production dependencies only: npm prune --omit=dev in ${app} before the copy (the converter kept the dev dependencies)`,
      apply: (text) => {
        if (unprunedApp(text, plan.builderName, artifacts) !== app) return undefined;
        const o = readOutput(text);
        const last = stageNamed(o, plan.builderName)!.body.at(-1);
        if (!last) return undefined;
        const run = `RUN cd ${app} && npm prune --omit=dev --no-audit --no-fund`;
        return printEdited(
          o,
          edit(new Map(), last.index, { after: `\n${block("the container may not need the dev dependencies at start", [run])}`.replace(/\n\n$/, "\n") }),
        );
      },
    },
  ];
}

/** A build script run in the builder (where build caches come from). */
const BUILD_SCRIPT = /\b(?:npm|pnpm)\s+run(?:-script)?\s+\S|\byarn\s+(?:run\s+)?build\b|\bnext\s+build\b/;
/** Build caches inside an app directory (never .yarn/cache: with Plug'n'Play it is the dependencies). */
export const BUILD_CACHES = ["node_modules/.cache", ".next/cache", ".npm"] as const;

/** The app directory the final stage copies from a builder that ran a build script. */
export function builtApp(text: string, builderName: string, artifacts: readonly string[]): string | undefined {
  return appCopiedAfter(text, builderName, artifacts, BUILD_SCRIPT);
}

export function nodeCacheVariants(input: VariantInput): Variant[] {
  const { plan, dockerfile } = input.result;
  if (plan.ecosystem !== "node") return [];
  const artifacts = plan.artifacts.map((a) => a.path);
  const app = builtApp(dockerfile, plan.builderName, artifacts);
  if (!app) return [];
  const run = `RUN cd ${app} && rm -rf ${BUILD_CACHES.join(" ")}`;
  return [
    {
      id: "node-cache:dropped",
      dimension: "node-cache",
      summary: `the build's caches in ${app} (${BUILD_CACHES.join(", ")}) removed at the end of the builder`,
      apply: (text) => {
        if (builtApp(text, plan.builderName, artifacts) !== app || text.includes(run)) return undefined;
        const o = readOutput(text);
        const last = stageNamed(o, plan.builderName)!.body.at(-1);
        if (!last) return undefined;
        return printEdited(o, edit(new Map(), last.index, { after: `\n${block("caches the build left in the app directory", [run])}`.replace(/\n\n$/, "\n") }));
      },
    },
  ];
}
