// The requirements of a setuptools project that declares them outside pyproject.toml: setup.cfg's
// `[options] install_requires` and `[options.extras_require]` (declarative, read as setuptools reads them), and a
// setup.py whose `install_requires=[…]` is a literal list of strings (a computed list is not followed).

/** Values of a setup.cfg list option: one per line (dangling list) or separated by `;`/`,` on one line. */
function cfgList(value: string): string[] {
  const lines = value
    .split(/\r?\n/)
    .map((l) => l.replace(/(^|\s)[#;].*$/, "").trim())
    .filter(Boolean);
  if (lines.length === 1 && !value.includes("\n")) return (lines[0] as string).split(/\s*[;,]\s*/).filter(Boolean);
  return lines;
}

export function setupCfgRequirements(text: string): string[] {
  const out: string[] = [];
  let section = "";
  let key: string | undefined;
  let value = "";
  const flush = () => {
    if (key !== undefined && ((section === "options" && key === "install_requires") || section === "options.extras_require")) out.push(...cfgList(value));
    key = undefined;
    value = "";
  };
  for (const line of text.split(/\r?\n/)) {
    const header = /^\[([^\]]+)\]\s*$/.exec(line);
    if (header) {
      flush();
      section = (header[1] as string).trim();
      continue;
    }
    // an indented line continues the value before it
    if (/^\s+\S/.test(line) && key !== undefined) {
      value += `\n${line}`;
      continue;
    }
    const kv = /^([A-Za-z0-9_.-]+)\s*[=:]\s*(.*)$/.exec(line);
    if (kv) {
      flush();
      key = kv[1] as string;
      value = kv[2] as string;
    } else if (line.trim() === "" || /^\s*[#;]/.test(line)) continue;
  }
  flush();
  return out;
}

/** The strings of `install_requires=[…]` in a setup.py, when it is a literal list. */
export function setupPyRequirements(text: string): string[] {
  const m = /\binstall_requires\s*=\s*\[/.exec(text);
  if (!m) return [];
  const out: string[] = [];
  let i = m.index + m[0].length;
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === "]") return out;
    if (ch === "#") {
      const nl = text.indexOf("\n", i);
      i = nl < 0 ? text.length : nl;
      continue;
    }
    if (ch === '"' || ch === "'") {
      const end = text.indexOf(ch, i + 1);
      if (end < 0) return out;
      out.push(text.slice(i + 1, end));
      i = end + 1;
      continue;
    }
    // a name, a call or a comprehension: the list is computed, and what was read so far is all that is known
    if (/[A-Za-z_(]/.test(ch)) return out;
    i++;
  }
  return out;
}
