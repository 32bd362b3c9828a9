import { describe, expect, it } from "vitest";
import { factsOf, useShellParser } from "../test-support.js";
import { cBuild } from "./c-build.js";

useShellParser();

describe("c-build recogniser", () => {
  it("reads configure --prefix, make -j, make install (docker-library/httpd, Apache-2.0 style)", () => {
    const facts = factsOf(cBuild, './configure --build="$gnuArch" --prefix="$HTTPD_PREFIX" --enable-mods-shared=reallyall; make -j "$(nproc)"; make install', {
      env: { HTTPD_PREFIX: "/usr/local/apache2" },
    });
    expect(facts).toMatchObject([
      { tool: "configure", prefix: "/usr/local/apache2" },
      { tool: "make", targets: [], install: false },
      { tool: "make", targets: ["install"], install: true, outputs: [] },
    ]);
  });

  it("reads make install PREFIX= DESTDIR= and -C", () => {
    expect(factsOf(cBuild, "make -C src install PREFIX=/usr DESTDIR=/out")[0]).toMatchObject({
      buildDir: "src",
      prefix: "/usr",
      destdir: "/out",
      outputs: ["/out/usr"],
    });
  });

  it("reads cmake configure/build/install and compiler invocations", () => {
    expect(factsOf(cBuild, "cmake -S . -B build -DCMAKE_INSTALL_PREFIX=/opt/app -DCMAKE_BUILD_TYPE=Release", { cwd: "/src" })[0]).toMatchObject({
      tool: "cmake",
      prefix: "/opt/app",
      buildDir: "build",
      outputs: ["/src/build"],
    });
    expect(factsOf(cBuild, "cmake --build build --target install -j 4")[0]).toMatchObject({ install: true, buildDir: "build" });
    expect(factsOf(cBuild, "cmake --install build --prefix /usr/local")[0]).toMatchObject({ install: true, outputs: ["/usr/local"] });
    expect(factsOf(cBuild, "gcc -O2 -static -o /bin/hello hello.c -lm")[0]).toMatchObject({
      tool: "cc",
      compiler: "gcc",
      output: "/bin/hello",
      targets: ["hello.c"],
      outputs: ["/bin/hello"],
    });
    expect(factsOf(cBuild, "g++ --version")).toEqual([]);
  });
});
