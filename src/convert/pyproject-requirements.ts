// The requirement strings of a pyproject.toml, read table by table: [project] dependencies, every array of
// [project.optional-dependencies], [build-system] requires and PEP 735 [dependency-groups]. Other arrays of the file
// (`where = ["src"]` of setuptools' package finder, ruff's `select`, `classifiers`, `keywords` …) are not
// requirements. Array values are read string by string, so an extra's `]` (`"psycopg[binary]>=3"`) does not end
// the array.

/** Whether the array under `key` in `table` lists requirements. */
function listsRequirements(table: string, key: string): boolean {
  return (
    (table === "project" && key === "dependencies") ||
    table === "project.optional-dependencies" ||
    (table === "build-system" && key === "requires") ||
    table === "dependency-groups"
  );
}

/** The strings of the TOML array that starts at `text[start]` (`[`), and where it ends. */
function arrayStrings(text: string, start: number): { strings: string[]; end: number } {
  const strings: string[] = [];
  let depth = 0;
  // strings inside inline tables (`{include-group = "test"}`) are not requirements
  let braces = 0;
  let i = start;
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === "#") {
      // a comment runs to the end of its line
      const nl = text.indexOf("\n", i);
      i = nl < 0 ? text.length : nl;
      continue;
    }
    if (ch === '"' || ch === "'") {
      // basic strings may escape a quote; literal strings may not
      let j = i + 1;
      while (j < text.length && text[j] !== ch && text[j] !== "\n") j += ch === '"' && text[j] === "\\" ? 2 : 1;
      if (braces === 0) strings.push(text.slice(i + 1, j));
      i = j + 1;
      continue;
    }
    if (ch === "{") braces++;
    else if (ch === "}") braces--;
    else if (ch === "[") depth++;
    else if (ch === "]" && --depth === 0) return { strings, end: i + 1 };
    i++;
  }
  return { strings, end: text.length };
}

export function pyprojectRequirements(text: string): string[] {
  const out: string[] = [];
  let table = "";
  const line = /^[ \t]*(?:\[\[?([^\]\n]+)\]\]?[ \t]*(?:#.*)?$|("?)([A-Za-z0-9_.-]+)\2[ \t]*=[ \t]*(\[)?)/gm;
  let m: RegExpExecArray | null;
  while ((m = line.exec(text))) {
    if (m[0] === "") {
      line.lastIndex++;
      continue;
    }
    if (m[1] !== undefined) {
      table = m[1].replace(/\s+/g, "").replace(/"/g, "");
      continue;
    }
    if (m[4] === undefined) continue;
    const { strings, end } = arrayStrings(text, m.index + m[0].length - 1);
    if (listsRequirements(table, m[3] as string)) out.push(...strings);
    // a multi-line array's lines are not keys or tables
    line.lastIndex = end;
  }
  return out;
}
