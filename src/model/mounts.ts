// `RUN --mount=…` values: CSV fields of key=value pairs, checked like BuildKit (types, keys per type, sharing
// modes, numeric modes and ids). `from` is never expanded: BuildKit refuses variables there.
import { suggestion } from "./suggest.js";

export type MountType = "bind" | "cache" | "tmpfs" | "secret" | "ssh";
export type MountSharing = "shared" | "private" | "locked";

export interface RunMount {
  type: MountType;
  from?: string;
  source?: string;
  target?: string;
  readOnly: boolean;
  id?: string;
  sharing?: MountSharing;
  required?: boolean;
  /** tmpfs size in bytes. */
  size?: number;
  mode?: number;
  uid?: number;
  gid?: number;
  env?: string;
}

export class MountError extends Error {}

const mountTypes: readonly MountType[] = ["bind", "cache", "tmpfs", "secret", "ssh"];
const sharingModes: readonly MountSharing[] = ["shared", "private", "locked"];
const allKeys = [
  "type",
  "from",
  "source",
  "target",
  "readonly",
  "id",
  "sharing",
  "required",
  "size",
  "mode",
  "uid",
  "gid",
  "src",
  "dst",
  "destination",
  "ro",
  "rw",
  "readwrite",
  "env",
];

/** Splits one CSV record: commas separate fields, double quotes may enclose a field, `""` is a quote. */
export function csvFields(value: string): string[] {
  const fields: string[] = [];
  let field = "";
  let i = 0;
  let quoted = false;
  let atFieldStart = true;
  while (i < value.length) {
    const ch = value[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (value[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += ch;
      i++;
      continue;
    }
    if (ch === '"' && atFieldStart) {
      quoted = true;
      atFieldStart = false;
      i++;
      continue;
    }
    if (ch === ",") {
      fields.push(field);
      field = "";
      atFieldStart = true;
      i++;
      continue;
    }
    if (ch === '"') throw new MountError(`failed to parse csv mounts: bare " in non-quoted field`);
    field += ch;
    atFieldStart = false;
    i++;
  }
  if (quoted) throw new MountError(`failed to parse csv mounts: extraneous or missing " in quoted field`);
  fields.push(field);
  return fields;
}

function parseBool(key: string, value: string): boolean {
  const v = value.toLowerCase();
  if (["1", "t", "true"].includes(v)) return true;
  if (["0", "f", "false"].includes(v)) return false;
  throw new MountError(`invalid value for ${key}: ${value}`);
}

function parseUint(value: string, radix: 8 | 10, what: string): number {
  const ok = radix === 8 ? /^[0-7]+$/.test(value) : /^[0-9]+$/.test(value);
  const n = ok ? Number.parseInt(value, radix) : NaN;
  if (!ok || n > 0xffffffff) throw new MountError(`invalid value ${value} for ${what}`);
  return n;
}

/** Bytes from a size like `64m`, `1g`, `512k` or a plain number (binary units, as docker's RAMInBytes). */
function ramInBytes(value: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kmgtp]?)(i?b)?$/i.exec(value.trim());
  if (!m) throw new MountError(`invalid value for size: ${value}`);
  const unit = (m[2] ?? "").toLowerCase();
  const mult = { "": 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 }[unit] ?? 1;
  return Math.floor(Number(m[1]) * mult);
}

/** Parses a mount; `expand` substitutes variables in values (all keys but `from`). */
export function parseMount(value: string, expand: (word: string) => string = (w) => w): RunMount {
  const m: RunMount = { type: "bind", readOnly: true };
  let roAuto = true;
  for (const field of csvFields(value)) {
    const eq = field.indexOf("=");
    const key = (eq === -1 ? field : field.slice(0, eq)).toLowerCase();
    if (eq === -1) {
      if (key === "readonly" || key === "ro") {
        m.readOnly = true;
        roAuto = false;
      } else if (key === "readwrite" || key === "rw") {
        m.readOnly = false;
        roAuto = false;
      } else if (key === "required") {
        if (m.type !== "secret" && m.type !== "ssh") throw new MountError(`unexpected key '${key}' for mount type '${m.type}'`);
        m.required = true;
      } else {
        throw new MountError(`invalid field '${field}' must be a key=value pair`);
      }
      continue;
    }
    let v = field.slice(eq + 1);
    if (key === "from") {
      const idx = v.indexOf("$");
      if (idx !== -1 && idx !== v.length - 1) {
        throw new MountError(`'${key}' doesn't support variable expansion, define alias stage instead`);
      }
    } else {
      v = expand(v);
    }
    switch (key) {
      case "type": {
        const t = v.toLowerCase() as MountType;
        if (!mountTypes.includes(t)) throw new MountError(`unsupported mount type "${v}"${hint(v, mountTypes)}`);
        m.type = t;
        break;
      }
      case "from":
        m.from = v;
        break;
      case "source":
      case "src":
        m.source = v;
        break;
      case "target":
      case "dst":
      case "destination":
        m.target = v;
        break;
      case "readonly":
      case "ro":
        m.readOnly = parseBool(key, v);
        roAuto = false;
        break;
      case "readwrite":
      case "rw":
        m.readOnly = !parseBool(key, v);
        roAuto = false;
        break;
      case "required":
        if (m.type !== "secret" && m.type !== "ssh") throw new MountError(`unexpected key '${key}' for mount type '${m.type}'`);
        m.required = parseBool(key, v);
        break;
      case "size":
        if (m.type !== "tmpfs") throw new MountError(`unexpected key '${key}' for mount type '${m.type}'`);
        m.size = ramInBytes(v);
        break;
      case "id":
        m.id = v;
        break;
      case "sharing": {
        const s = v.toLowerCase() as MountSharing;
        if (!sharingModes.includes(s)) throw new MountError(`unsupported sharing value "${v}"${hint(v, sharingModes)}`);
        m.sharing = s;
        break;
      }
      case "mode":
        m.mode = parseUint(v, 8, "mode");
        break;
      case "uid":
        m.uid = parseUint(v, 10, "uid");
        break;
      case "gid":
        m.gid = parseUint(v, 10, "gid");
        break;
      case "env":
        m.env = v;
        break;
      default:
        throw new MountError(`unexpected key '${key}' in '${field}'${hint(key, allKeys)}`);
    }
  }
  const fileInfoAllowed = m.type === "secret" || m.type === "ssh" || m.type === "cache";
  if (!fileInfoAllowed) {
    for (const k of ["mode", "uid", "gid"] as const) {
      if (m[k] !== undefined) throw new MountError(`${k} not allowed for "${m.type}" type mounts`);
    }
  }
  if (roAuto) m.readOnly = !(m.type === "cache" || m.type === "tmpfs");
  if (m.type === "secret") {
    if (m.from !== undefined) throw new MountError("secret mount should not have a from");
    if (m.sharing) throw new MountError("secret mount should not define sharing");
    if (!m.source && !m.target && !m.id) throw new MountError("invalid secret mount. one of source, target required");
  }
  if (m.type === "ssh") {
    if (m.from !== undefined) throw new MountError("ssh mount should not have a from");
  }
  return m;
}

function hint(word: string, candidates: readonly string[]): string {
  const s = suggestion(word, candidates);
  return s ? ` (did you mean ${s}?)` : "";
}
