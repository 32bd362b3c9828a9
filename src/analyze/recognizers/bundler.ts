// Ruby: `bundle install` (--without, --path, --deployment, --local, BUNDLE_* settings), `bundle config`,
// `gem install`/`gem build`, and tasks run through the bundle or Rails' binstubs (`bundle exec rake
// assets:precompile`, `bin/rails assets:precompile`, `rake db:migrate`).
import { parseArgs } from "../args.js";
import type { Fact } from "../facts.js";
import { base, dynamicValues, home, packageSpec, programName, resolvePath, type RecognizeContext, type Recognizer } from "../recognizer.js";
import type { RubyDepsFact, RubyRunFact } from "../ruby-facts.js";
import type { ShellCommand } from "../../shell/script.js";

/** Where gems go when nothing else says: GEM_HOME, which the official ruby images set to /usr/local/bundle. */
export const RUBY_GEM_HOME = "/usr/local/bundle";

const BUNDLE_VALUES = [
  "--path",
  "--gemfile",
  "--jobs",
  "-j",
  "--retry",
  "--binstubs",
  "--shebang",
  "--trust-policy",
  "--with",
  "--standalone",
  "--target-rbconfig",
];
/** `gem install` options that take a value (the words after them are no gem names); lint's gem rules read them too. */
export const GEM_VALUE_OPTIONS = [
  "-v",
  "--version",
  "-i",
  "--install-dir",
  "-n",
  "--bindir",
  "--platform",
  "-s",
  "--source",
  "-g",
  "--file",
  "--build-root",
  "-P",
  "--trust-policy",
  "--document",
  "--target-rbconfig",
];

/** Groups as bundler reads them: "development:test", "development test", "development, test". */
export function bundlerGroups(value: string | undefined): string[] {
  return (value ?? "").split(/[\s:,]+/).filter(Boolean);
}

/** A path as the command sees it; one still holding a variable stays as written (it names no directory yet). */
const placed = (p: string, ctx: RecognizeContext): string => (p.includes("$") ? p : resolvePath(p, ctx.cwd));

const truthy = (v: string | undefined): boolean => v !== undefined && /^(1|true|yes)$/i.test(v.trim());

function bundleDeps(cmd: ShellCommand, ctx: RecognizeContext, args: string[]): RubyDepsFact | undefined {
  const parsed = parseArgs(args, { values: BUNDLE_VALUES });
  const [sub = "install", ...rest] = parsed.positionals;
  if (sub === "config") return bundleConfig(cmd, ctx, args.slice(args.indexOf("config") + 1));
  if (!["install", "update", "cache", "package", "pack", "clean", "lock", "binstubs"].includes(sub)) return undefined;
  // `--without development test`: thor reads the words after --without up to the next option
  const withoutAt = args.indexOf("--without");
  const withoutWords: string[] = [];
  if (withoutAt >= 0) for (let i = withoutAt + 1; i < args.length && !args[i]!.startsWith("-"); i++) withoutWords.push(args[i]!);
  const withoutEq = args.find((a) => a.startsWith("--without="))?.slice("--without=".length);
  const without = [...bundlerGroups(withoutWords.join(" ")), ...bundlerGroups(withoutEq), ...bundlerGroups(ctx.env.BUNDLE_WITHOUT)];
  const deployment = parsed.has("--deployment", "--frozen") || truthy(ctx.env.BUNDLE_DEPLOYMENT) || truthy(ctx.env.BUNDLE_FROZEN);
  const stated = parsed.get("--path") ?? ctx.env.BUNDLE_PATH ?? (parsed.has("--deployment") || truthy(ctx.env.BUNDLE_DEPLOYMENT) ? "vendor/bundle" : undefined);
  const path = stated !== undefined ? placed(stated, ctx) : undefined;
  const installs = sub === "install" || sub === "update" || sub === "cache" || sub === "package" || sub === "pack";
  const outputs = installs ? [path ?? ctx.env.GEM_HOME ?? RUBY_GEM_HOME] : [];
  const dynamic = dynamicValues(cmd);
  const positional = withoutWords.length ? rest.filter((r) => !withoutWords.includes(r)) : rest;
  return {
    ...base("bundler", cmd, installs && !parsed.has("--local"), outputs),
    kind: "ruby-deps",
    tool: "bundle",
    op: sub === "package" || sub === "pack" ? "cache" : sub,
    gems: sub === "update" ? positional.map((g) => packageSpec(g, "npm", dynamic.has(g))) : [],
    localGems: [],
    without: [...new Set(without)],
    ...(path !== undefined ? { path } : {}),
    deployment,
    local: parsed.has("--local", "--prefer-local"),
  };
}

/** `bundle config set --local without "development test"`, `bundle config --global path /gems`, `bundle config KEY VALUE`. */
function bundleConfig(cmd: ShellCommand, ctx: RecognizeContext, args: string[]): RubyDepsFact | undefined {
  let words = args;
  if (words[0] === "set") words = words.slice(1);
  else if (words[0] === "get" || words[0] === "list" || words[0] === "unset" || words.length === 0) return undefined;
  const scope: "local" | "global" = words.includes("--local") ? "local" : "global";
  const positional = words.filter((w) => w !== "--local" && w !== "--global");
  const [key, ...value] = positional;
  if (!key || value.length === 0) return undefined;
  const text = value.join(" ");
  const name = key.toLowerCase().replace(/^bundle_/, "");
  const without = name === "without" ? bundlerGroups(text) : [];
  const path = name === "path" ? placed(text, ctx) : undefined;
  return {
    ...base("bundler", cmd),
    kind: "ruby-deps",
    tool: "bundle",
    op: "config",
    gems: [],
    localGems: [],
    without,
    ...(path !== undefined ? { path } : {}),
    deployment: (name === "deployment" || name === "frozen") && truthy(text),
    local: false,
    config: { key: name, value: text, scope },
  };
}

function gemCommand(cmd: ShellCommand, ctx: RecognizeContext): RubyDepsFact | undefined {
  const parsed = parseArgs(cmd.argv.slice(1), { values: GEM_VALUE_OPTIONS });
  const [sub, ...rest] = parsed.positionals;
  if (sub === "build") {
    const spec = rest.find((r) => r.endsWith(".gemspec"));
    return {
      ...base("gem", cmd, false, []),
      kind: "ruby-deps",
      tool: "gem",
      op: "build",
      gems: [],
      localGems: [],
      ...(spec ? { gemspec: resolvePath(spec, ctx.cwd) } : {}),
      without: [],
      deployment: false,
      local: true,
    };
  }
  if (sub !== "install" && sub !== "i" && sub !== "update" && sub !== "uninstall") return undefined;
  const op = sub === "i" ? "install" : sub;
  const dynamic = dynamicValues(cmd);
  const files = rest.filter((r) => r.endsWith(".gem") || r.includes("/"));
  const names = rest.filter((r) => !files.includes(r));
  const version = parsed.get("-v", "--version");
  const gems = names.map((n) => {
    const spec = packageSpec(n.replace(":", "@"), "npm", dynamic.has(n));
    return { ...spec, raw: n, ...(version && !spec.version ? { version } : {}) };
  });
  const dir = parsed.get("-i", "--install-dir") ?? (parsed.has("--user-install") ? `${home(ctx)}/.gem` : (ctx.env.GEM_HOME ?? RUBY_GEM_HOME));
  const local = parsed.has("-l", "--local") || (files.length > 0 && names.length === 0);
  return {
    ...base("gem", cmd, op !== "uninstall" && !local, op === "uninstall" ? [] : [resolvePath(dir, ctx.cwd)]),
    kind: "ruby-deps",
    tool: "gem",
    op,
    gems,
    localGems: files.map((f) => resolvePath(f, ctx.cwd)),
    without: [],
    deployment: false,
    local,
  };
}

/** rake/rails tasks (`assets:precompile`, `db:migrate RAILS_ENV=production`) and what they write. */
function runFact(cmd: ShellCommand, ctx: RecognizeContext, argv: string[], bundled: boolean): RubyRunFact | undefined {
  let words = argv;
  // `ruby bin/rails …`
  if (/^ruby[0-9.]*$/.test(programName(words[0])) && words[1] && /(^|\/)bin\/(rails|rake)$/.test(words[1])) words = words.slice(1);
  const name = programName(words[0]);
  const isRails = name === "rails" && (words[0] === "rails" || /(^|\/)bin\/rails$/.test(words[0] ?? ""));
  const isRake = name === "rake";
  if (!isRails && !isRake && !bundled) return undefined;
  const args = words.slice(1);
  const tasks = isRails
    ? args.filter((a) => !a.startsWith("-")).slice(0, 1)
    : isRake
      ? args.filter((a) => !a.startsWith("-") && !a.includes("="))
      : [words[0] ?? ""];
  if (tasks.length === 0 || tasks[0] === "") return undefined;
  const outputs = tasks.some((t) => t === "assets:precompile") ? [resolvePath("public/assets", ctx.cwd), resolvePath("tmp/cache", ctx.cwd)] : [];
  return {
    ...base("bundler", cmd, false, outputs),
    kind: "ruby-run",
    tool: isRails ? "rails" : isRake ? "rake" : "bundle-exec",
    tasks,
    args: isRails || isRake ? args.filter((a) => !tasks.includes(a)) : args,
    bundled,
  };
}

export const bundler: Recognizer = {
  id: "bundler",
  recognize(cmd, ctx): Fact[] {
    const name = programName(cmd.argv[0]);
    if (name === "bundle" || name === "bundler") {
      const args = cmd.argv.slice(1);
      if (args[0] === "exec") {
        const run = runFact(cmd, ctx, args.slice(1), true);
        return run ? [run] : [];
      }
      if (args.length === 1 && /^(-v|--version|version|-h|--help|help|check|list|info|outdated|platform|doctor|env)$/.test(args[0]!)) return [];
      if (/^(check|list|info|show|outdated|platform|doctor|env|help|version|exec)$/.test(parseArgs(args, { values: BUNDLE_VALUES }).positionals[0] ?? ""))
        return [];
      const fact = bundleDeps(cmd, ctx, args);
      return fact ? [fact] : [];
    }
    if (name === "gem") {
      const fact = gemCommand(cmd, ctx);
      return fact ? [fact] : [];
    }
    const run = runFact(cmd, ctx, cmd.argv, false);
    return run ? [run] : [];
  },
};
