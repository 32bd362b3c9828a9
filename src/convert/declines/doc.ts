// docs/declines.md, generated from the registry (test/convert/declines.test.ts keeps the file current).
import { DECLINE_KINDS, type DeclineKind, NOTHING_TO_GAIN_KINDS } from "./registry.js";

function section(k: DeclineKind): string {
  const example = k.cases.hits[0]!;
  const opts = example.opts
    ? `\n(with ${Object.entries(example.opts)
        .map(([o, v]) => `\`${o}: ${JSON.stringify(v)}\``)
        .join(", ")})`
    : "";
  return `### \`${k.id}\`\n\n${k.summary[0]!.toUpperCase()}${k.summary.slice(1)}.\n\n${k.doc}\n\nWhat to do: ${k.hint}.\n\nFor example${opts}:\n\n\`\`\`dockerfile\n${example.dockerfile}\`\`\`\n`;
}

export function renderDeclinesDoc(): string {
  return [
    "# Why `slimstage convert` declines, or finds nothing to gain",
    "",
    "<!-- generated from src/convert/declines/registry.ts by test/convert/declines.test.ts; do not edit by hand -->",
    "",
    "slimstage would rather say no than guess. Every decline names the lines it is about, a reason and a hint, and",
    "carries a stable id (`--format json`: `declines[].id`; text: the id in brackets). A file that a split would not",
    "make smaller ends in **nothing to gain**, with ids of their own (`reasonIds`). Each id below has Dockerfiles that",
    "must end in it and near misses that must convert (its `cases` in the registry; the first is shown as the example).",
    "",
    "| id | when |",
    "| --- | --- |",
    ...DECLINE_KINDS.map((k) => `| [\`${k.id}\`](#${k.id}) | ${k.summary.replace(/\|/g, "\\|")} |`),
    "",
    "## Declines",
    "",
    ...DECLINE_KINDS.map(section),
    "## Nothing to gain",
    "",
    ...NOTHING_TO_GAIN_KINDS.map(section),
  ].join("\n");
}
