// The `# syntax=` directive and the "frontend auto" rule. A directive makes BuildKit pull a frontend image; without
// a registry that fails before anything builds. Then we build with the engine's builtin frontend by sending the
// text without the directive (the user's file is never touched).

export interface SyntaxDirective {
  /** The frontend image (first word of the value), e.g. `docker/dockerfile:1.7`. */
  image: string;
  /** The whole value, e.g. `docker/dockerfile:1.7 --some-opt`. */
  value: string;
  /** 1-based line of the directive in the text. */
  line: number;
}

const DIRECTIVE = /^#[ \t\v\f\r]*([a-zA-Z][a-zA-Z0-9]*)[ \t\v\f\r]*=[ \t\v\f\r]*(.+?)[ \t\v\f\r]*$/;
const KNOWN = new Set(["syntax", "escape", "check"]);

interface DirectiveLine {
  name: string;
  value: string;
  /** 0-based index into the split lines. */
  index: number;
}

/**
 * The leading directive block as BuildKit reads it: an optional BOM, an optional `#!` line, then consecutive
 * `# name=value` lines with a known name (syntax, escape, check); anything else ends the block.
 * (To be replaced by the syntax parser's directive list; keep the rule in this one function.)
 */
function directiveBlock(lines: readonly string[]): DirectiveLine[] {
  const out: DirectiveLine[] = [];
  const seen = new Set<string>();
  let i = 0;
  if (lines[0]?.startsWith("#!")) i = 1;
  for (; i < lines.length; i++) {
    const m = DIRECTIVE.exec(lines[i] ?? "");
    if (!m) break;
    const name = (m[1] ?? "").toLowerCase();
    if (!KNOWN.has(name) || seen.has(name)) break;
    seen.add(name);
    out.push({ name, value: m[2] ?? "", index: i });
  }
  return out;
}

function splitLines(text: string): string[] {
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
  return body.split("\n").map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l));
}

/** The `# syntax=` directive of a Dockerfile text, if any. */
export function detectSyntaxDirective(text: string): SyntaxDirective | undefined {
  const d = directiveBlock(splitLines(text)).find((x) => x.name === "syntax");
  if (!d) return undefined;
  const image = d.value.split(" ")[0] ?? d.value;
  return { image, value: d.value, line: d.index + 1 };
}

/**
 * The text without its `# syntax=` directive (unchanged when there is none). Later line numbers are kept: the
 * directive line is removed and a blank line is added right after the directive block, so an `# escape=` that
 * followed stays a directive and engine errors still point at the user's lines.
 */
export function stripSyntaxDirective(text: string): string {
  const hasBom = text.startsWith("\uFEFF");
  const body = hasBom ? text.slice(1) : text;
  const rawLines = body.split("\n");
  const block = directiveBlock(splitLines(text));
  const syntax = block.find((d) => d.name === "syntax");
  if (!syntax) return text;
  const last = block.at(-1)?.index ?? syntax.index;
  const eol = rawLines[syntax.index]?.endsWith("\r") ? "\r" : "";
  const out = [...rawLines];
  out.splice(last + 1, 0, eol);
  out.splice(syntax.index, 1);
  return (hasBom ? "\uFEFF" : "") + out.join("\n");
}

export type FrontendMode = "auto" | "directive" | "builtin";

/** Normalizes an image reference the way BuildKit names it in errors (`docker.io/library/…`). */
export function normalizeImageRef(ref: string): string {
  const first = ref.split("/")[0] ?? "";
  const hasRegistry = ref.includes("/") && (first.includes(".") || first.includes(":") || first === "localhost");
  if (hasRegistry) return ref;
  return ref.includes("/") ? `docker.io/${ref}` : `docker.io/library/${ref}`;
}

/**
 * Whether a failed build failed because the frontend image of `directive` could not be resolved: a
 * "resolve image config for docker-image://IMAGE" vertex with an error, or the engine's final message
 * "failed to resolve source metadata for IMAGE".
 */
export function isFrontendResolveFailure(directive: SyntaxDirective, failed: { stepName?: string; stepError?: string; output: readonly string[] }): boolean {
  const image = normalizeImageRef(directive.image);
  if (failed.stepName !== undefined && failed.stepError !== undefined) {
    const m = /^resolve image config for (?:docker-image:\/\/)?(\S+)/.exec(failed.stepName);
    if (m && normalizeImageRef(m[1] ?? "") === image) return true;
  }
  return failed.output.some((l) => {
    const m = /failed to resolve source metadata for (\S+?):?\s/.exec(l + " ");
    return m !== null && normalizeImageRef(m[1] ?? "") === image;
  });
}
