// Ruby / Bundler. The builder runs the original `bundle install` (and `gem install`, `gem build`, asset
// precompilation) on the full ruby image, with its compilers and -dev packages; the final stage on ruby:X-slim
// (same release, chosen by final-base.ts from the knowledge's counterpart) gets:
// - GEM_HOME (/usr/local/bundle in the official images): the installed gems, their binstubs and, as
//   BUNDLE_APP_CONFIG, bundler's settings (`bundle config set --local without …`, deployment, path);
// - the install path bundler was told (BUNDLE_PATH, `bundle config set path`, --path, --deployment's
//   vendor/bundle) when it lies outside GEM_HOME: inside the app directory it comes with the app directory;
// - the app directory itself, from the builder, when a build step wrote into it (vendor/bundle, a rake/rails
//   task such as assets:precompile writing public/assets);
// - ~/.bundle when `bundle config` wrote the user's (global) settings.
// Groups left out (BUNDLE_WITHOUT, --without, `bundle config set without`) stay left out: bundler did not install
// them, and the setting reaches the final stage with the ENV or the carried config, so `bundle exec` at start does
// not look for them. Bundler itself ships with ruby-slim (a default gem). Runtime libraries of native gems come
// from ruby-native.ts (through native-deps.ts).
import { posix } from "node:path";
import { RUBY_GEM_HOME, bundlerGroups } from "../../analyze/recognizers/bundler.js";
import type { RubyDepsFact, RubyRunFact } from "../../analyze/ruby-facts.js";
import type { Step } from "../../model/stages.js";
import { appDirCopied, empty } from "./shared.js";
import type { EcosystemInput, EcosystemPlan, EcosystemStrategy } from "./types.js";
import { traceStart } from "../start-programs.js";
import { linesText } from "../text.js";

type RubyFact = RubyDepsFact | RubyRunFact;
interface At<F extends RubyFact = RubyFact> {
  fact: F;
  step: number;
  line: number;
  /** The directory the command ran in. */
  cwd: string;
}

/** The Ruby facts of the stage, with the directory each command ran in (after any `cd`). */
function rubyFacts(input: EcosystemInput): At[] {
  return input.stage.runs.flatMap((r) =>
    r.facts.flatMap((f) => {
      const v = f.value;
      if (v.kind !== "ruby-deps" && v.kind !== "ruby-run") return [];
      const cmd = r.scripts.flatMap((s) => s.commands).find((c) => c.index === v.command && c.range.start.offset === v.range.start.offset);
      const workdir = input.steps[r.step]?.workdir ?? "/";
      const cwd = cmd?.cwd === undefined ? workdir : cmd.cwd.startsWith("/") ? cmd.cwd : posix.join(workdir, cmd.cwd);
      return [{ fact: v, step: r.step, line: f.at.line, cwd }];
    }),
  );
}

const INSTALL_OPS = new Set(["install", "update", "cache", "build"]);
const inside = (path: string, dir: string): boolean => path === dir || path.startsWith(dir === "/" ? "/" : `${dir}/`);
const lastOf = <T>(xs: T[]): T | undefined => xs[xs.length - 1];

/** The user a step runs as (the last USER before it); undefined for root. */
function userAt(steps: readonly Step[], index: number): string | undefined {
  let user: string | undefined;
  for (let i = 0; i < index; i++) {
    const s = steps[i] as Step;
    if (s.instruction.kind === "USER") user = s.expanded.user;
  }
  return user && !/^(root|0)(:.*)?$/.test(user) ? user : undefined;
}

/** Commands at start that compile a gem's C extension (or install gems, which may): the final stage has no compiler. */
function compilesAtStart(argv: string[]): boolean {
  const name = posix.basename(argv[0] ?? "");
  const words = argv.slice(1).filter((a) => !a.startsWith("-"));
  if (/^ruby[0-9.]*$/.test(name))
    return (
      words.some((w) => /(^|\/)extconf\.rb$/.test(w)) ||
      (/(^|\/)bin\/(rake|rails)$/.test(words[0] ?? "") && words.slice(1).some((w) => /^(compile|native)(:|$)/.test(w)))
    );
  if (name === "rake") return words.some((w) => /^(compile|native)(:|$)/.test(w));
  return false;
}

function planRuby(input: EcosystemInput): EcosystemPlan {
  const plan = empty("ruby");
  const { stage, steps } = input;
  const facts = rubyFacts(input);
  const deps = facts.filter((f): f is At<RubyDepsFact> => f.fact.kind === "ruby-deps" && INSTALL_OPS.has(f.fact.op));
  const configs = facts.filter((f): f is At<RubyDepsFact> => f.fact.kind === "ruby-deps" && f.fact.op === "config");
  const runs = facts.filter((f): f is At<RubyRunFact> => f.fact.kind === "ruby-run");
  const info = stage.baseInfo;
  const first = facts[0];
  if (info?.language !== "ruby") {
    if (first) {
      plan.declines.push({
        id: "ruby-distro-ruby",
        lines: [first.line],
        reason: `line ${first.line}: Ruby comes from ${stage.baseName}'s own packages, not an official ruby image, so gems go where the distribution puts them (/var/lib/gems, /usr/local/bin) and there is no ruby -slim counterpart to run them`,
        hint: "build FROM ruby:<version> (its -slim counterpart runs the app), or convert by hand",
      });
    }
    return plan;
  }
  if (deps.length === 0 && runs.length === 0) {
    plan.declines.push({
      id: "ruby-nothing-built",
      lines: configs.map((c) => c.line),
      reason:
        "nothing is built for this Ruby app (no `bundle install`, `gem install` or rake/rails task), so a builder stage would leave nothing behind: the split would only change the base image",
      hint: "if the app needs nothing the full base provides, change its FROM line to the -slim image yourself",
    });
    return plan;
  }
  // a container that compiles a gem's extension when it starts needs the compiler the final stage leaves out
  for (const c of traceStart(steps, stage, input.context).commands) {
    if (!compilesAtStart(c.argv)) continue;
    plan.declines.push({
      id: "ruby-compiles-at-start",
      lines: [c.line],
      reason: `line ${c.line}: the container compiles a C extension when it starts (${c.argv.slice(0, 3).join(" ")}${c.via.length ? `, via ${c.via.join(" → ")}` : ""}), so it needs the compiler and -dev packages of ${stage.baseName} at run time`,
      hint: "compile the extension in a RUN step (gem install, bundle install or rake compile), then convert",
    });
    return plan;
  }

  const env = stage.runtime.env;
  const gemHome = env.GEM_HOME ?? RUBY_GEM_HOME;
  // the official images set BUNDLE_APP_CONFIG=$GEM_HOME: `bundle config --local` writes there, not to ./.bundle
  const appConfig = env.BUNDLE_APP_CONFIG ?? gemHome;
  const all = [...deps, ...configs, ...runs].sort((a, b) => a.step - b.step);
  const last = lastOf(all)!;
  const bundles = [...deps.filter((d) => d.fact.tool === "bundle"), ...runs.filter((r) => r.fact.bundled)];
  const appDir = lastOf(bundles)?.cwd ?? steps[last.step]?.workdir ?? "/";
  const deployment = [...configs, ...deps].some((f) => f.fact.deployment) || /^(1|true)$/i.test(env.BUNDLE_DEPLOYMENT ?? "");
  const statedPath = lastOf(
    [...configs, ...deps.filter((d) => d.fact.tool === "bundle")].filter((f) => f.fact.path !== undefined).sort((a, b) => a.step - b.step),
  )?.fact.path;
  const bundlePath = statedPath ?? (deployment ? posix.join(appDir, "vendor/bundle") : undefined);
  const localConfig = configs.some((c) => c.fact.config?.scope === "local");
  const user = userAt(steps, last.step);

  // 1. GEM_HOME: the gems, their executables, and bundler's settings
  const gemLines = [...deps, ...configs].map((d) => d.line);
  if (gemLines.length) {
    plan.artifacts.push({
      after: last.step,
      artifact: {
        path: gemHome,
        dest: gemHome,
        why: `the installed gems, their executables and bundler's settings (GEM_HOME${appConfig === gemHome ? " and BUNDLE_APP_CONFIG" : ""})`,
        lines: [...new Set(gemLines)],
      },
    });
    plan.decisions.push({
      kind: "artifact",
      lines: [...new Set(gemLines)],
      message: `${linesText([...new Set(gemLines)])}: gems are installed (and native extensions compiled) in the builder; the final stage copies ${gemHome}, where they live with their executables${appConfig === gemHome ? " and bundler's settings" : ""}`,
    });
  }
  // 2. an install path of its own, outside GEM_HOME and the app directory
  if (bundlePath && (bundlePath === "/" || bundlePath.includes("$"))) {
    plan.declines.push({
      id: "ruby-bundle-path-unknown",
      lines: gemLines,
      reason: `${linesText(gemLines)}: bundler installs into ${bundlePath}, which slimstage cannot name as a path to copy`,
      hint: "set BUNDLE_PATH to a literal directory of its own (e.g. /usr/local/bundle or vendor/bundle), or pass the variable with --build-arg",
    });
    return plan;
  }
  if (bundlePath && !inside(bundlePath, gemHome) && !inside(bundlePath, appDir)) {
    plan.artifacts.push({
      after: last.step,
      artifact: { path: bundlePath, dest: bundlePath, why: "the gems bundler installs into its path (BUNDLE_PATH / bundle config set path)", lines: gemLines },
    });
    plan.decisions.push({
      kind: "artifact",
      lines: gemLines,
      message: `${linesText(gemLines)}: bundler installs into ${bundlePath}, which the final stage copies from the builder`,
    });
  }
  // 3. the app directory, when a build step wrote into it
  const writers: string[] = [];
  if (bundlePath && inside(bundlePath, appDir)) writers.push(`the gems in ${posix.relative(appDir, bundlePath) || "."}`);
  // `bundle config --local` writes to BUNDLE_APP_CONFIG: with GEM_HOME (above), in the app, or a directory of its own
  if (localConfig && !inside(appConfig, gemHome)) {
    if (inside(appConfig, appDir)) writers.push(`bundler's settings in ${posix.relative(appDir, appConfig)}`);
    else if (!plan.artifacts.some((a) => inside(appConfig, a.artifact.path))) {
      const lines = configs.filter((c) => c.fact.config?.scope === "local").map((c) => c.line);
      plan.artifacts.push({ after: last.step, artifact: { path: appConfig, dest: appConfig, why: "bundler's settings (BUNDLE_APP_CONFIG)", lines } });
      plan.decisions.push({
        kind: "artifact",
        lines,
        message: `${linesText(lines)}: \`bundle config --local\` writes ${appConfig}/config (BUNDLE_APP_CONFIG), which the final stage copies`,
      });
    }
  }
  const precompiles = runs.filter((r) => r.fact.tasks.some((t) => /^assets:precompile$|^webpacker:compile$|^javascript:build$|^css:build$/.test(t)));
  // a Rails app's JavaScript (yarn install, npm run build) next to the gems: node_modules and its output
  const nodeSteps = stage.runs.filter(
    (r) =>
      r.facts.some((f) => (f.value.kind === "node-deps" && !f.value.global) || f.value.kind === "node-run") && inside(steps[r.step]?.workdir ?? "/", appDir),
  );
  if (nodeSteps.length) writers.push("the Node packages and build output (node_modules)");
  if (runs.length)
    writers.push(
      precompiles.length
        ? "the precompiled assets (public/assets)"
        : `what ${runs.map((r) => `\`${r.fact.tool === "bundle-exec" ? "bundle exec" : r.fact.tool} ${r.fact.tasks.join(" ")}\``).join(", ")} writes`,
    );
  if (writers.length) {
    if (appDir === "/") {
      plan.declines.push({
        id: "ruby-app-in-root",
        lines: [last.line],
        reason: `line ${last.line}: the Ruby app is built in / (no WORKDIR), so the directory that holds ${writers.join(" and ")} cannot be copied on its own`,
        hint: "set a WORKDIR for the app, e.g. WORKDIR /app",
      });
      return plan;
    }
    const { chown } = appDirCopied(input, plan, appDir, last.step);
    const lines = [...new Set([...bundles, ...runs].map((r) => r.line).concat(nodeSteps.map((r) => r.line)))].sort((a, b) => a - b);
    plan.artifacts.push({
      after: last.step,
      artifact: { path: appDir, dest: appDir, why: `the app with ${writers.join(" and ")}`, lines, ...(chown ? { chown } : {}) },
    });
    plan.decisions.push({
      kind: "artifact",
      lines,
      message: `${linesText(lines)}: the final stage copies ${appDir} from the builder, with ${writers.join(" and ")}`,
    });
  }
  // 4. the user's own bundler settings (`bundle config set KEY VALUE` without --local writes ~/.bundle/config)
  const globals = configs.filter((c) => c.fact.config?.scope === "global" && env.BUNDLE_USER_CONFIG === undefined && env.BUNDLE_USER_HOME === undefined);
  if (globals.length) {
    const home = user ? undefined : (env.HOME ?? "/root");
    if (!home) {
      plan.declines.push({
        id: "ruby-user-bundle-config",
        lines: globals.map((g) => g.line),
        reason: `${linesText(globals.map((g) => g.line))}: \`bundle config\` writes the settings of user ${user}, whose home slimstage does not know`,
        hint: "use `bundle config set --local` (or ENV BUNDLE_…), then convert",
      });
      return plan;
    }
    const dir = posix.join(home, ".bundle");
    plan.artifacts.push({
      after: last.step,
      artifact: { path: dir, dest: dir, why: "bundler's user settings (bundle config)", lines: globals.map((g) => g.line) },
    });
    plan.decisions.push({
      kind: "artifact",
      lines: globals.map((g) => g.line),
      message: `${linesText(globals.map((g) => g.line))}: \`bundle config\` writes ${dir}/config, which the final stage copies so that \`bundle exec\` reads the same settings`,
    });
  }

  // what bundler leaves out, and how the final stage keeps leaving it out
  const without = [...new Set([...deps, ...configs].flatMap((f) => f.fact.without).concat(bundlerGroups(env.BUNDLE_WITHOUT)))];
  const bundleLines = [...deps.filter((d) => d.fact.tool === "bundle"), ...configs].map((d) => d.line);
  if (without.length) {
    const via =
      env.BUNDLE_WITHOUT !== undefined
        ? "ENV BUNDLE_WITHOUT (kept in the final stage) tells"
        : `bundler's settings in ${appConfig} (copied into the final stage) tell`;
    plan.decisions.push({
      kind: "note",
      lines: bundleLines,
      message: `${linesText(bundleLines)}: the Gemfile groups ${without.join(", ")} are left out: bundler does not install them in the builder, and ${via} \`bundle exec\` not to look for them`,
    });
  } else if (bundleLines.length) {
    plan.decisions.push({
      kind: "note",
      lines: bundleLines,
      message: `${linesText(bundleLines)}: every Gemfile group is installed (nothing sets BUNDLE_WITHOUT or \`bundle config set without\`), as in the original; \`ENV BUNDLE_WITHOUT=development:test\` before the install would leave the development gems out`,
    });
  }
  for (const r of precompiles) {
    plan.decisions.push({
      kind: "build-only",
      lines: [r.line],
      message: `line ${r.line}: ${r.fact.tasks.join(" ")} runs in the builder, where ${stage.baseName}'s tools are; its output (public/assets) reaches the final stage with ${appDir}`,
    });
  }
  const startsBundled = traceStart(steps, stage, input.context).commands.some((c) => /^bundler?$/.test(posix.basename(c.argv[0] ?? "")));
  if (startsBundled)
    plan.decisions.push({
      kind: "runtime",
      lines: [],
      message:
        `the container starts through \`bundle exec\`: bundler is a default gem of Ruby ${info.languageVersion ?? ""} and ships with ${info.runtimeCounterpart ?? "the slim image"}`.replace(
          "  ",
          " ",
        ),
    });
  plan.removes.push(`${stage.baseName}'s compilers and -dev packages`);
  return plan;
}

/**
 * Ruby / Bundler: gems (GEM_HOME, vendor/bundle, BUNDLE_PATH) and what build tasks write into the app (precompiled
 * assets) cross to the ruby -slim image of the same release. A ruby image is Ruby's even when it also runs yarn
 * (a Rails app's JavaScript); Ruby's facts pick only an image of no known language, so a Node or Python image that
 * installs gems stays its own ecosystem's (and `inOtherImage` declines the gems).
 */
export const ruby: EcosystemStrategy<"ruby"> = {
  id: "ruby",
  factKinds: ["ruby-deps", "ruby-run"],
  languages: ["ruby"],
  compiled: false,
  interpreted: true,
  cachesAreGain: true,
  picks: (kinds, language) => language === "ruby" || (language === undefined && (kinds.has("ruby-deps") || kinds.has("ruby-run"))),
  needsLibc: () => true,
  plan: (input) => planRuby(input),
  inOtherImage: ({ fact: { value: f, at }, eco }) => {
    if (f.kind === "ruby-deps" && (f.op === "build" || f.op === "install")) {
      eco.declines.push({
        lines: [at.line],
        id: "foreign-build",
        reason: `line ${at.line}: a ${f.kind} build in a ${eco.ecosystem} image is not carried over`,
        hint: "build it in a stage of its own, or convert by hand",
      });
    }
  },
};
