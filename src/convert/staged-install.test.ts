import { beforeAll, describe, expect, it } from "vitest";
import { loadShellParser } from "../shell/script.js";
import { parseDockerfile } from "../syntax/index.js";
import { convertDockerfileSync } from "./convert.js";

beforeAll(loadShellParser);

const convert = (text: string, files: Record<string, string> = {}) =>
  convertDockerfileSync(parseDockerfile(text, { file: "Dockerfile" }), { context: { read: (p) => files[p] } });

describe("an install into a prefix the base image shares", () => {
  it("repeats a cmake install into a staging root on gcc's /usr/local, with ldconfig when the original ran it", () => {
    const r = convert(
      'FROM gcc:12\nRUN apt-get update && apt-get install -y cmake\nWORKDIR /src\nCOPY . .\nRUN cmake -S . -B build && cmake --build build && cmake --install build && ldconfig\nCMD ["greeter"]\n',
    );
    expect(r.status).toBe("converted");
    if (r.status !== "converted") return;
    expect(r.dockerfile).toContain("RUN cd /src && DESTDIR=/slimstage/install cmake --install build\n");
    expect(r.dockerfile).toMatch(/COPY --from=builder \/slimstage\/install\/ \/\nRUN ldconfig\n/);
    expect(r.dockerfile).not.toContain("COPY --from=builder /usr/local");
  });

  it("repeats an Autoconf `make install` into --prefix=/usr, in the directory a `cd` chose, without ldconfig when the original had none", () => {
    const r = convert(
      'FROM debian:bookworm\nRUN apt-get update && apt-get install -y build-essential\nCOPY . /build\nRUN cd /build/tool && ./configure --prefix=/usr && make && make install\nCMD ["tool"]\n',
    );
    expect(r.status).toBe("converted");
    if (r.status !== "converted") return;
    expect(r.dockerfile).toContain("RUN cd /build/tool && DESTDIR=/slimstage/install make install\n");
    expect(r.dockerfile).not.toContain("ldconfig");
  });

  it("trusts a plain Makefile only when it installs under $(DESTDIR)", () => {
    const df = 'FROM gcc:12\nWORKDIR /src\nCOPY . .\nRUN make && make install\nCMD ["tool"]\n';
    const without = convert(df, { Makefile: "install:\n\tinstall -m755 tool /usr/local/bin/tool\n" });
    expect(without.status).toBe("declined");
    if (without.status === "declined") expect(without.declines.map((d) => d.id)).toContain("install-into-shared-prefix");
    const withDestdir = convert(df, { Makefile: "install:\n\tinstall -m755 tool $(DESTDIR)/usr/local/bin/tool\n" });
    expect(withDestdir.status).toBe("converted");
  });

  it("declines when the build tree is gone after the install, or the command uses its RUN's variables", () => {
    const removed = convert(
      'FROM gcc:12\nRUN apt-get update && apt-get install -y cmake\nWORKDIR /src\nCOPY . .\nRUN cmake -S . -B build && cmake --build build && cmake --install build && rm -rf build\nCMD ["greeter"]\n',
    );
    expect(removed.status).toBe("declined");
    if (removed.status === "declined") expect(removed.declines[0]?.reason).toMatch(/build tree \/src\/build is removed after the install/);
    const wholeDir = convert(
      'FROM debian:bookworm\nRUN apt-get update && apt-get install -y build-essential\nCOPY . /build\nRUN cd /build && ./configure --prefix=/usr && make && make install && cd / && rm -rf /build\nCMD ["tool"]\n',
    );
    expect(wholeDir.status).toBe("declined");
    if (wholeDir.status === "declined") expect(wholeDir.declines[0]?.reason).toMatch(/build tree \/build is removed after the install \(`rm -rf \/build`\)/);
    const variable = convert('FROM gcc:12\nWORKDIR /src\nCOPY . .\nRUN ./configure && make && P=/usr/local; make install prefix=$P\nCMD ["tool"]\n');
    expect(variable.status).toBe("declined");
    if (variable.status === "declined") expect(variable.declines[0]?.reason).toMatch(/depends on its own RUN/);
  });

  it("keeps copying a prefix of its own whole (debian base, /usr/local)", () => {
    const r = convert(
      'FROM debian:bookworm\nRUN apt-get update && apt-get install -y build-essential\nWORKDIR /src\nCOPY . .\nRUN ./configure && make && make install\nCMD ["tool"]\n',
    );
    expect(r.status).toBe("converted");
    if (r.status === "converted") expect(r.dockerfile).toContain("COPY --from=builder /usr/local /usr/local");
  });
});
