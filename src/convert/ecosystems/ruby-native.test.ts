import { describe, expect, it } from "vitest";
import { extconfLibraries, gemfileGroups, gemspecExtensions, installedGems, packageForLibrary } from "./ruby-native.js";

describe("native gems: what their sources link", () => {
  it("reads the libraries an extconf.rb links", () => {
    const extconf =
      'require "mkmf"\ndir_config("pg")\nhave_library "pq", "PQconnectdb"\nfind_library("sqlite3", "sqlite3_open", "/usr/lib")\npkg_config("libxml-2.0")\nhave_header("zlib.h")\n';
    expect(extconfLibraries(extconf)).toEqual(["pq", "sqlite3", "libxml-2.0"]);
    expect(extconfLibraries('create_makefile("pure")\n')).toEqual([]);
  });

  it("reads the extensions a gemspec declares", () => {
    expect(gemspecExtensions('s.extensions = ["ext/a/extconf.rb"]\n')).toEqual(["ext/a/extconf.rb"]);
    expect(gemspecExtensions("spec.extensions << 'ext/b/extconf.rb'\n")).toEqual(["ext/b/extconf.rb"]);
    expect(gemspecExtensions("s.extensions = %w[ext/c/extconf.rb ext/d/extconf.rb]\n")).toEqual(["ext/c/extconf.rb", "ext/d/extconf.rb"]);
    expect(gemspecExtensions('s.files = ["lib/x.rb"]\n')).toEqual([]);
  });

  it("finds the Debian package of lib<name>.so.<major> in the archive data", () => {
    expect(packageForLibrary("sqlite3")).toBe("libsqlite3-0");
    expect(packageForLibrary("pq")).toBe("libpq5");
    expect(packageForLibrary("z")).toBe("zlib1g");
    expect(packageForLibrary("yaml")).toBe("libyaml-0-2");
    expect(packageForLibrary("xml2", "trixie")).toBe("libxml2");
    // pkg-config names
    expect(packageForLibrary("libxml-2.0")).toBe("libxml2");
    expect(packageForLibrary("yaml-0.1")).toBe("libyaml-0-2");
    expect(packageForLibrary("no-such-library-here")).toBeUndefined();
  });
});

describe("Gemfile groups", () => {
  const gemfile = [
    'source "https://rubygems.org"',
    'gem "rails", "~> 7.1"',
    'gem "pg", group: :production',
    "platforms :mri do",
    '  gem "bootsnap", require: false',
    "end",
    "group :development, :test do",
    '  gem "sqlite3" # local database',
    '  gem "debug", platforms: %i[ mri windows ]',
    "end",
    'gem "rspec-rails", groups: [:test]',
    "group(:tools) do",
    '  gem "ffi-helper"',
    "end",
  ].join("\n");

  it("reads group blocks and group options", () => {
    const g = gemfileGroups(gemfile);
    expect(g.get("rails")).toEqual(["default"]);
    expect(g.get("pg")).toEqual(["production"]);
    expect(g.get("bootsnap")).toEqual(["default"]);
    expect(g.get("sqlite3")).toEqual(["development", "test"]);
    expect(g.get("rspec-rails")).toEqual(["test"]);
    expect(g.get("ffi-helper")).toEqual(["tools"]);
  });

  it("follows Gemfile.lock from the gems outside the groups left out", () => {
    const lock =
      "GEM\n  remote: https://rubygems.org/\n  specs:\n    rails (7.1.3)\n      activerecord (= 7.1.3)\n    activerecord (7.1.3)\n    pg (1.5.4)\n    bootsnap (1.18.3)\n      msgpack (~> 1.2)\n    msgpack (1.7.2)\n    sqlite3 (1.7.3)\n    debug (1.9.1)\n    rspec-rails (6.1.1)\n    ffi-helper (0.1.0)\n\nPLATFORMS\n  ruby\n";
    const kept = installedGems(lock, gemfile, ["development", "test"])!;
    expect([...kept].sort()).toEqual(["activerecord", "bootsnap", "ffi-helper", "msgpack", "pg", "rails"]);
    expect(installedGems(lock, gemfile, [])).toBeUndefined();
    // a gem of a left-out group that an installed gem depends on is installed all the same
    const needed = installedGems(lock.replace("    pg (1.5.4)\n", "    pg (1.5.4)\n      sqlite3 (>= 1)\n"), gemfile, ["development", "test"])!;
    expect(needed.has("sqlite3")).toBe(true);
  });
});
