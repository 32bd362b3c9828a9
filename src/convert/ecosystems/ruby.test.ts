import { beforeAll, describe, expect, it } from "vitest";
import { loadShellParser } from "../../shell/script.js";
import { parseDockerfile } from "../../syntax/index.js";
import { convertDockerfileSync } from "../convert.js";
import type { ContextReader, ConvertResult } from "../types.js";

beforeAll(loadShellParser);

const convert = (text: string, files: Record<string, string> = {}): ConvertResult => {
  const context: ContextReader = { read: (p) => files[p.replace(/^\.\//, "")] };
  return convertDockerfileSync(parseDockerfile(text, { file: "Dockerfile" }), { context });
};
const converted = (text: string, files: Record<string, string> = {}) => {
  const r = convert(text, files);
  if (r.status !== "converted") throw new Error(`expected a conversion, got ${r.status}: ${JSON.stringify(r.status === "declined" ? r.declines : r.reasons)}`);
  return r;
};
const declineIds = (r: ConvertResult): Array<string | undefined> => (r.status === "declined" ? r.declines.map((d) => d.id) : []);
/** The text of the final stage (after the last FROM). */
const finalStage = (dockerfile: string): string => dockerfile.slice(dockerfile.lastIndexOf("\nFROM "));

const LOCK = (gems: string[]) =>
  `GEM\n  remote: https://rubygems.org/\n  specs:\n${gems.map((g) => `    ${g}\n`).join("")}\nPLATFORMS\n  x86_64-linux\n\nBUNDLED WITH\n   2.3.15\n`;

describe("Ruby / Bundler", () => {
  it("moves ruby:X to ruby:X-slim and carries GEM_HOME, keeping BUNDLE_WITHOUT", () => {
    const r = converted(
      'FROM ruby:3.1\nENV BUNDLE_WITHOUT=development:test\nWORKDIR /app\nCOPY Gemfile Gemfile.lock ./\nRUN bundle install\nCOPY . .\nCMD ["bundle", "exec", "ruby", "app.rb"]\n',
      { "Gemfile.lock": LOCK(["rack (3.0.8)"]) },
    );
    expect(r.plan.finalBase).toBe("ruby:3.1-slim");
    expect(r.plan.ecosystem).toBe("ruby");
    expect(r.plan.artifacts.map((a) => a.path)).toEqual(["/usr/local/bundle"]);
    expect(r.plan.runtimePackages).toEqual([]);
    const final = finalStage(r.dockerfile);
    expect(final).toContain("ENV BUNDLE_WITHOUT=development:test");
    expect(final).toContain("COPY --from=builder /usr/local/bundle /usr/local/bundle");
    expect(final).not.toContain("bundle install");
    expect(r.decisions.map((d) => d.message).join("\n")).toMatch(/groups development, test are left out.*ENV BUNDLE_WITHOUT/);
    expect(r.decisions.some((d) => /bundler is a default gem of Ruby 3\.1 and ships with ruby:3\.1-slim/.test(d.message))).toBe(true);
  });

  it("keeps asset precompilation in the builder and carries the app directory with vendor/bundle and public/assets", () => {
    const r = converted(
      'FROM ruby:3.2\nENV RAILS_ENV=production\nWORKDIR /rails\nCOPY Gemfile Gemfile.lock ./\nRUN bundle config set --local deployment true && bundle config set --local without "development test" && bundle install\nCOPY --chown=app:app . .\nRUN SECRET_KEY_BASE_DUMMY=1 ./bin/rails assets:precompile\nCMD ["./bin/rails", "server"]\n',
      { "Gemfile.lock": LOCK(["puma (6.4.0)"]) },
    );
    expect(r.plan.finalBase).toBe("ruby:3.2-slim");
    expect(r.plan.artifacts.map((a) => [a.path, a.chown])).toEqual([
      ["/usr/local/bundle", undefined],
      ["/rails", "app:app"],
    ]);
    const final = finalStage(r.dockerfile);
    expect(final).not.toContain("assets:precompile");
    expect(final).not.toMatch(/^COPY .*\. \.$/m);
    expect(final).toContain("COPY --from=builder --chown=app:app /rails /rails");
    const text = r.decisions.map((d) => d.message).join("\n");
    expect(text).toMatch(/assets:precompile runs in the builder/);
    expect(text).toMatch(/gems in vendor\/bundle and the precompiled assets/);
    expect(text).toMatch(/groups development, test are left out: .*bundler's settings in \/usr\/local\/bundle/);
  });

  it("carries an install path outside GEM_HOME and the user's bundler settings", () => {
    const r = converted(
      'FROM ruby:3.1\nWORKDIR /app\nCOPY Gemfile Gemfile.lock ./\nRUN bundle config set without test && bundle config set path /gems && bundle install\nCOPY . .\nCMD ["bundle", "exec", "ruby", "app.rb"]\n',
      { "Gemfile.lock": LOCK([]) },
    );
    expect(r.plan.artifacts.map((a) => a.path)).toEqual(["/usr/local/bundle", "/gems", "/root/.bundle"]);
  });

  it("follows BUNDLE_APP_CONFIG for `bundle config --local`", () => {
    const text = (dir: string) =>
      `FROM ruby:3.1\nENV BUNDLE_APP_CONFIG=${dir}\nWORKDIR /app\nCOPY . .\nRUN bundle config set --local without test && bundle install\nCMD ["bundle", "exec", "ruby", "app.rb"]\n`;
    expect(converted(text("/app/.bundle")).plan.artifacts.map((a) => a.path)).toEqual(["/usr/local/bundle", "/app"]);
    expect(converted(text("/etc/bundler")).plan.artifacts.map((a) => a.path)).toEqual(["/usr/local/bundle", "/etc/bundler"]);
  });

  it("derives runtime libraries of native gems from Gemfile.lock, skipping platform gems and vendored libraries", () => {
    const lock = LOCK(["pg (1.5.4)", "mysql2 (0.5.5)", "nokogiri (1.15.4)", "sqlite3 (1.6.9-x86_64-linux)", "rack (3.0.8)"]);
    const text = 'FROM ruby:3.1\nWORKDIR /app\nCOPY Gemfile Gemfile.lock ./\nRUN bundle install\nCOPY . .\nCMD ["bundle", "exec", "puma"]\n';
    const r = converted(text, { "Gemfile.lock": lock });
    expect(r.plan.runtimePackages.sort()).toEqual(["libmariadb3", "libpq5"]);
    expect(finalStage(r.dockerfile)).toMatch(/apt-get install -y --no-install-recommends (libpq5 libmariadb3|libmariadb3 libpq5)/);
    // nokogiri links the system's libxslt/libxml2 only when told to
    const sys = converted(text.replace("RUN bundle install", "RUN bundle config build.nokogiri --use-system-libraries && bundle install"), {
      "Gemfile.lock": lock,
    });
    expect(sys.plan.runtimePackages).toContain("libxslt1.1");
    const env = converted(text.replace("WORKDIR /app", "ENV NOKOGIRI_USE_SYSTEM_LIBRARIES=1\nWORKDIR /app"), { "Gemfile.lock": lock });
    expect(env.plan.runtimePackages).toContain("libxslt1.1");
    // the Dockerfile installs libpq-dev itself: its runtime library is implied by that line already
    const own = converted(text.replace("RUN bundle install", "RUN apt-get update && apt-get install -y libpq-dev\nRUN bundle install"), {
      "Gemfile.lock": lock,
    });
    expect(own.plan.runtimePackages).toContain("libpq5");
  });

  it("adds no library for a native gem of a group bundler leaves out (Rails: sqlite3 in development, pg in production)", () => {
    const files = {
      Gemfile: 'source "https://rubygems.org"\ngem "pg"\ngroup :development, :test do\n  gem "sqlite3"\nend\n',
      "Gemfile.lock": LOCK(["pg (1.5.4)", "sqlite3 (1.7.3)"]),
    };
    const text = (env: string) =>
      `FROM ruby:3.1\n${env}WORKDIR /app\nCOPY Gemfile Gemfile.lock ./\nRUN bundle install\nCOPY . .\nCMD ["bundle", "exec", "ruby", "app.rb"]\n`;
    expect(converted(text("ENV BUNDLE_WITHOUT=development:test\n"), files).plan.runtimePackages).toEqual(["libpq5"]);
    expect(converted(text(""), files).plan.runtimePackages.sort()).toEqual(["libpq5", "libsqlite3-0"]);
  });

  it("derives the libraries a local gem's C extension links from its gemspec and extconf.rb", () => {
    const files = {
      "gems/fast/fast.gemspec": 'Gem::Specification.new do |s|\n  s.name = "fast"\n  s.extensions = %w[ext/fast/extconf.rb]\nend\n',
      "gems/fast/ext/fast/extconf.rb":
        'require "mkmf"\nhave_library("sqlite3", "sqlite3_open")\nhave_library("z")\npkg_config("yaml-0.1")\ncreate_makefile("fast")\n',
    };
    const r = converted(
      'FROM ruby:3.1\nWORKDIR /app\nCOPY gems/ ./gems/\nRUN cd gems/fast && gem build fast.gemspec && gem install --local fast-0.1.0.gem\nCOPY app.rb ./\nCMD ["ruby", "app.rb"]\n',
      files,
    );
    // zlib and libyaml come with ruby-slim; SQLite does not
    expect(r.plan.runtimePackages).toEqual(["libsqlite3-0"]);
    expect(r.decisions.some((d) => d.kind === "runtime" && /fast links libsqlite3 .* libsqlite3-0/.test(d.message))).toBe(true);
    // without the sources, the conversion says what it cannot know
    const blind = converted(
      'FROM ruby:3.1\nWORKDIR /app\nCOPY gems/ ./gems/\nRUN cd gems/fast && gem build fast.gemspec && gem install --local fast-0.1.0.gem\nCOPY app.rb ./\nCMD ["ruby", "app.rb"]\n',
    );
    expect(blind.plan.runtimePackages).toEqual([]);
    expect(blind.decisions.some((d) => d.kind === "warning" && /what fast links could not be read.*--verify/.test(d.message))).toBe(true);
  });

  it("reads PATH gems of Gemfile.lock", () => {
    const files = {
      "Gemfile.lock": "PATH\n  remote: engines/geo\n  specs:\n    geo (0.1.0)\n\nGEM\n  remote: https://rubygems.org/\n  specs:\n\nPLATFORMS\n  ruby\n",
      "engines/geo/geo.gemspec": 'Gem::Specification.new do |spec|\n  spec.extensions << "ext/geo/extconf.rb"\nend\n',
      "engines/geo/ext/geo/extconf.rb": "find_library('xml2', 'xmlReadMemory')\n",
    };
    const r = converted('FROM ruby:3.1\nWORKDIR /app\nCOPY . .\nRUN bundle install\nCMD ["bundle", "exec", "ruby", "app.rb"]\n', files);
    expect(r.plan.runtimePackages).toEqual(["libxml2"]);
  });

  it("carries node_modules of a Rails app's JavaScript build with the app directory", () => {
    const r = converted('FROM ruby:3.1\nWORKDIR /app\nCOPY . .\nRUN bundle install && yarn install --frozen-lockfile\nCMD ["bundle", "exec", "puma"]\n', {
      "Gemfile.lock": LOCK(["puma (6.4.0)"]),
    });
    expect(r.plan.ecosystem).toBe("ruby");
    expect(r.plan.artifacts.map((a) => a.path)).toEqual(["/usr/local/bundle", "/app"]);
    expect(r.decisions.some((d) => /Node packages and build output \(node_modules\)/.test(d.message))).toBe(true);
  });

  it("declines gems installed in another ecosystem's image, which its plan does not carry", () => {
    const r = convert('FROM golang:1.19\nWORKDIR /src\nCOPY . .\nRUN gem install --no-document fpm && go build -o /out/app .\nCMD ["/out/app"]\n');
    expect(r.status).toBe("declined");
    expect(r.status === "declined" && r.declines[0]?.reason).toMatch(/ruby-deps build in a go image is not carried over/);
    // a node app stays a node app
    const n = convert('FROM node:18\nWORKDIR /app\nCOPY . .\nRUN npm ci && gem install sass\nCMD ["node", "server.js"]\n');
    expect(n.status === "declined" && n.declines.map((d) => d.reason)).toEqual([expect.stringMatching(/ruby-deps build in a node image is not carried over/)]);
  });

  it("converts a ruby-slim build that installs its own compilers, keeping only the runtime libraries", () => {
    const r = converted(
      'FROM ruby:3.1-slim\nRUN apt-get update && apt-get install -y build-essential libpq-dev\nWORKDIR /app\nCOPY Gemfile Gemfile.lock ./\nRUN bundle install\nCOPY . .\nCMD ["bundle", "exec", "ruby", "app.rb"]\n',
      { "Gemfile.lock": LOCK(["pg (1.5.4)"]) },
    );
    expect(r.plan.finalBase).toBe("ruby:3.1-slim");
    expect(r.plan.removedPackages).toEqual(expect.arrayContaining(["build-essential", "libpq-dev"]));
    expect(r.plan.runtimePackages).toEqual(["libpq5"]);
  });
});

describe("Ruby declines (ids)", () => {
  it("ruby-compiles-at-start: a container that installs gems or compiles an extension when it starts", () => {
    expect(
      declineIds(convert('FROM ruby:3.1\nWORKDIR /app\nCOPY . .\nRUN bundle install\nCMD ["sh", "-c", "bundle install && bundle exec ruby app.rb"]\n')),
    ).toContain("ruby-compiles-at-start");
    expect(declineIds(convert('FROM ruby:3.1\nWORKDIR /app\nCOPY . .\nRUN bundle install\nCMD ["bundle", "exec", "rake", "compile", "serve"]\n'))).toEqual([
      "ruby-compiles-at-start",
    ]);
    expect(
      declineIds(convert('FROM ruby:3.1\nWORKDIR /app\nCOPY . .\nRUN bundle install\nCMD ["sh", "-c", "ruby ext/extconf.rb && exec ruby app.rb"]\n')),
    ).toEqual(["ruby-compiles-at-start"]);
    // near miss: a rake task that compiles nothing
    expect(convert('FROM ruby:3.1\nWORKDIR /app\nCOPY . .\nRUN bundle install\nCMD ["bundle", "exec", "rake", "serve"]\n').status).toBe("converted");
  });

  it("ruby-distro-ruby: Ruby from the distribution's packages", () => {
    expect(
      declineIds(
        convert(
          'FROM debian:bookworm\nRUN apt-get update && apt-get install -y ruby-full build-essential\nWORKDIR /app\nCOPY . .\nRUN bundle install\nCMD ["bundle", "exec", "ruby", "app.rb"]\n',
        ),
      ),
    ).toEqual(["ruby-distro-ruby"]);
  });

  it("ruby-nothing-built: a Ruby app with no install or task", () => {
    expect(declineIds(convert('FROM ruby:3.1\nWORKDIR /app\nCOPY . .\nCMD ["ruby", "app.rb"]\n'))).toEqual(["ruby-nothing-built"]);
    // near miss: a gem install is something built
    expect(convert('FROM ruby:3.1\nWORKDIR /app\nRUN gem install --no-document rack:3.0.8\nCOPY . .\nCMD ["ruby", "app.rb"]\n').status).toBe("converted");
  });

  it("ruby-app-in-root: assets precompiled into an app that lives in /", () => {
    expect(
      declineIds(convert('FROM ruby:3.1\nCOPY . .\nRUN bundle install && bundle exec rake assets:precompile\nCMD ["bundle", "exec", "rails", "server"]\n')),
    ).toEqual(["ruby-app-in-root"]);
    // near miss: gems only (GEM_HOME) need no app directory from the builder
    expect(convert('FROM ruby:3.1\nCOPY . .\nRUN bundle install\nCMD ["bundle", "exec", "ruby", "app.rb"]\n').status).toBe("converted");
  });

  it("ruby-bundle-path-unknown: an install path held in a variable without a value", () => {
    expect(
      declineIds(
        convert('FROM ruby:3.1\nWORKDIR /app\nCOPY . .\nRUN bundle config set path "$GEMS_DIR" && bundle install\nCMD ["bundle", "exec", "ruby", "app.rb"]\n'),
      ),
    ).toEqual(["ruby-bundle-path-unknown"]);
  });
});
