import { describe, expect, it } from "vitest";
import { factsOf, useShellParser } from "../test-support.js";
import { bundler, bundlerGroups } from "./bundler.js";

useShellParser();

describe("bundler recogniser", () => {
  it("reads bundle install with --without, --jobs, --local and where the gems go", () => {
    const [f] = factsOf(bundler, "bundle install --jobs 4 --without development test --local", { cwd: "/app" });
    expect(f).toMatchObject({
      kind: "ruby-deps",
      tool: "bundle",
      op: "install",
      without: ["development", "test"],
      deployment: false,
      local: true,
      outputs: ["/usr/local/bundle"],
      network: false,
    });
    expect(f).not.toHaveProperty("path");
    // a bare `bundle` is `bundle install`
    expect(factsOf(bundler, "bundle")[0]).toMatchObject({ op: "install", network: true });
  });

  it("reads BUNDLE_WITHOUT, BUNDLE_PATH, BUNDLE_DEPLOYMENT and --deployment (vendor/bundle)", () => {
    expect(factsOf(bundler, "bundle install", { cwd: "/app", env: { BUNDLE_WITHOUT: "development:test", BUNDLE_PATH: "/gems" } })[0]).toMatchObject({
      without: ["development", "test"],
      path: "/gems",
      outputs: ["/gems"],
    });
    expect(factsOf(bundler, "bundle install --deployment", { cwd: "/srv/app" })[0]).toMatchObject({ deployment: true, path: "/srv/app/vendor/bundle" });
    expect(factsOf(bundler, "bundle install", { cwd: "/srv/app", env: { BUNDLE_DEPLOYMENT: "1" } })[0]).toMatchObject({
      deployment: true,
      path: "/srv/app/vendor/bundle",
    });
    expect(factsOf(bundler, "bundle install --path=vendor/gems", { cwd: "/app" })[0]).toMatchObject({ path: "/app/vendor/gems" });
    expect(factsOf(bundler, "bundle install --without=development:test")[0]).toMatchObject({ without: ["development", "test"] });
  });

  it("reads bundle config in its set/--local/--global and old forms", () => {
    // rails/rails' generated Dockerfile: bundle config set --local without / deployment
    expect(factsOf(bundler, 'bundle config set --local without "development test"', { cwd: "/rails" })[0]).toMatchObject({
      op: "config",
      without: ["development", "test"],
      config: { key: "without", value: "development test", scope: "local" },
    });
    expect(factsOf(bundler, "bundle config --global path vendor/bundle", { cwd: "/app" })[0]).toMatchObject({
      op: "config",
      path: "/app/vendor/bundle",
      config: { key: "path", scope: "global" },
    });
    expect(factsOf(bundler, "bundle config set deployment true")[0]).toMatchObject({ deployment: true, config: { key: "deployment", scope: "global" } });
    expect(factsOf(bundler, "bundle config build.nokogiri --use-system-libraries")[0]).toMatchObject({
      config: { key: "build.nokogiri", value: "--use-system-libraries" },
    });
    // reading settings changes nothing
    expect(factsOf(bundler, "bundle config get path")).toEqual([]);
    expect(factsOf(bundler, "bundle config unset without")).toEqual([]);
    expect(factsOf(bundler, "bundle check || bundle install")).toHaveLength(1);
  });

  it("reads gem install (names, versions, local files, install dir) and gem build", () => {
    expect(factsOf(bundler, "gem install bundler:2.4.22 --no-document")[0]).toMatchObject({
      tool: "gem",
      op: "install",
      gems: [{ name: "bundler", version: "2.4.22", raw: "bundler:2.4.22" }],
      outputs: ["/usr/local/bundle"],
      network: true,
    });
    expect(factsOf(bundler, "gem install rails -v 7.1.3")[0]).toMatchObject({ gems: [{ name: "rails", version: "7.1.3" }] });
    expect(factsOf(bundler, "gem install --local ./pkg/x-1.0.gem", { cwd: "/src" })[0]).toMatchObject({
      localGems: ["/src/pkg/x-1.0.gem"],
      gems: [],
      local: true,
      network: false,
    });
    expect(factsOf(bundler, "gem install -i /opt/gems foreman", { cwd: "/" })[0]).toMatchObject({ outputs: ["/opt/gems"] });
    expect(factsOf(bundler, "gem build litequery.gemspec", { cwd: "/app/gems/litequery" })[0]).toMatchObject({
      op: "build",
      gemspec: "/app/gems/litequery/litequery.gemspec",
    });
    expect(factsOf(bundler, "gem list")).toEqual([]);
  });

  it("reads rake and rails tasks, bundled or through binstubs", () => {
    expect(factsOf(bundler, "bundle exec rake assets:precompile", { cwd: "/app" })[0]).toMatchObject({
      kind: "ruby-run",
      tool: "rake",
      tasks: ["assets:precompile"],
      bundled: true,
      outputs: ["/app/public/assets", "/app/tmp/cache"],
    });
    expect(factsOf(bundler, "SECRET_KEY_BASE_DUMMY=1 ./bin/rails assets:precompile", { cwd: "/rails" })[0]).toMatchObject({
      tool: "rails",
      tasks: ["assets:precompile"],
      bundled: false,
    });
    expect(factsOf(bundler, "bundle exec bin/rails assets:precompile")[0]).toMatchObject({ tool: "rails", bundled: true });
    expect(factsOf(bundler, "rake db:migrate RAILS_ENV=production")[0]).toMatchObject({
      tool: "rake",
      tasks: ["db:migrate"],
      args: ["RAILS_ENV=production"],
      outputs: [],
    });
    expect(factsOf(bundler, "bundle exec bootsnap precompile app/ lib/")[0]).toMatchObject({
      tool: "bundle-exec",
      tasks: ["bootsnap"],
      args: ["precompile", "app/", "lib/"],
    });
    // a program called rails that is not Rails' binstub or CLI
    expect(factsOf(bundler, "/opt/tools/rails-lint check")).toEqual([]);
  });

  it("splits groups as bundler does", () => {
    expect(bundlerGroups("development:test")).toEqual(["development", "test"]);
    expect(bundlerGroups(" development  test ")).toEqual(["development", "test"]);
    expect(bundlerGroups(undefined)).toEqual([]);
  });
});
