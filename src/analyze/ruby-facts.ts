// Facts about Ruby builds: Bundler and RubyGems installs and settings, and tasks run through the bundle
// (`bundle exec rake assets:precompile`, `bin/rails assets:precompile`). Part of the Fact union (facts.ts).
import type { FactBase, PackageSpec } from "./facts.js";

export interface RubyDepsFact extends FactBase {
  kind: "ruby-deps";
  tool: "bundle" | "gem";
  /** bundle: install, update, config, cache, clean, lock…; gem: install, build, update, uninstall. */
  op: string;
  /** `gem install NAME[:VERSION] -v V` (not local files). */
  gems: PackageSpec[];
  /** `gem install ./x.gem`, `gem install --local x-1.0.gem`: local gem files, as the command sees them. */
  localGems: string[];
  /** `gem build x.gemspec`: the gemspec, as the command sees it. */
  gemspec?: string;
  /** Groups left out: `--without a b`, `bundle config set without "a b"`, BUNDLE_WITHOUT. */
  without: string[];
  /** Where bundler installs: `--path`, `bundle config set path`, BUNDLE_PATH, `--deployment` (vendor/bundle). */
  path?: string;
  /** `--deployment`, `bundle config set deployment true`, BUNDLE_DEPLOYMENT, `--frozen`. */
  deployment: boolean;
  /** Installs from gems at hand only (`--local`, `gem install --local`). */
  local: boolean;
  /** `bundle config [set] [--local|--global] KEY VALUE`. */
  config?: { key: string; value: string; scope: "local" | "global" };
}

export interface RubyRunFact extends FactBase {
  kind: "ruby-run";
  /** How the task is run: rake, rails (bin/rails too), or any other program through `bundle exec`. */
  tool: "rake" | "rails" | "bundle-exec";
  /** `assets:precompile`, `db:migrate`, or the program `bundle exec` runs. */
  tasks: string[];
  args: string[];
  /** Ran through `bundle exec`. */
  bundled: boolean;
}

/** One line for `slimstage analyze`. */
export function describeRubyFact(f: RubyDepsFact | RubyRunFact): string {
  if (f.kind === "ruby-run") return `${f.bundled ? "bundle exec " : ""}${f.tool === "bundle-exec" ? "runs" : `${f.tool} runs`} ${f.tasks.join(" ")}`;
  if (f.config) return `bundle config ${f.config.key} ${f.config.value} (${f.config.scope})`;
  const what = f.gemspec ?? [...f.gems.map((g) => g.raw), ...f.localGems].join(" ");
  return `${f.tool} ${f.op}${what ? ` ${what}` : ""}${f.without.length ? ` (without ${f.without.join(", ")})` : ""}${f.path ? ` (into ${f.path})` : ""}`;
}
