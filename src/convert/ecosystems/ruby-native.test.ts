import { describe, expect, it } from "vitest";
import { extconfLibraries, gemspecExtensions, packageForLibrary } from "./ruby-native.js";

describe("native gems: what their sources link", () => {
  it("reads the libraries an extconf.rb links", () => {
    const extconf = 'require "mkmf"\ndir_config("pg")\nhave_library "pq", "PQconnectdb"\nfind_library("sqlite3", "sqlite3_open", "/usr/lib")\npkg_config("libxml-2.0")\nhave_header("zlib.h")\n';
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
