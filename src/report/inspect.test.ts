// The inspect reports over a real (in-memory) image archive read by the image reader.
import { Readable } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { directorySizes, inspectArchive } from "../image/index.js";
import { makeArchive, makeElf } from "../image/testdata/helpers.js";
import { imageFacts } from "../verify/index.js";
import { escapeHtml, inspectToHtml } from "./inspect-html.js";
import { cleanCreatedBy, formatBytes, inspectToJson, inspectToText, type InspectView } from "./inspect.js";

let view: InspectView;

beforeAll(async () => {
  const app = makeElf({ bits: 64, le: true, type: 3, interp: "/lib64/ld-linux-x86-64.so.2", needed: ["libmariadb.so.3", "libc.so.6"] });
  const libc = makeElf({ bits: 64, le: true, type: 3, soname: "libc.so.6" });
  const archive = await makeArchive(
    [
      {
        items: [
          { name: "lib/x86_64-linux-gnu/libc.so.6", content: libc },
          { name: "etc/os-release", content: "ID=debian\nVERSION_ID=12\nVERSION_CODENAME=bookworm\n" },
          {
            name: "var/lib/dpkg/status",
            content: "Package: gcc-12\nStatus: install ok installed\nVersion: 12.2.0\n\nPackage: libc6\nStatus: install ok installed\nVersion: 2.36\n",
          },
        ],
        createdBy: "",
      },
      {
        items: [
          { name: "tmp/big", content: Buffer.alloc(300_000, 7) },
          { name: "usr/include/x.h", content: "/* header */\n" },
        ],
        createdBy: "RUN /bin/sh -c head -c 300000 /dev/zero > /tmp/big # buildkit",
      },
      {
        items: [
          { name: "tmp/.wh.big", content: "" },
          { name: "app/<svc>", content: app },
        ],
        createdBy: "COPY <svc> /app/ # buildkit",
      },
    ],
    { layout: "docker+oci", tag: "demo:1" },
  );
  const res = await inspectArchive(Readable.from([archive]));
  view = { source: "demo.tar", report: res.report, facts: imageFacts(res.report, res.tree), dirs: directorySizes(res.tree, { maxDepth: 2 }) };
});

describe("helpers", () => {
  it("formatBytes uses decimal units like docker", () => {
    expect(formatBytes(999)).toBe("999 B");
    expect(formatBytes(1500)).toBe("1.5 kB");
    expect(formatBytes(151_234_567)).toBe("151 MB");
    expect(formatBytes(-2_500_000)).toBe("-2.5 MB");
  });
  it("cleanCreatedBy removes builder decorations", () => {
    expect(cleanCreatedBy("RUN /bin/sh -c apt-get update # buildkit")).toBe("RUN apt-get update");
    expect(cleanCreatedBy("RUN |2 A=1 B=2 /bin/sh -c make # buildkit")).toBe("RUN make");
    expect(cleanCreatedBy('/bin/sh -c #(nop)  CMD ["sh"]')).toBe('CMD ["sh"]');
    expect(cleanCreatedBy("/bin/sh -c apt-get   install x")).toBe("RUN apt-get install x");
  });
});

describe("inspect text and json", () => {
  it("reports layers with their instruction, wasted bytes, packages, leftovers and missing libraries", () => {
    const t = inspectToText(view);
    expect(t).toMatch(/^image {3}sha256:[0-9a-f]{64} \(demo:1\)$/m);
    expect(t).toMatch(/^os {6}linux\/amd64, debian 12 \(bookworm\)$/m);
    expect(t).toMatch(/^wasted {2}300 kB/m);
    expect(t).toMatch(/^1 +300 kB .*RUN head -c 300000 \/dev\/zero > \/tmp\/big$/m);
    expect(t).toMatch(/^2 .* +1 +0 +1 +0 B +COPY <svc> \/app\/$/m);
    expect(t).toMatch(/Packages: 2 \(dpkg\), 1 build-only\n {2}gcc-12 12\.2\.0 {2}compiler/);
    expect(t).toMatch(/13 B {2}\/usr\/include {2}headers {2}1 files/);
    expect(t).toMatch(/libmariadb\.so\.3 not found \(install libmariadb3\); needed by \/app\/<svc>/);
  });
  it("json carries the same numbers", () => {
    const j = inspectToJson(view) as {
      sizes: { uncompressed: number; wasted: number };
      layers: { size: number; instruction: string; wastedBytes: number }[];
      packages: { name: string; buildOnly: string | null }[];
      linkage: { missingLibraries: { soname: string; package: string }[] };
    };
    expect(j.layers.reduce((s, l) => s + l.size, 0)).toBe(j.sizes.uncompressed);
    expect(j.layers.map((l) => l.instruction)).toEqual(["", "RUN head -c 300000 /dev/zero > /tmp/big", "COPY <svc> /app/"]);
    expect(j.layers[1]?.wastedBytes).toBe(300_000);
    expect(j.packages).toEqual([
      { manager: "dpkg", name: "gcc-12", version: "12.2.0", buildOnly: "compiler" },
      { manager: "dpkg", name: "libc6", version: "2.36", buildOnly: null },
    ]);
    expect(j.linkage.missingLibraries.map((m) => [m.soname, m.package])).toEqual([["libmariadb.so.3", "libmariadb3"]]);
  });
});

describe("inspect html", () => {
  it("is one self-contained page: no scripts, no external references, text escaped", () => {
    const html = inspectToHtml(view, { generated: "2026-01-01" });
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
    // the only URL is the SVG namespace identifier
    expect([...html.matchAll(/https?:\/\/[^"'\s<]+/g)].map((m) => m[0])).toEqual([
      "http://www.w3.org/2000/svg",
      "http://www.w3.org/2000/svg",
      "http://www.w3.org/2000/svg",
    ]);
    expect(html).toContain("COPY &lt;svc&gt; /app/");
    expect(html).not.toContain("<svc>");
  });
  it("draws one bar per layer, scaled to the largest, and bars per directory", () => {
    const html = inspectToHtml(view);
    const svgs = [...html.matchAll(/<svg[\s\S]*?<\/svg>/g)].map((m) => m[0]);
    const widths = [...(svgs[0] ?? "").matchAll(/<rect [^>]*width="(\d+)"/g)].map((m) => Number(m[1]));
    expect(widths).toHaveLength(3);
    expect(Math.max(...widths)).toBe(widths[1]); // the 300 kB layer is the longest bar
    expect(svgs[1]).toContain(">/lib<");
    expect(svgs[1]).not.toContain(">/tmp<"); // deleted by the last layer
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  });
});
