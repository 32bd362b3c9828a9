import type { Stage } from "../../model/stages.js";
import { defineRule, imageStages, sourceOf } from "../helpers.js";
import { headRange } from "../locate.js";
import { programCalls } from "../shell-commands.js";
import { copiesIntoImage, rootBase, targetDefinesStart } from "../stage-facts.js";

const CERT_PATH = /ssl|cert|ca-bundle|pki/i;

export default defineRule({
  meta: {
    id: "ca-certificates-missing",
    aliases: [],
    source: "slimstage",
    severity: "warning",
    category: "multi-stage",
    summary: "A scratch final stage runs a program from a builder that installed CA certificates, but the image has none",
    rationale:
      "`scratch` has no files at all, so a program that makes HTTPS calls fails with `x509: certificate signed by unknown authority` at run time. When the stage the program is copied from installed `ca-certificates` itself (beyond what its base image has), the program is known to need them; copy the bundle too (`COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/`). Reported only for a final stage on scratch that copies from such a stage, defines how it starts, and copies nothing under an ssl/cert/pki path. Not reported (not certain enough): slim Debian/Ubuntu final stages (their package state decides) and builders that only download over HTTPS themselves.",
    examples: {
      bad: "FROM golang:1.22-alpine AS build\nRUN apk add --no-cache ca-certificates git\nRUN CGO_ENABLED=0 go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\nENTRYPOINT [\"/app\"]\n",
      good: "FROM golang:1.22-alpine AS build\nRUN apk add --no-cache ca-certificates git\nRUN CGO_ENABLED=0 go build -o /app .\nFROM scratch\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nCOPY --from=build /app /app\nENTRYPOINT [\"/app\"]\n",
    },
    fixable: false,
    needs: "analysis",
  },
  check(ctx) {
    const target = ctx.model.stages[ctx.graph.target] as Stage | undefined;
    if (!target || rootBase(ctx, target).kind !== "scratch" || !targetDefinesStart(ctx)) return;
    const copies = copiesIntoImage(ctx);
    const shipped = imageStages(ctx);
    const hasCerts = copies.some((c) => c.sources.some((s) => CERT_PATH.test(s)) || CERT_PATH.test(c.dest)) ||
      ctx.model.stages.some((s) => shipped.has(s.index) && s.steps.some((st) => (st.instruction.kind === "COPY" || st.instruction.kind === "ADD") && CERT_PATH.test([...st.instruction.sources, st.instruction.dest].join(" "))));
    if (hasCerts) return;
    const installers = programCalls(ctx, ["apk", "apt-get", "apt", "yum", "dnf", "microdnf"]).filter((r) => r.cmd.argv.includes("ca-certificates") && (r.cmd.argv.includes("add") || r.cmd.argv.includes("install")));
    const copy = copies.find((c) => !c.sources.some((s) => CERT_PATH.test(s)) && installers.some((r) => r.stage.index === c.from.index));
    if (!copy) return;
    const inst = installers.find((r) => r.stage.index === copy.from.index);
    ctx.report({
      range: headRange(sourceOf(ctx), target.from.node),
      message: `the final stage is FROM scratch and has no CA certificates, but stage ${copy.ins.from} installed ca-certificates (line ${inst?.range.start.line}) for the program it copies (line ${copy.ins.node.range.start.line}): HTTPS calls will fail; copy /etc/ssl/certs/ca-certificates.crt too`,
    });
  },
  tests: {
    valid: [
      "FROM golang:1.22-alpine AS build\nRUN apk add ca-certificates\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /etc/ssl/certs /etc/ssl/certs\nCOPY --from=build /app /app\nCMD [\"/app\"]\n",
      "FROM golang:1.22 AS build\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\nCMD [\"/app\"]\n",
      "FROM golang:1.22-alpine AS build\nRUN apk add ca-certificates\nRUN go build -o /app .\nFROM alpine:3.20\nCOPY --from=build /app /app\nCMD [\"/app\"]\n",
    ],
    invalid: [{ code: "FROM golang:1.22-alpine AS build\nRUN apk add --no-cache ca-certificates\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\nCMD [\"/app\"]\n", errors: [{ line: 4, column: 1, endColumn: 13, message: "installed ca-certificates (line 2)" }] }],
  },
});
