// The verdict: pass only when every probe matches, the config matches (or differs only where allowed), no ELF
// file has an unresolved library, and the candidate ships no build-only package. Every failure comes with the
// likely fix. Pure over the facts gathered by verify.ts.
import { installCommand, managerForFamily } from "../knowledge/index.js";
import type { ProbeComparison } from "./compare.js";
import type { ConfigDifference } from "./config.js";
import type { ImageFacts, MissingLibrary } from "./facts.js";

export type FindingKind =
  "build" | "probe" | "config" | "missing-library" | "build-only-package" | "leftover" | "incomplete-elf" | "not-smaller" | "probe-inconclusive";

export interface Finding {
  /** `error` fails the verdict; `warning` and `info` are reported only. */
  severity: "error" | "warning" | "info";
  kind: FindingKind;
  /** What the finding is about: a probe spec, a config key, a soname, a package, a path. */
  subject: string;
  message: string;
  fix?: string;
}

const installCmd = (family: ImageFacts["family"], pkg: string) =>
  installCommand({ manager: managerForFamily(family === "alpine" ? "alpine" : "debian"), packages: [pkg] });

/** A missing library in the candidate, with its fix. */
export function missingLibraryFinding(m: MissingLibrary, family: ImageFacts["family"], inOriginal: boolean): Finding {
  const who = m.neededBy.length === 1 ? `/${m.neededBy[0]}` : `/${m.neededBy[0]} and ${m.neededBy.length - 1} more`;
  const message = `${m.soname} not found (needed by ${who})`;
  if (inOriginal) {
    return {
      severity: "warning",
      kind: "missing-library",
      subject: m.soname,
      message: `${message}; the original image lacks it too`,
    };
  }
  return {
    severity: "error",
    kind: "missing-library",
    subject: m.soname,
    message,
    fix: m.package
      ? `install ${m.package} in the final stage (${installCmd(family, m.package)})`
      : `copy ${m.soname} from the build stage into the final stage, or install the package that ships it`,
  };
}

/** The likely cause of a behaviour difference, read from what the candidate printed. */
export function likelyProbeFix(
  output: string,
  family: ImageFacts["family"] = "debian",
  packageFor?: (soname: string) => string | undefined,
): string | undefined {
  // The loader's own message, or Python's / Node's when an extension module cannot load its library.
  let m = /([^:\s]+\.so[.\d]*): cannot open shared object file/.exec(output);
  if (m) {
    const pkg = packageFor?.(m[1] as string);
    return pkg ? `install ${pkg} in the final stage (${installCmd(family, pkg)})` : `${m[1]} is missing from the final stage: install or copy it`;
  }
  m = /ModuleNotFoundError: No module named '([^']+)'|ImportError: No module named ([\w.]+)/.exec(output);
  if (m) return `the Python module ${m[1] ?? m[2]} is missing: copy the installed packages (the virtualenv or site-packages) from the build stage`;
  m = /Error: Cannot find module '([^']+)'/.exec(output);
  if (m) return `the Node module ${m[1]} is missing: copy node_modules (or the built output) from the build stage`;
  m = /can't open file '([^']+)'|No such file or directory: '([^']+)'|(\S+): No such file or directory/.exec(output);
  if (m) return `${m[1] ?? m[2] ?? m[3]} is missing in the candidate: copy it into the final stage`;
  m = /exec: "([^"]+)": executable file not found in \$PATH|(\S+): (?:command )?not found/.exec(output);
  if (m) return `${m[1] ?? m[2]} is not in the final stage (or not on its PATH): install or copy it`;
  if (/Permission denied/.test(output)) return "a file is not accessible to the candidate's user: check USER and file ownership (COPY --chown)";
  return undefined;
}

function probeFinding(c: ProbeComparison, family: ImageFacts["family"], packageFor?: (soname: string) => string | undefined): Finding {
  const what = c.differences.map((d) => d.field).join(", ");
  const out = `${c.candidate.stderr ?? ""}\n${c.candidate.stdout ?? ""}\n${c.candidate.http?.error ?? ""}\n${c.candidate.note ?? ""}`;
  const fix = likelyProbeFix(out, family, packageFor);
  return {
    severity: "error",
    kind: "probe",
    subject: c.probe,
    message: `probe ${c.probe}: the candidate differs (${what})`,
    fix: fix ?? "the candidate behaves differently: compare the outputs shown",
  };
}

function configFinding(d: ConfigDifference): Finding {
  const show = (v: string | undefined) => v ?? "(unset)";
  if (d.allowed) {
    return {
      severity: "info",
      kind: "config",
      subject: d.key,
      message: `${d.key} differs (${show(d.original)} → ${show(d.candidate)}), allowed: ${d.allowed.reason}`,
    };
  }
  const name = d.key.includes(".") ? d.key.slice(d.key.indexOf(".") + 1) : "";
  const set =
    d.original === undefined
      ? `remove ${d.key} from the final stage`
      : d.group === "ENV"
        ? `set ENV ${name}=${d.original} in the final stage`
        : d.group === "LABEL"
          ? `set LABEL ${name}=${JSON.stringify(d.original)} in the final stage`
          : `set ${d.group} ${d.original} in the final stage`;
  return {
    severity: "error",
    kind: "config",
    subject: d.key,
    message: `${d.key} differs: original ${show(d.original)}, candidate ${show(d.candidate)}`,
    fix: `${set} (settings of earlier stages do not carry over), or pass --allow-config ${d.key} if the change is intended`,
  };
}

export interface JudgeInput {
  originalFacts: ImageFacts;
  candidateFacts: ImageFacts;
  originalSize: number;
  candidateSize: number;
  probes: readonly ProbeComparison[];
  config: readonly ConfigDifference[];
  packageForSoname?: (soname: string) => string | undefined;
}

/** Findings, errors first, and the verdict. */
export function judge(input: JudgeInput): { verdict: "pass" | "fail"; findings: Finding[] } {
  const f: Finding[] = [];
  const family = input.candidateFacts.family;
  for (const c of input.probes) {
    if (!c.match) f.push(probeFinding(c, family, input.packageForSoname));
    else if (c.original.status === "error") {
      f.push({
        severity: "warning",
        kind: "probe-inconclusive",
        subject: c.probe,
        message: `probe ${c.probe} could not run on either image (${c.original.note ?? "error"}); it proves nothing`,
      });
    } else if (c.kind === "http" && c.original.status === "ran" && c.original.http?.status == null) {
      // neither image answered (nothing listens on that port, or the app died): the same silence proves nothing
      f.push({
        severity: "warning",
        kind: "probe-inconclusive",
        subject: c.probe,
        message: `probe ${c.probe} got no HTTP response from either image (${c.original.http?.error ?? "no response"}); it proves nothing — check the port and path`,
      });
    }
  }
  for (const d of input.config) f.push(configFinding(d));
  const originalMissing = new Set(input.originalFacts.missingLibraries.map((m) => m.soname));
  for (const m of input.candidateFacts.missingLibraries) f.push(missingLibraryFinding(m, family, originalMissing.has(m.soname)));
  for (const p of input.candidateFacts.buildOnlyPackages) {
    f.push({
      severity: "error",
      kind: "build-only-package",
      subject: p.name,
      message: `${p.name} (${p.reason}) is in the final image`,
      fix: `install ${p.name} only in a build stage; the final stage needs runtime libraries at most`,
    });
  }
  for (const l of input.candidateFacts.leftovers) {
    if (l.kind === "headers" && input.originalFacts.leftovers.some((o) => o.path === l.path && o.bytes >= l.bytes)) continue; // the base image's own headers
    f.push({
      severity: "warning",
      kind: "leftover",
      subject: l.path,
      message: `/${l.path}: ${l.kind} (${l.files} files, ${l.bytes} bytes) in the final image`,
      fix:
        l.kind === "headers" || l.kind === "source tree"
          ? "keep it in a build stage"
          : `remove it in the same RUN that fills it, or use a cache mount (RUN --mount=type=cache)`,
    });
  }
  for (const e of input.candidateFacts.incompleteElf) {
    f.push({ severity: "warning", kind: "incomplete-elf", subject: e.path, message: `/${e.path}: linkage not checked (${e.problem})` });
  }
  if (input.candidateSize >= input.originalSize) {
    f.push({
      severity: "warning",
      kind: "not-smaller",
      subject: "size",
      message: `the candidate is not smaller (${input.candidateSize} vs ${input.originalSize} bytes)`,
    });
  }
  const rank = { error: 0, warning: 1, info: 2 } as const;
  f.sort((a, b) => rank[a.severity] - rank[b.severity]);
  return { verdict: f.some((x) => x.severity === "error") ? "fail" : "pass", findings: f };
}
