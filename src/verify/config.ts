// Image config comparison: ENV, ENTRYPOINT, CMD, USER, WORKDIR, EXPOSE, VOLUME, LABEL, HEALTHCHECK. ENV and LABEL
// are compared per key (`ENV.PATH`, `LABEL.org.example`), so an allowance can be as narrow as one variable. Pure.
import type { ImageConfig } from "../engine/index.js";

export const CONFIG_KEYS = ["ENV", "ENTRYPOINT", "CMD", "USER", "WORKDIR", "EXPOSE", "VOLUME", "LABEL", "HEALTHCHECK"] as const;
export type ConfigKey = (typeof CONFIG_KEYS)[number];

export interface ConfigDifference {
  /** `CMD`, `ENV.PATH`, `LABEL.maintainer`… */
  key: string;
  group: ConfigKey;
  /** Display values; undefined when absent on that side. */
  original: string | undefined;
  candidate: string | undefined;
  /** Why the difference does not count: the user's --allow-config, or a built-in rule. */
  allowed?: { by: "user" | "rule"; reason: string };
}

function envMap(env: readonly string[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const e of env) {
    const eq = e.indexOf("=");
    if (eq < 0) m.set(e, "");
    else m.set(e.slice(0, eq), e.slice(eq + 1));
  }
  return m;
}

const json = (v: unknown): string | undefined => (v === null || v === undefined ? undefined : JSON.stringify(v));

function healthText(h: ImageConfig["healthcheck"]): string | undefined {
  if (!h || h.test.length === 0) return undefined;
  const parts = [JSON.stringify(h.test)];
  const secs = (ns: number | undefined) => (ns ? `${ns / 1e9}s` : undefined);
  for (const [k, v] of [
    ["interval", secs(h.intervalNs)],
    ["timeout", secs(h.timeoutNs)],
    ["start-period", secs(h.startPeriodNs)],
    ["retries", h.retries ? String(h.retries) : undefined],
  ] as const)
    if (v) parts.push(`${k}=${v}`);
  return parts.join(" ");
}

/**
 * PATH entries added while every original entry is kept, in order: the multi-stage idiom of putting a virtualenv
 * or a copied toolchain first. Returns the added entries, or undefined when the change is anything else.
 */
export function pathExtension(original: string, candidate: string): string[] | undefined {
  const a = original.split(":");
  const b = candidate.split(":");
  let i = 0;
  const added: string[] = [];
  for (const dir of b) {
    if (i < a.length && dir === a[i]) i++;
    else added.push(dir);
  }
  return i === a.length && added.length > 0 ? added : undefined;
}

/** Whether `key` (e.g. ENV.PATH) is covered by an allowance (`ENV` covers all of ENV; case-insensitive group). */
export function isAllowed(key: string, allow: readonly string[]): boolean {
  const [group, ...rest] = key.split(".");
  const sub = rest.join(".");
  return allow.some((a) => {
    const [ag, ...ar] = a.split(".");
    if ((ag ?? "").toUpperCase() !== (group ?? "").toUpperCase()) return false;
    return ar.length === 0 || ar.join(".") === sub;
  });
}

/** Every difference between two configs, allowances marked. */
export function compareConfig(original: ImageConfig, candidate: ImageConfig, allow: readonly string[] = []): ConfigDifference[] {
  const out: ConfigDifference[] = [];
  const push = (group: ConfigKey, key: string, o: string | undefined, c: string | undefined) => {
    if (o === c) return;
    const d: ConfigDifference = { key, group, original: o, candidate: c };
    if (isAllowed(key, allow)) d.allowed = { by: "user", reason: `--allow-config ${allow.find((a) => isAllowed(key, [a]))}` };
    out.push(d);
  };
  const ea = envMap(original.env);
  const eb = envMap(candidate.env);
  for (const name of [...new Set([...ea.keys(), ...eb.keys()])].sort()) {
    const o = ea.get(name);
    const c = eb.get(name);
    if (o === c) continue;
    push("ENV", `ENV.${name}`, o, c);
    const d = out.at(-1);
    if (d && !d.allowed && name === "PATH" && o !== undefined && c !== undefined) {
      const added = pathExtension(o, c);
      if (added) d.allowed = { by: "rule", reason: `PATH keeps every original entry and adds ${added.join(", ")}` };
    }
  }
  push("ENTRYPOINT", "ENTRYPOINT", json(original.entrypoint), json(candidate.entrypoint));
  push("CMD", "CMD", json(original.cmd), json(candidate.cmd));
  push("USER", "USER", original.user || undefined, candidate.user || undefined);
  // An unset WORKDIR is `/` at run time.
  push("WORKDIR", "WORKDIR", original.workingDir || "/", candidate.workingDir || "/");
  const list = (v: readonly string[]) => (v.length ? [...v].sort().join(" ") : undefined);
  push("EXPOSE", "EXPOSE", list(original.exposedPorts), list(candidate.exposedPorts));
  push("VOLUME", "VOLUME", list(original.volumes), list(candidate.volumes));
  for (const name of [...new Set([...Object.keys(original.labels), ...Object.keys(candidate.labels)])].sort())
    push("LABEL", `LABEL.${name}`, original.labels[name], candidate.labels[name]);
  push("HEALTHCHECK", "HEALTHCHECK", healthText(original.healthcheck), healthText(candidate.healthcheck));
  return out;
}

/** Allowance keys the user may pass: a group, or ENV./LABEL. with a name. */
export function checkAllowKey(key: string): string | undefined {
  const [group, ...rest] = key.split(".");
  const g = (group ?? "").toUpperCase();
  if (!(CONFIG_KEYS as readonly string[]).includes(g)) return `unknown config key "${key}" (one of ${CONFIG_KEYS.join(", ")}, or ENV.NAME / LABEL.NAME)`;
  if (rest.length > 0 && g !== "ENV" && g !== "LABEL") return `"${key}": only ENV and LABEL take a .NAME`;
  if (rest.length > 0 && rest.join(".") === "") return `"${key}": empty name`;
  return undefined;
}
