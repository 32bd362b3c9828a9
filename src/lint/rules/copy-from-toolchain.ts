import { defineRule, sourceOf } from "../helpers.js";
import { tokenRange } from "../locate.js";
import type { Stage } from "../../model/stages.js";
import { copiesIntoImage, normPath, rootBase, targetDefinesStart } from "../stage-facts.js";

/** Trees that hold a whole filesystem, a toolchain or a dependency cache, not a build result. */
const TOOLCHAIN: ReadonlyArray<[RegExp, string]> = [
  [/^\/$/, "the whole filesystem of the stage"],
  [/^\/usr\/local\/go$/, "the Go toolchain"],
  [/^\/go(\/pkg(\/mod)?)?$/, "the Go module and build cache"],
  [/^\/(usr\/local|root)\/(cargo|\.cargo|rustup|\.rustup)$/, "the Rust toolchain or cargo's registry"],
  [/^\/usr\/lib\/gcc(\/.*)?$/, "GCC's libraries"],
  [/^\/root\/\.(m2|gradle|npm|cache)$/, "a package manager's cache"],
  [/^\/usr\/share\/(maven|gradle)$/, "a build tool"],
  [/^\/usr\/lib\/jvm(\/[^/]*jdk[^/]*)?$/, "a JDK"],
];

export default defineRule({
  meta: {
    id: "copy-from-toolchain",
    aliases: [],
    source: "slimstage",
    severity: "warning",
    category: "multi-stage",
    summary: "`COPY --from` copies a whole filesystem, toolchain or dependency cache into the final image",
    rationale:
      "The point of a builder stage is that the final image receives only build results. Copying `/`, `/usr/local/go`, `~/.cargo`, `/go/pkg` or `~/.m2` from it brings the toolchain or cache along and undoes the split. Copy the built binary, virtualenv or directory instead. Copies into builder stages are not reported, nor `/` of a stage that is not on a known build image (a stage FROM scratch holds only what was put there), nor copies into tooling and test images (no CMD/ENTRYPOINT, or a final stage that builds). Install prefixes such as `/usr/local` or `/opt` are not reported: they usually hold the build's results.",
    examples: {
      bad: 'FROM golang:1.22 AS build\nRUN go build -o /out/app .\nFROM debian:bookworm-slim\nCOPY --from=build /usr/local/go /usr/local/go\nCOPY --from=build /out/app /app\nCMD ["/app"]\n',
      good: 'FROM golang:1.22 AS build\nRUN go build -o /out/app .\nFROM debian:bookworm-slim\nCOPY --from=build /out/app /app\nCMD ["/app"]\n',
    },
    fixable: false,
    needs: "analysis",
  },
  check(ctx) {
    const src = sourceOf(ctx);
    // tooling and test images (no CMD/ENTRYPOINT, or building in their final stage) carry toolchains on purpose
    if (!targetDefinesStart(ctx)) return;
    for (let s: Stage | undefined = ctx.model.stages[ctx.graph.target]; s; s = s.base.kind === "stage" ? ctx.model.stages[s.base.index] : undefined) {
      if ((ctx.analysis.stages[s.index]?.languageSteps.length ?? 0) > 0) return;
    }
    for (const c of copiesIntoImage(ctx)) {
      c.sources.forEach((s, i) => {
        if (s.includes("$") || /[*?[]/.test(s)) return;
        const p = normPath(s, c.from.workdir);
        const hit = TOOLCHAIN.find(([re]) => re.test(p));
        if (!hit) return;
        // `/` of a stage FROM scratch (or an unknown image) is just what that stage holds: report `/` only of
        // a stage on a known build image
        const root = rootBase(ctx, c.from);
        if (p === "/" && (root.kind === "scratch" || root.info?.role !== "build")) return;
        ctx.report({
          range: tokenRange(src, c.ins.node, c.ins.sources[i] as string),
          message: `COPY --from=${c.ins.from} ${p} copies ${hit[1]} into the final image: copy only the build results`,
        });
      });
    }
  },
  tests: {
    valid: [
      "FROM golang:1.22 AS build\nRUN go build -o /out/app .\nFROM scratch\nCOPY --from=build /out/app /app\n",
      "FROM scratch AS binaries\nCOPY a /a\nFROM alpine:3\nCOPY --from=binaries / /usr/bin/\n",
      "FROM golang:1.22 AS go\nFROM debian AS build\nCOPY --from=go /usr/local/go /usr/local/go\nRUN make\nFROM scratch\nCOPY --from=build /out /out\n",
    ],
    invalid: [
      {
        code: 'FROM golang:1.22 AS a\nRUN make install\nFROM alpine\nCOPY --from=a / /\nCMD ["/app"]\n',
        errors: [{ line: 4, column: 15, endColumn: 16, message: "copies the whole filesystem of the stage" }],
      },
      {
        code: 'FROM rust:1.75 AS a\nRUN cargo build --release\nFROM debian:bookworm-slim\nCOPY --from=a /usr/local/cargo /usr/local/cargo\nCMD ["/app"]\n',
        errors: [{ line: 4, column: 15, endColumn: 31, message: "the Rust toolchain" }],
      },
    ],
  },
});
