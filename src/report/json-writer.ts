// JSON written out in chunks: the same text as `JSON.stringify(value, null, 2) + "\n"`, without ever holding it
// as one string. A 50 MB Dockerfile's parse tree is over 512 MB of JSON, which is more than V8 lets one string be
// ("Invalid string length"). Walks with an explicit stack, so the depth of the value costs no call stack either.

const CHUNK = 1 << 16;

type Frame =
  { kind: "array"; items: readonly unknown[]; next: number; indent: string } | { kind: "object"; entries: [string, unknown][]; next: number; indent: string };

/** Writes `value` as indented JSON plus a newline through `write`, in chunks of about 64 KiB. */
export function writeJson(value: unknown, write: (chunk: string) => void, indentUnit = "  "): void {
  let buf = "";
  const out = (s: string): void => {
    buf += s;
    if (buf.length >= CHUNK) {
      write(buf);
      buf = "";
    }
  };
  const stack: Frame[] = [];
  // writes a value; containers are opened here and filled by the loop below
  const open = (v: unknown, indent: string): void => {
    const json = toJSONValue(v);
    if (Array.isArray(json)) {
      if (json.length === 0) return out("[]");
      out("[");
      stack.push({ kind: "array", items: json, next: 0, indent });
    } else if (json !== null && typeof json === "object") {
      const entries = Object.entries(json).filter(([, x]) => serializable(toJSONValue(x)));
      if (entries.length === 0) return out("{}");
      out("{");
      stack.push({ kind: "object", entries, next: 0, indent });
    } else {
      out(JSON.stringify(json) ?? "null");
    }
  };
  open(value, "");
  while (stack.length > 0) {
    const f = stack[stack.length - 1] as Frame;
    const inner = f.indent + indentUnit;
    if (f.kind === "array") {
      if (f.next >= f.items.length) {
        stack.pop();
        out(`\n${f.indent}]`);
        continue;
      }
      const item = toJSONValue(f.items[f.next]);
      out(`${f.next++ === 0 ? "" : ","}\n${inner}`);
      // inside arrays, what JSON cannot show becomes null, as in JSON.stringify
      open(serializable(item) ? item : null, inner);
    } else {
      if (f.next >= f.entries.length) {
        stack.pop();
        out(`\n${f.indent}}`);
        continue;
      }
      const [key, v] = f.entries[f.next] as [string, unknown];
      out(`${f.next++ === 0 ? "" : ","}\n${inner}${JSON.stringify(key)}: `);
      open(v, inner);
    }
  }
  out("\n");
  if (buf) write(buf);
}

function toJSONValue(v: unknown): unknown {
  if (v !== null && typeof v === "object" && typeof (v as { toJSON?: unknown }).toJSON === "function") return (v as { toJSON: () => unknown }).toJSON();
  return v;
}

/** What JSON.stringify leaves out of objects (and turns into null in arrays). */
function serializable(v: unknown): boolean {
  return v !== undefined && typeof v !== "function" && typeof v !== "symbol";
}
