import { posix } from "node:path";

/** A tar member name or image path → the tree key: no leading `/` or `./`, no trailing `/`; the root is "". */
export function normalizePath(p: string): string {
  const n = posix.normalize("/" + p);
  return n === "/"
    ? ""
    : n
        .replace(/^\/+/, "")
        .replace(/\/+$/, "")
        .replace(/^(\.\.\/)+/, "");
}

export function dirnameOf(path: string): string {
  const i = path.lastIndexOf("/");
  return i < 0 ? "" : path.slice(0, i);
}

export function basenameOf(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

/** Minimal glob for one path: `*` and `?` do not cross `/`; `[...]` classes are supported. */
export function globToRegExp(glob: string): RegExp {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else if (c === "[") {
      const end = glob.indexOf("]", i + 1);
      if (end < 0) re += "\\[";
      else {
        re +=
          "[" +
          glob
            .slice(i + 1, end)
            .replace(/^!/, "^")
            .replace(/\\/g, "\\\\") +
          "]";
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}
