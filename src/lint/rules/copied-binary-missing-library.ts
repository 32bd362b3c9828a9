import type { CargoFact, CBuildFact, Fact, GoFact } from "../../analyze/facts.js";
import { packageForSoname } from "../../knowledge/index.js";
import type { Stage } from "../../model/stages.js";
import { baseLibraries, libraryKey } from "../base-libraries.js";
import { defineRule, imageStages, sourceOf } from "../helpers.js";
import { tokenRange, headRange } from "../locate.js";
import { copiesIntoImage, copyCoversOutput, normPath, packageStateUnknown, rootBase } from "../stage-facts.js";
import type { RuleContext } from "../types.js";

/**
 * -dev packages that Rust and Go builds use as build-time tools, not as libraries to link: protobuf/gRPC headers
 * for protoc (prost, tonic), libclang for bindgen. (A C/C++ build does link them.)
 */
const TOOL_ONLY_FOR_CARGO_GO = /^(libprotobuf|libprotoc|libgrpc|libclang|llvm|libc6-dev|linux-libc-dev)/;

/** A build step whose output links the libraries of the stage's -dev packages, and how it is named. */
function linkingBuild(f: Fact): string | undefined {
  if (f.kind === "cargo") {
    const k = f as CargoFact;
    return (k.op === "build" || k.op === "install") && !k.target?.includes("musl") ? `\`cargo ${k.op}\`` : undefined;
  }
  if (f.kind === "go") {
    // only an explicit CGO_ENABLED=1: most Go programs use no C library even when cgo is on by default
    const g = f as GoFact;
    return (g.op === "build" || g.op === "install") && g.cgoEnabled === "1" ? "`go build` with CGO_ENABLED=1" : undefined;
  }
  if (f.kind === "c-build") {
    const c = f as CBuildFact;
    return `\`${c.tool === "cc" ? (c.compiler ?? "cc") : c.tool}\``;
  }
  return undefined;
}

/** From the Dockerfile: a binary built against -dev packages, copied onto a base known not to have their libraries. */
function fromModel(ctx: RuleContext): void {
  const src = sourceOf(ctx);
  const copies = copiesIntoImage(ctx);
  for (const c of copies) {
    const dest = rootBase(ctx, c.into);
    const known = dest.kind === "image" ? baseLibraries(dest.info) : undefined;
    if (!known || dest.kind !== "image" || packageStateUnknown(ctx, c.into)) continue;
    const into = ctx.analysis.stages[c.into.index];
    const installed = new Set((into?.packages ?? []).map((p) => libraryKey(p.name)));
    // libraries copied from the builder by hand (`COPY --from=build /usr/lib/…/libpq.so.5 …`)
    if (copies.some((o) => o.from.index === c.from.index && o.sources.some((s) => /(^|\/)lib[^/]*\.so(\.|$)|\/lib(64)?(\/|$)/.test(s)))) continue;
    const devs = c.fromAnalysis.packages.filter((p) => p.class === "build-only" && p.runtimeLibraries.length > 0);
    if (devs.length === 0) continue;
    const reported = new Set<number>();
    for (const run of c.fromAnalysis.runs) {
      for (const { value: f } of run.facts) {
        const how = linkingBuild(f);
        if (!how) continue;
        const outputs = f.outputs.filter((o) => !o.includes("/.cargo/")).map((o) => normPath(o, c.from.workdir));
        c.sources.forEach((s, i) => {
          const p = normPath(s, c.from.workdir);
          if (reported.has(i) || s.includes("$") || !outputs.some((o) => copyCoversOutput(p, o, f.kind === "cargo" || f.kind === "c-build"))) return;
          const linked = f.kind === "c-build" ? devs : devs.filter((d) => !TOOL_ONLY_FOR_CARGO_GO.test(d.name));
          const missing = linked.flatMap((d) =>
            d.runtimeLibraries.filter((l) => !known.has(libraryKey(l)) && !installed.has(libraryKey(l))).map((l) => ({ lib: l, dev: d })),
          );
          if (missing.length === 0) return;
          reported.add(i);
          const libs = [...new Set(missing.map((m) => m.lib))];
          const devNames = [...new Set(missing.map((m) => `${m.dev.name} (line ${m.dev.line})`))];
          ctx.report({
            range: tokenRange(src, c.ins.node, c.ins.sources[i] as string),
            message: `copies ${p}, built by ${how} (line ${run.line}) in a stage with ${devNames.join(", ")}, into ${dest.ref}, which does not have ${libs.join(", ")}: the program may fail to start; install ${libs.length > 1 ? "them" : "it"} in the final stage`,
          });
        });
      }
    }
  }
}

/** From the built image: ELF files whose NEEDED libraries the image lacks, at the COPY/ADD that put them there. */
function fromImage(ctx: RuleContext): void {
  const image = ctx.options.image;
  if (!image) return;
  const src = sourceOf(ctx);
  const shipped = imageStages(ctx);
  // the last COPY/ADD of the image's stages whose destination holds the path wins (later files replace earlier ones)
  const writers = ctx.model.stages
    .filter((s) => shipped.has(s.index))
    .flatMap((s: Stage) =>
      s.steps
        .filter((st) => st.instruction.kind === "COPY" || st.instruction.kind === "ADD")
        .map((st) => ({ st, dest: normPath(st.expanded.dest ?? (st.instruction as { dest: string }).dest, st.workdir) })),
    )
    .sort((a, b) => a.st.instruction.range.start.offset - b.st.instruction.range.start.offset);
  for (const u of image.unresolved) {
    const path = normPath(u.path);
    const w = writers.filter((x) => path === x.dest || path.startsWith(x.dest === "/" ? "/" : x.dest + "/")).at(-1);
    if (!w) continue;
    const pkgs = [...new Set(u.missing.map((so) => packageForSoname(so)).filter((p): p is string => p !== undefined))];
    ctx.report({
      range: headRange(src, w.st.instruction.node),
      message: `${path} in ${image.ref} needs ${u.missing.join(", ")}, which the image does not have${pkgs.length ? ` (Debian: ${pkgs.join(", ")})` : ""}: install ${u.missing.length > 1 ? "them" : "it"} in the final stage or build the program statically`,
    });
  }
}

export default defineRule({
  meta: {
    id: "copied-binary-missing-library",
    aliases: [],
    source: "slimstage",
    severity: "warning",
    category: "multi-stage",
    summary: "A binary copied into the final stage needs a shared library the final stage does not have",
    rationale:
      "A program built in a stage that installed `-dev` packages links their shared libraries (`libpq-dev` → `libpq.so.5` from `libpq5`). The final stage gets the program but not the library, and the program stops with `error while loading shared libraries` when it starts. From the Dockerfile, this is reported for outputs of `cargo build`, C/C++ builds (`make`, `cmake`, `gcc -o`) and `go build` with `CGO_ENABLED=1` in a stage that installed `-dev` packages whose runtime library (from Debian's archive data) the final stage neither installs nor has in its base; only bases whose content is known are judged (Debian's own images: the packages of a minimal Debian; distroless base and cc). Not reported: -dev packages that Rust and Go builds use only as build tools (protobuf and gRPC headers for protoc, libclang for bindgen), other bases (language runtime images carry libraries slimstage does not list), libraries copied from the builder by hand, stages that remove packages with `apt-mark auto`. With `slimstage lint --image REF` (or `--image-tar FILE`) the built image's ELF linkage replaces that guess: every file written by a COPY/ADD of the image's stages whose NEEDED libraries the loader would not find (RPATH/RUNPATH, LD_LIBRARY_PATH, ld.so.conf, system directories) is reported at that instruction. glibc binaries on musl or scratch are binary-libc-mismatch's concern.",
    examples: {
      bad: 'FROM rust:1.75 AS build\nRUN apt-get update && apt-get install -y libpq-dev\nWORKDIR /src\nRUN cargo build --release\nFROM debian:bookworm-slim\nCOPY --from=build /src/target/release/server /usr/local/bin/server\nCMD ["server"]\n',
      good: 'FROM rust:1.75 AS build\nRUN apt-get update && apt-get install -y libpq-dev\nWORKDIR /src\nRUN cargo build --release\nFROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*\nCOPY --from=build /src/target/release/server /usr/local/bin/server\nCMD ["server"]\n',
    },
    fixable: false,
    needs: "analysis",
  },
  check(ctx) {
    // a built image is the ground truth: it replaces the guess from the Dockerfile
    if (ctx.options.image) fromImage(ctx);
    else fromModel(ctx);
  },
  tests: {
    valid: [
      "FROM rust:1.75 AS b\nRUN apt-get update && apt-get install -y libssl-dev\nWORKDIR /s\nRUN cargo build --release\nFROM gcr.io/distroless/cc-debian12\nCOPY --from=b /s/target/release/app /app\n",
      "FROM rust:1.75 AS b\nRUN apt-get update && apt-get install -y libpq-dev\nWORKDIR /s\nRUN cargo build --release\nFROM python:3.12-slim\nCOPY --from=b /s/target/release/app /app\n",
      "FROM golang:1.22 AS b\nRUN apt-get update && apt-get install -y libsqlite3-dev\nRUN go build -o /app .\nFROM debian:bookworm-slim\nCOPY --from=b /app /app\n",
      "FROM rust:1.75 AS b\nRUN apt-get update && apt-get install -y libprotobuf-dev protobuf-compiler libclang-dev\nWORKDIR /s\nRUN cargo build -r\nFROM gcr.io/distroless/cc-debian12\nCOPY --from=b /s/target/release/app /app\n",
      "FROM gcc:13 AS b\nRUN apt-get update && apt-get install -y libpq-dev\nRUN gcc -o /out/app main.c -lpq\nFROM debian:bookworm-slim\nCOPY --from=b /usr/lib/x86_64-linux-gnu/libpq.so.5 /usr/lib/x86_64-linux-gnu/\nCOPY --from=b /out/app /app\n",
      {
        code: "FROM gcc:13 AS b\nRUN gcc -o /out/app main.c -lsqlite3\nFROM debian:bookworm-slim\nCOPY --from=b /out/app /app\n",
        options: { image: { ref: "app:1", unresolved: [{ path: "/usr/lib/other.so", missing: ["libz.so.1"] }] } },
      },
    ],
    invalid: [
      {
        code: "FROM golang:1.22 AS b\nRUN apt-get update && apt-get install -y libsqlite3-dev\nRUN CGO_ENABLED=1 go build -o /out/app .\nFROM debian:bookworm-slim\nCOPY --from=b /out/app /app\n",
        errors: [
          {
            line: 5,
            column: 15,
            endColumn: 23,
            message:
              "copies /out/app, built by `go build` with CGO_ENABLED=1 (line 3) in a stage with libsqlite3-dev (line 2), into debian:bookworm-slim, which does not have libsqlite3-0",
          },
        ],
      },
      {
        code: "FROM gcc:13 AS b\nRUN apt-get update && apt-get install -y libpq-dev libssl-dev\nRUN make && make install PREFIX=/opt/app\nFROM gcr.io/distroless/cc-debian12\nCOPY --from=b /opt/app/bin/app /app\n",
        errors: [{ line: 5, column: 15, message: "which does not have libpq5" }],
      },
      {
        code: "FROM gcc:13 AS b\nRUN gcc -o /out/app main.c -lsqlite3\nFROM debian:bookworm-slim\nWORKDIR /srv\nCOPY --from=b /out/app bin/\n",
        options: { image: { ref: "app:1", unresolved: [{ path: "/srv/bin/app", missing: ["libsqlite3.so.0"] }] } },
        errors: [{ line: 5, column: 1, message: "/srv/bin/app in app:1 needs libsqlite3.so.0, which the image does not have (Debian: libsqlite3-0)" }],
      },
    ],
  },
});
