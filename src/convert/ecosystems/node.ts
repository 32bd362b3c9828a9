// Node: dependencies are installed and the app built in the builder, dev dependencies dropped (npm prune, pnpm
// prune, yarn --production), and the app directory (sources, build output, production node_modules) copied whole.
import type { Fact } from "../../analyze/facts.js";
import { linesText } from "../text.js";
import { globalLocalPackages } from "./node-global-local.js";
import { appDirCopied, empty, entryProgram, type FactAt, factsOf, lastOf } from "./shared.js";
import type { EcosystemInput, EcosystemPlan, EcosystemStrategy } from "./types.js";

export const node: EcosystemStrategy<"node"> = {
  id: "node",
  factKinds: ["node-deps", "node-run"],
  languages: ["node"],
  compiled: false,
  interpreted: true,
  interpreter: /^node$/,
  runtimePrograms: /^(node|nodejs|npm|npx|corepack|yarn|yarnpkg)$/,
  cachesAreGain: true,
  keepsStartDevDependencies: true,
  needsLibc: () => true,
  plan: (input) => planNode(input),
};

function planNode(input: EcosystemInput): EcosystemPlan {
  const plan = empty("node");
  const facts = factsOf(input);
  const deps = facts.filter((f): f is FactAt & { fact: Extract<Fact, { kind: "node-deps" }> } => f.fact.kind === "node-deps");
  const local = deps.filter((d) => !d.fact.global);
  const runs = facts.filter((f) => f.fact.kind === "node-run");
  const all = [...local, ...runs].sort((a, b) => a.step - b.step);
  const last = lastOf(all);
  const globalOnly = deps.filter((d) => d.fact.global);
  // `npm install -g .`: the app's own package, installed globally and run by its bin name (node-global-local.ts)
  const globalLocal = globalLocalPackages(globalOnly, input.steps, input.context);
  for (const gl of globalLocal) {
    plan.artifacts.push({
      after: gl.at.step,
      artifact: { path: gl.path, dest: gl.path, why: `the package \`npm install -g\` installed`, lines: [gl.at.line] },
      ...(gl.links.length ? { fixups: [`RUN ${gl.links.map((l) => `ln -s ${l.target} ${l.path}`).join(" && ")}`] } : {}),
    });
    plan.decisions.push({
      kind: "artifact",
      lines: [gl.at.line],
      message: `line ${gl.at.line}: \`npm install -g\` installs the app's own package ${gl.name} into ${gl.path}; the final stage copies it${gl.links.length ? ` and links its bin${gl.links.length > 1 ? "s" : ""} ${gl.links.map((l) => l.path).join(", ")} again (COPY would follow the links)` : ""}`,
    });
  }
  if (local.length === 0 && globalOnly.length > 0 && globalOnly.every((g) => globalLocal.some((gl) => gl.at === g))) return plan;
  if (local.length === 0 && globalOnly.length > 0) {
    const g = globalOnly[0]!;
    plan.declines.push({
      lines: [g.line],
      id: "npm-global-tools",
      reason: `line ${g.line}: the image's tools are npm packages installed globally, which slimstage does not carry over yet`,
      hint: "keep this image single-stage, or copy /usr/local/lib/node_modules and the bin links by hand",
    });
    return plan;
  }
  if (!last || local.length === 0) {
    plan.decisions.push({ kind: "note", lines: [], message: "no Node dependency install: nothing to carry over besides the app files" });
    return plan;
  }
  const appDir = input.steps[last.step]?.workdir ?? "/";
  if (appDir === "/") {
    plan.declines.push({
      lines: [last.line],
      id: "node-app-in-root",
      reason: `line ${last.line}: the Node app is built in / (no WORKDIR)`,
      hint: "set a WORKDIR for the app, e.g. WORKDIR /app",
    });
    return plan;
  }
  const globals = deps.filter((d) => d.fact.global && !globalLocal.some((gl) => gl.at === d));
  const entry = entryProgram(input.steps);
  const globalNames = globals.flatMap((g) => g.fact.packages.map((p) => p.name.replace(/@[^@/]*$/, "")));
  // a bin is named after its package, often with a suffix (pm2 → pm2-runtime, pm2-docker)
  const binOf = (n: string, program: string) => {
    const bare = n.replace(/^@[^/]+\//, "");
    return program === bare || program.startsWith(`${bare}-`);
  };
  const startedGlobal = entry && globals.find((g) => g.fact.packages.some((p) => binOf(p.name.replace(/@[^@/]*$/, ""), entry.program)));
  if (entry && startedGlobal) {
    const pkg = startedGlobal.fact.packages.map((p) => p.name.replace(/@[^@/]*$/, "")).find((n) => binOf(n, entry.program));
    plan.declines.push({
      lines: [entry.line],
      id: "npm-global-start",
      reason: `line ${entry.line}: the container runs ${entry.program}${pkg !== entry.program ? ` (a bin of ${pkg})` : ""}, a package installed globally with ${startedGlobal.fact.tool} (line ${startedGlobal.line}), which slimstage does not carry over yet`,
      hint: "install it as a dependency of the app (and run it from node_modules/.bin), then convert",
    });
    return plan;
  }
  if (globals.length) plan.removes.push(`the globally installed ${globalNames.join(", ")}`);
  const tool = local[0]!.fact.tool;
  const variant = local[0]!.fact.variant;
  let prodOnly = local.every((d) => d.fact.omitDev);
  const usedDev = input.startDevDependencies ?? [];
  if (!prodOnly && usedDev.length) {
    prodOnly = true; // nothing to prune: the app needs them
    plan.decisions.push({
      kind: "runtime",
      lines: [],
      message: `the container starts with dev dependencies (${usedDev.join(", ")}), so node_modules is copied with them`,
    });
  } else if (!prodOnly && !input.context?.read("package.json")) {
    plan.decisions.push({
      kind: "warning",
      lines: [],
      message:
        "package.json was not readable (no --context): if the container needs a dev dependency when it starts, the pruned node_modules will lack it — verify the result",
    });
  }
  if (!prodOnly) {
    const prune =
      tool === "npm"
        ? "RUN npm prune --omit=dev"
        : tool === "pnpm"
          ? "RUN pnpm prune --prod"
          : variant === "berry"
            ? undefined
            : "RUN yarn install --production --frozen-lockfile --ignore-scripts --prefer-offline";
    if (!prune) {
      plan.declines.push({
        lines: [last.line],
        id: "yarn-berry-dev-deps",
        reason: `line ${last.line}: Yarn 2+ has no built-in way to drop dev dependencies`,
        hint: "use `yarn workspaces focus --production` in your Dockerfile, or pass --runtime-base and prune yourself",
      });
      return plan;
    }
    plan.builderAppends.push({
      after: last.step,
      lines: [[prune]],
      comment: "slimstage: drop dev dependencies before node_modules is copied into the final stage",
    });
    plan.removes.push("dev dependencies");
  }
  // the original's own --chown on what it copied into the app dir, if any (never one of our own); the app dir copy
  // replaces earlier COPYs into it
  const user = appDirCopied(input, plan, appDir, last.step).chown;
  plan.artifacts.push({
    after: last.step,
    artifact: {
      path: appDir,
      dest: appDir,
      why: "the app with its production node_modules and build output",
      lines: all.map((a) => a.line),
      ...(user ? { chown: user } : {}),
    },
  });
  plan.decisions.push({
    kind: "artifact",
    lines: all.map((a) => a.line),
    message: `${linesText(all.map((a) => a.line))}: ${tool} installs and builds in the builder${prodOnly ? "" : ", which then drops dev dependencies"}; the final stage copies ${appDir} (sources, build output, ${usedDev.length ? "node_modules with the dev dependencies it starts with" : "production node_modules"})`,
  });
  return plan;
}
