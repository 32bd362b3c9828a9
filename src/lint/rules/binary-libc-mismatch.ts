import type { CargoFact, GoFact } from "../../analyze/facts.js";
import { defineRule, sourceOf } from "../helpers.js";
import { tokenRange } from "../locate.js";
import { copiesIntoImage, copyCoversOutput as covers, normPath, rootBase } from "../stage-facts.js";

export default defineRule({
  meta: {
    id: "binary-libc-mismatch",
    aliases: [],
    source: "slimstage",
    severity: "warning",
    category: "multi-stage",
    summary: "A binary built against glibc is copied into a musl (Alpine), scratch or static distroless stage",
    rationale:
      '`go build` with cgo enabled (the default when a C compiler is present, as in `golang:<version>`) and `cargo build` for the default `*-linux-gnu` target link against glibc\'s loader and libc. Alpine has musl, `scratch` and `distroless/static` have no libc at all, so the copied program fails to start with "not found". Build with `CGO_ENABLED=0` (or `-tags netgo,osusergo` with a static link), build Rust for `x86_64-unknown-linux-musl`, build on the same libc as the final stage, or use a glibc final base (`debian:*-slim`, `distroless/base`).',
    examples: {
      bad: "FROM golang:1.22 AS build\nWORKDIR /src\nRUN go build -o /out/server .\nFROM alpine:3.19\nCOPY --from=build /out/server /usr/local/bin/server\n",
      good: "FROM golang:1.22 AS build\nWORKDIR /src\nRUN CGO_ENABLED=0 go build -o /out/server .\nFROM alpine:3.19\nCOPY --from=build /out/server /usr/local/bin/server\n",
    },
    fixable: false,
    needs: "analysis",
  },
  check(ctx) {
    const src = sourceOf(ctx);
    for (const c of copiesIntoImage(ctx)) {
      const dest = rootBase(ctx, c.into);
      const destLibc = dest.kind === "scratch" ? "none" : dest.info?.libc;
      if (destLibc !== "musl" && destLibc !== "none") continue;
      const from = rootBase(ctx, c.from);
      if (from.kind !== "image" || from.info?.libc !== "glibc") continue;
      const destName = dest.kind === "scratch" ? "scratch" : dest.ref;
      for (const run of c.fromAnalysis.runs) {
        for (const { value: f } of run.facts) {
          let why: string | undefined;
          if (f.kind === "go" && (f.op === "build" || f.op === "install")) {
            const g = f as GoFact;
            const static_ = g.cgoEnabled === "0" || (/-static|netgo/.test(`${g.ldflags ?? ""} ${g.tags ?? ""}`) && /netgo|-static/.test(`${g.ldflags ?? ""}`));
            if (static_ || (g.goos && g.goos !== "linux")) continue;
            why = `built by \`go build\` (line ${run.line}) with cgo enabled on glibc (${from.ref})`;
          } else if (f.kind === "cargo" && (f.op === "build" || f.op === "install")) {
            const k = f as CargoFact;
            if (k.target?.includes("musl")) continue;
            why = `built by \`cargo ${k.op}\` (line ${run.line}) for the glibc target on ${from.ref}`;
          } else continue;
          // cargo's outputs are its target directory (and the registry cache, which is no binary)
          const outputs = f.outputs.filter((o) => !o.includes("/.cargo/")).map((o) => normPath(o, c.from.workdir));
          c.sources.forEach((s, i) => {
            const p = normPath(s, c.from.workdir);
            if (s.includes("$") || !outputs.some((o) => covers(p, o, f.kind === "cargo"))) return;
            ctx.report({
              range: tokenRange(src, c.ins.node, c.ins.sources[i] as string),
              message: `copies ${p}, ${why}, into ${destName} (${destLibc === "musl" ? "musl libc" : "no libc"}): the program will not start; ${f.kind === "go" ? "build with CGO_ENABLED=0" : "build for x86_64-unknown-linux-musl"} or use a glibc final base`,
            });
          });
        }
      }
    }
  },
  tests: {
    valid: [
      "FROM golang:1.22 AS b\nRUN CGO_ENABLED=0 go build -o /app .\nFROM scratch\nCOPY --from=b /app /app\n",
      "FROM golang:1.22 AS b\nENV CGO_ENABLED=0\nRUN go build -o /app .\nFROM alpine:3\nCOPY --from=b /app /app\n",
      "FROM golang:1.22-alpine AS b\nRUN go build -o /app .\nFROM alpine:3\nCOPY --from=b /app /app\n",
      "FROM golang:1.22 AS b\nRUN go build -o /app .\nFROM debian:bookworm-slim\nCOPY --from=b /app /app\n",
    ],
    invalid: [
      {
        code: "FROM golang:1.22 AS b\nWORKDIR /src\nRUN go build -o bin/app ./cmd/app\nFROM gcr.io/distroless/static-debian12\nCOPY --from=b /src/bin /bin\n",
        errors: [
          {
            line: 5,
            column: 15,
            endColumn: 23,
            message: "copies /src/bin, built by `go build` (line 3) with cgo enabled on glibc (golang:1.22), into gcr.io/distroless/static-debian12 (no libc)",
          },
        ],
      },
      {
        code: "FROM rust:1.75 AS b\nWORKDIR /app\nRUN cargo build --release\nFROM alpine:3.19\nCOPY --from=b /app/target/release/server /server\n",
        errors: [{ line: 5, column: 15, message: "into alpine:3.19 (musl libc)" }],
      },
    ],
  },
});
