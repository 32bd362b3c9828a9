import type { SystemPackagesFact } from "../../analyze/facts.js";
import type { CommandLine } from "../../model/instructions.js";
import type { Stage } from "../../model/stages.js";
import { defineRule, imageStages, sourceOf } from "../helpers.js";
import { headRange } from "../locate.js";
import { programCalls } from "../shell-commands.js";
import { copiesIntoImage, packageStateUnknown, rootBase, targetDefinesStart } from "../stage-facts.js";
import type { RuleContext } from "../types.js";

const CERT_PATH = /ssl|cert|ca-bundle|pki/i;
/** curl or wget fetching an https:// URL, in a CMD/ENTRYPOINT/HEALTHCHECK command line. */
const HTTPS_CLIENT = /(^|[\s;&|(/"'])(curl|wget)(\s[^;&|]*)?\shttps:\/\//;

/** Whether the image's stages get a CA bundle some way: copied or added under an ssl/cert/pki path. */
function copiesCerts(ctx: RuleContext): boolean {
  const shipped = imageStages(ctx);
  return ctx.model.stages.some(
    (s) =>
      shipped.has(s.index) &&
      s.steps.some(
        (st) => (st.instruction.kind === "COPY" || st.instruction.kind === "ADD") && CERT_PATH.test([...st.instruction.sources, st.instruction.dest].join(" ")),
      ),
  );
}

/**
 * Scratch: a builder installed ca-certificates for the program it hands over. (A Go or Rust program on scratch
 * alone is not enough: on the corpus all 6 such images were servers that make no HTTPS calls.)
 */
function scratchFinal(ctx: RuleContext, target: Stage): void {
  const copies = copiesIntoImage(ctx);
  const installers = programCalls(ctx, ["apk", "apt-get", "apt", "yum", "dnf", "microdnf"]).filter(
    (r) => r.cmd.argv.includes("ca-certificates") && (r.cmd.argv.includes("add") || r.cmd.argv.includes("install")),
  );
  const copy = copies.find((c) => installers.some((r) => r.stage.index === c.from.index));
  if (!copy) return;
  const inst = installers.find((r) => r.stage.index === copy.from.index);
  ctx.report({
    range: headRange(sourceOf(ctx), target.from.node),
    message: `the final stage is FROM scratch and has no CA certificates, but stage ${copy.ins.from} installed ca-certificates (line ${inst?.range.start.line}) for the program it copies (line ${copy.ins.node.range.start.line}): HTTPS calls will fail; copy /etc/ssl/certs/ca-certificates.crt too`,
  });
}

/**
 * A Debian/Ubuntu final stage whose CMD, ENTRYPOINT or HEALTHCHECK fetches https:// with curl or wget, where curl
 * or wget was installed with --no-install-recommends (which leaves out ca-certificates, a Recommends of libcurl4
 * and wget) and ca-certificates itself was not.
 */
function httpsClientOnSlimBase(ctx: RuleContext, target: Stage): void {
  const shipped = imageStages(ctx);
  const installs = ctx.analysis.stages
    .filter((s) => shipped.has(s.index))
    .flatMap((s) => s.runs.flatMap((r) => r.facts.map((f) => ({ f: f.value, line: r.line }))))
    .filter(
      (x): x is { f: SystemPackagesFact; line: number } =>
        x.f.kind === "system-packages" && (x.f as SystemPackagesFact).manager === "apt" && (x.f as SystemPackagesFact).op === "install",
    );
  const clients = installs.filter((x) => x.f.packages.some((p) => p.name === "curl" || p.name === "wget"));
  if (clients.length === 0 || clients.some((x) => !x.f.noInstallRecommends)) return;
  const packages = ctx.analysis.stages[target.index]?.packages ?? [];
  if (packages.some((p) => p.name === "ca-certificates")) return;
  const src = sourceOf(ctx);
  for (const s of ctx.model.stages) {
    if (!shipped.has(s.index)) continue;
    for (const st of s.steps) {
      const ins = st.instruction;
      const line: CommandLine | undefined =
        ins.kind === "CMD" || ins.kind === "ENTRYPOINT" ? ins : ins.kind === "HEALTHCHECK" && ins.test.type === "CMD" ? ins.test : undefined;
      const m = line && HTTPS_CLIENT.exec(line.cmdLine.join(" "));
      if (!m) continue;
      const client = clients[0] as { f: SystemPackagesFact; line: number };
      ctx.report({
        range: headRange(src, ins.node),
        message: `${ins.kind} runs \`${m[2]}\` on an https:// URL, but the image has no CA certificates: ${m[2]} was installed with --no-install-recommends (line ${client.line}), which leaves out ca-certificates, and ${rootBase(ctx, target).kind === "image" ? (rootBase(ctx, target) as { ref: string }).ref : "the base"} has none; install ca-certificates too`,
      });
    }
  }
}

export default defineRule({
  meta: {
    id: "ca-certificates-missing",
    aliases: [],
    source: "slimstage",
    severity: "warning",
    category: "multi-stage",
    summary: "The image makes HTTPS calls but has no CA certificates",
    rationale:
      "Without a CA bundle every TLS connection fails (`x509: certificate signed by unknown authority`, `curl: (77)`/`(60)`). Reported in the two cases the Dockerfile makes certain enough: (1) a final stage on `scratch` that runs a program copied from a stage that installed `ca-certificates` itself (so the program is known to need them) — copy the bundle too (`COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/`); (2) a final stage on a Debian or Ubuntu base image (which ship no CA certificates) whose CMD, ENTRYPOINT or HEALTHCHECK runs `curl`/`wget` on an `https://` URL, where every install of curl/wget used `--no-install-recommends` (ca-certificates is only a Recommends of libcurl4 and wget) and ca-certificates was not installed. Not reported: images that copy or add anything under an ssl/cert/pki path, final stages without CMD/ENTRYPOINT (case 1), a Go or Rust program on `scratch` without such a builder (whether it calls HTTPS servers is not in the Dockerfile: the 6 such images of the real-world corpus were all servers that do not), stages that remove packages with `apt-mark auto`, language runtime images (python, node … ship a bundle) and Alpine (its curl depends on the bundle).",
    examples: {
      bad: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\nCOPY app /app\nHEALTHCHECK CMD curl -fsS https://localhost:8443/health || exit 1\nCMD ["/app"]\n',
      good: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl && rm -rf /var/lib/apt/lists/*\nCOPY app /app\nHEALTHCHECK CMD curl -fsS https://localhost:8443/health || exit 1\nCMD ["/app"]\n',
    },
    fixable: false,
    needs: "analysis",
  },
  check(ctx) {
    const target = ctx.model.stages[ctx.graph.target] as Stage | undefined;
    if (!target || copiesCerts(ctx) || packageStateUnknown(ctx, target)) return;
    const root = rootBase(ctx, target);
    if (root.kind === "scratch") {
      if (targetDefinesStart(ctx)) scratchFinal(ctx, target);
    } else if ((root.info?.family === "debian" || root.info?.family === "ubuntu") && root.info.role === "base") httpsClientOnSlimBase(ctx, target);
  },
  tests: {
    valid: [
      'FROM golang:1.22-alpine AS build\nRUN apk add ca-certificates\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /etc/ssl/certs /etc/ssl/certs\nCOPY --from=build /app /app\nCMD ["/app"]\n',
      'FROM golang:1.22-alpine AS build\nRUN apk add ca-certificates\nRUN go build -o /app .\nFROM alpine:3.20\nCOPY --from=build /app /app\nCMD ["/app"]\n',
      'FROM golang:1.22 AS build\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\nCMD ["/app"]\n',
      "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl\nHEALTHCHECK CMD curl -f https://localhost/ || exit 1\n",
      "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\n",
      "FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl\nHEALTHCHECK CMD curl -f https://localhost/ || exit 1\n",
      "FROM debian:bookworm-slim AS base\nRUN apt-get update && apt-get install -y --no-install-recommends ca-certificates\nFROM base\nRUN apt-get update && apt-get install -y --no-install-recommends wget\nCMD wget -qO- https://example.org/\n",
    ],
    invalid: [
      {
        code: 'FROM golang:1.22-alpine AS build\nRUN apk add --no-cache ca-certificates\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\nCMD ["/app"]\n',
        errors: [{ line: 4, column: 1, endColumn: 13, message: "installed ca-certificates (line 2)" }],
      },
      {
        code: 'FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y --no-install-recommends wget\nCMD ["sh", "-c", "wget -qO- https://example.org/feed > /tmp/feed"]\n',
        errors: [
          {
            line: 3,
            column: 1,
            message: "CMD runs `wget` on an https:// URL, but the image has no CA certificates: wget was installed with --no-install-recommends (line 2)",
          },
        ],
      },
    ],
  },
});
