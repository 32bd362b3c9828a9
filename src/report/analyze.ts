// How `slimstage analyze` shows its findings: text for people, JSON for machines.
import { pushAll } from "../arrays.js";
import type { DockerfileAnalysis, StageAnalysis } from "../analyze/dockerfile.js";
import type { Fact } from "../analyze/facts.js";
import { describePhpFact } from "../analyze/php-facts.js";
import { describeRubyFact } from "../analyze/ruby-facts.js";
import type { Colors } from "./colors.js";

export function analysisToJSON(a: DockerfileAnalysis): unknown {
  return {
    file: a.model.file ?? null,
    final: a.stages[a.final]?.id,
    verdict: a.verdict,
    stages: a.stages.map((s) => ({
      index: s.index,
      id: s.id,
      name: s.name ?? null,
      unused: s.unused,
      base: s.baseName,
      baseInfo: s.baseInfo
        ? {
            family: s.baseInfo.family,
            language: s.baseInfo.language ?? null,
            languageVersion: s.baseInfo.languageVersion ?? null,
            libc: s.baseInfo.libc,
            release: s.baseInfo.release ?? null,
            role: s.baseInfo.role,
            runtimeCounterpart: s.baseInfo.runtimeCounterpart ?? null,
          }
        : null,
      family: s.family,
      packages: s.packages,
      buildOnly: s.buildOnly,
      runtimeLibraries: s.runtimeLibraries,
      runs: s.runs.map((r) => ({
        line: r.line,
        facts: r.facts.map((f) => ({ line: f.at.line, column: f.at.column, ...stripRange(f.value) })),
        unrecognized: r.unrecognized.map((c) => ({ line: c.at.line, column: c.at.column, command: c.value.name, text: c.value.text })),
        diagnostics: r.diagnostics.map((d) => ({ line: d.at.line, column: d.at.column, message: d.message })),
      })),
      languageSteps: s.languageSteps.map((f) => ({ line: f.at.line, kind: f.value.kind, outputs: f.value.outputs })),
      artifacts: s.artifacts,
      caches: s.caches,
      runtime: s.runtime,
    })),
  };
}

function stripRange(f: Fact): Omit<Fact, "range"> {
  const { range: _range, ...rest } = f;
  return rest;
}

function describeFact(f: Fact): string {
  switch (f.kind) {
    case "system-packages":
      return `${f.manager} ${f.op}${f.packages.length ? ` ${f.packages.map((p) => p.raw).join(" ")}` : ""}${f.noInstallRecommends ? " (no recommends)" : ""}`;
    case "cache-cleanup":
      return `cleans ${f.owner} cache ${f.paths.join(" ")}`;
    case "python-deps":
      return `${f.tool} ${f.op}${f.requirements.length ? ` -r ${f.requirements.join(" -r ")}` : ""}${f.packages.length ? ` ${f.packages.map((p) => p.raw).join(" ")}` : ""}${f.localPaths.length ? ` ${f.localPaths.join(" ")}` : ""}${f.noCacheDir ? " (no cache)" : ""}`;
    case "python-venv":
      return `creates virtualenv ${f.path}`;
    case "node-deps":
      return `${f.tool} ${f.op}${f.omitDev ? " (production only)" : ""}`;
    case "node-run":
      return `${f.tool} runs ${f.script}`;
    case "go":
      return `go ${f.op}${f.output ? ` -o ${f.output}` : ""}${f.cgoEnabled !== undefined ? ` (CGO_ENABLED=${f.cgoEnabled})` : ""}`;
    case "cargo":
      return `cargo ${f.op}${f.release ? " --release" : ""}`;
    case "java":
      return `${f.tool} ${f.goals.join(" ")}`;
    case "dotnet":
      return `dotnet ${f.op}${f.output ? ` -o ${f.output}` : ""}`;
    case "c-build":
      return `${f.tool}${f.targets.length ? ` ${f.targets.join(" ")}` : ""}${f.prefix ? ` (prefix ${f.prefix})` : ""}`;
    case "download":
      return `downloads ${f.urls.join(" ")}`;
    case "unpack":
      return `unpacks ${f.archive ?? "stdin"}${f.targetDir ? ` into ${f.targetDir}` : ""}`;
    case "user":
      return `${f.op} ${f.name}`;
    case "file-op":
      return `${f.op} ${f.paths.join(" ")}${f.dest ? ` → ${f.dest}` : ""}`;
    case "php":
      return describePhpFact(f);
    case "ruby-deps":
    case "ruby-run":
      return describeRubyFact(f);
  }
}

export function analysisToText(a: DockerfileAnalysis, c: Colors): string {
  const out: string[] = [];
  for (const s of a.stages) pushAll(out, stageText(s, s.index === a.final, c)).push("");
  out.push(c.bold("Verdict"));
  out.push(`  ${a.verdict.summary}`);
  if (a.verdict.wouldRemove.length) out.push(`  would remove: ${a.verdict.wouldRemove.join(", ")}`);
  if (a.verdict.keepLibraries.length) out.push(`  keep (runtime): ${a.verdict.keepLibraries.join(", ")}`);
  return out.join("\n") + "\n";
}

function stageText(s: StageAnalysis, final: boolean, c: Colors): string[] {
  const marks = [final ? "final" : "", s.unused ? "unused" : ""].filter(Boolean).join(", ");
  const info = s.baseInfo;
  const base = info
    ? `${s.baseName} (${[info.family, info.language && `${info.language} ${info.languageVersion ?? ""}`.trim(), info.libc, info.release, info.role].filter(Boolean).join(", ")})`
    : s.baseName;
  const out = [c.bold(`Stage ${s.index} ${s.id}${marks ? ` [${marks}]` : ""}`), `  base: ${base}`];
  for (const r of s.runs) {
    for (const f of r.facts) out.push(`  line ${f.at.line}: ${describeFact(f.value)}`);
    for (const u of r.unrecognized) out.push(c.dim(`  line ${u.at.line}: (not recognised) ${u.value.text.slice(0, 80)}`));
  }
  if (s.packages.length) {
    out.push("  packages present at the end of the stage:");
    for (const p of s.packages) {
      const cls = p.class === "build-only" ? c.yellow("build-only") : p.class === "runtime-library" ? c.green("runtime library") : "other";
      out.push(`    ${p.name.padEnd(32)} ${cls}${p.runtimeLibraries.length ? ` → runtime: ${p.runtimeLibraries.join(", ")}` : ""}`);
    }
  }
  if (s.runtimeLibraries.length) out.push(`  runtime libraries implied: ${s.runtimeLibraries.join(", ")}`);
  if (s.artifacts.length) out.push(`  artifacts: ${s.artifacts.join(", ")}`);
  if (s.caches.length) out.push(`  caches left: ${s.caches.join(", ")}`);
  if (final) {
    const rt = s.runtime;
    const fmt = (x: { shell: boolean; cmdLine: string[] } | undefined) => (x ? (x.shell ? x.cmdLine.join(" ") : JSON.stringify(x.cmdLine)) : "-");
    out.push("  runtime configuration:");
    out.push(`    WORKDIR ${rt.workdir}   USER ${rt.user ?? "(base)"}   EXPOSE ${rt.expose.join(" ") || "-"}`);
    out.push(`    ENTRYPOINT ${fmt(rt.entrypoint)}   CMD ${fmt(rt.cmd)}`);
    const env = Object.entries(rt.env);
    if (env.length) out.push(`    ENV ${env.map(([k, v]) => `${k}=${v}`).join(" ")}`);
    if (rt.volumes.length) out.push(`    VOLUME ${rt.volumes.join(" ")}`);
    if (rt.healthcheck) out.push(`    HEALTHCHECK ${rt.healthcheck}`);
    const labels = Object.entries(rt.labels);
    if (labels.length) out.push(`    LABEL ${labels.map(([k, v]) => `${k}=${v}`).join(" ")}`);
    if (rt.stopsignal) out.push(`    STOPSIGNAL ${rt.stopsignal}`);
    if (rt.shell) out.push(`    SHELL ${JSON.stringify(rt.shell)}`);
  }
  return out;
}
