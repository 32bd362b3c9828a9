// Test helpers: synthetic ELF files, layer tars and `docker save` archives built in memory with tar-stream.
import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import tar from "tar-stream";

export interface ElfSpec {
  bits: 32 | 64;
  le: boolean;
  machine?: number;
  type?: number;
  interp?: string;
  needed?: string[];
  soname?: string;
  rpath?: string;
  runpath?: string;
  /** Padding bytes between the string table and the dynamic section (to exercise streaming windows). */
  gap?: number;
}

/** A minimal but well-formed ELF: one PT_LOAD over the whole file, PT_INTERP, PT_DYNAMIC, a string table. */
export function makeElf(s: ElfSpec): Buffer {
  const is64 = s.bits === 64;
  const ehsize = is64 ? 64 : 52;
  const phentsize = is64 ? 56 : 32;
  const phnum = 3;
  const base = 0x400000;
  // String table: leading NUL, then every string.
  const strs: string[] = [...(s.needed ?? [])];
  if (s.soname) strs.push(s.soname);
  if (s.rpath) strs.push(s.rpath);
  if (s.runpath) strs.push(s.runpath);
  const offsets = new Map<string, number>();
  let strtab = Buffer.from([0]);
  for (const x of strs) {
    if (!offsets.has(x)) {
      offsets.set(x, strtab.length);
      strtab = Buffer.concat([strtab, Buffer.from(x + "\0")]);
    }
  }
  const interp = s.interp !== undefined ? Buffer.from(s.interp + "\0") : Buffer.alloc(0);
  const interpOff = ehsize + phnum * phentsize;
  const strOff = interpOff + interp.length;
  const dynOff = strOff + strtab.length + (s.gap ?? 0);
  const dyn: [number, number][] = [];
  for (const n of s.needed ?? []) dyn.push([1, offsets.get(n) as number]);
  if (s.soname) dyn.push([14, offsets.get(s.soname) as number]);
  if (s.rpath) dyn.push([15, offsets.get(s.rpath) as number]);
  if (s.runpath) dyn.push([29, offsets.get(s.runpath) as number]);
  dyn.push([5, base + strOff], [10, strtab.length], [0, 0]);
  const dentsize = is64 ? 16 : 8;
  const total = dynOff + dyn.length * dentsize;
  const b = Buffer.alloc(total);
  const u16 = (v: number, o: number) => (s.le ? b.writeUInt16LE(v, o) : b.writeUInt16BE(v, o));
  const u32 = (v: number, o: number) => (s.le ? b.writeUInt32LE(v, o) : b.writeUInt32BE(v, o));
  const u64 = (v: number, o: number) => (s.le ? b.writeBigUInt64LE(BigInt(v), o) : b.writeBigUInt64BE(BigInt(v), o));
  const word = (v: number, o: number) => (is64 ? u64(v, o) : u32(v, o));
  b.set([0x7f, 0x45, 0x4c, 0x46, is64 ? 2 : 1, s.le ? 1 : 2, 1], 0);
  u16(s.type ?? 3, 16);
  u16(s.machine ?? (is64 ? 62 : 3), 18);
  u32(1, 20);
  if (is64) {
    u64(0, 24);
    u64(ehsize, 32);
    u64(0, 40);
    u16(ehsize, 52);
    u16(phentsize, 54);
    u16(phnum, 56);
  } else {
    u32(0, 24);
    u32(ehsize, 28);
    u32(0, 32);
    u16(ehsize, 40);
    u16(phentsize, 42);
    u16(phnum, 44);
  }
  const phdr = (i: number, type: number, off: number, size: number, flags: number) => {
    const o = ehsize + i * phentsize;
    if (is64) {
      u32(type, o);
      u32(flags, o + 4);
      u64(off, o + 8);
      u64(base + off, o + 16);
      u64(base + off, o + 24);
      u64(size, o + 32);
      u64(size, o + 40);
      u64(8, o + 48);
    } else {
      u32(type, o);
      u32(off, o + 4);
      u32(base + off, o + 8);
      u32(base + off, o + 12);
      u32(size, o + 16);
      u32(size, o + 20);
      u32(flags, o + 24);
      u32(4, o + 28);
    }
  };
  phdr(0, 1, 0, total, 5);
  // A file without an interpreter gets a PT_NULL entry instead.
  phdr(1, s.interp !== undefined ? 3 : 0, interpOff, interp.length, 4);
  phdr(2, 2, dynOff, dyn.length * dentsize, 6);
  interp.copy(b, interpOff);
  strtab.copy(b, strOff);
  dyn.forEach(([tag, val], i) => {
    word(tag, dynOff + i * dentsize);
    word(val, dynOff + i * dentsize + dentsize / 2);
  });
  return b;
}

export type TarItem =
  | { name: string; type?: "file"; content?: Buffer | string; mode?: number }
  | { name: string; type: "directory"; mode?: number }
  | { name: string; type: "symlink" | "link"; linkname: string };

export async function makeTar(items: readonly TarItem[]): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on("data", (c: unknown) => {
    chunks.push(c as Buffer);
  });
  const done = new Promise<void>((resolve, reject) => {
    pack.on("end", () => resolve());
    pack.on("error", reject);
  });
  for (const it of items) {
    if (it.type === "directory") pack.entry({ name: it.name, type: "directory", mode: it.mode ?? 0o755 });
    else if (it.type === "symlink" || it.type === "link") pack.entry({ name: it.name, type: it.type, linkname: it.linkname });
    else if (it.type === undefined || it.type === "file") {
      const body = typeof it.content === "string" ? Buffer.from(it.content) : (it.content ?? Buffer.alloc(0));
      pack.entry({ name: it.name, type: "file", mode: it.mode ?? 0o644, size: body.length }, body);
    }
  }
  pack.finalize();
  await done;
  return Buffer.concat(chunks);
}

const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

export interface ArchiveLayerSpec {
  items: TarItem[];
  gzip?: boolean;
  createdBy?: string;
}

/**
 * A `docker save`-style archive. `layout`: "docker+oci" (Docker 25+: both), "oci" (index.json only), "docker-legacy"
 * (`<id>/layer.tar` + manifest.json). Members are written blobs first, manifests last, as Docker does.
 */
export async function makeArchive(
  layers: ArchiveLayerSpec[],
  opts: { layout: "docker+oci" | "oci" | "docker-legacy"; tag?: string; emptyHistory?: string[]; env?: string[] },
): Promise<Buffer> {
  const tars = await Promise.all(layers.map((l) => makeTar(l.items)));
  const blobs = tars.map((t, i) => (layers[i]?.gzip ? gzipSync(t) : t));
  const history = [
    ...(opts.emptyHistory ?? []).map((c) => ({ created_by: c, empty_layer: true })),
    ...layers.map((l) => ({ created_by: l.createdBy ?? "" })),
  ];
  const config = Buffer.from(
    JSON.stringify({
      architecture: "amd64",
      os: "linux",
      config: { Env: opts.env ?? ["PATH=/usr/bin:/bin"], Cmd: ["sh"] },
      rootfs: { type: "layers", diff_ids: tars.map((t) => `sha256:${sha(t)}`) },
      history,
    }),
  );
  const files: [string, Buffer][] = [];
  const tag = opts.tag ?? "test:1";
  if (opts.layout === "docker-legacy") {
    const ids = blobs.map((b) => sha(b));
    blobs.forEach((b, i) => files.push([`${ids[i]}/layer.tar`, b], [`${ids[i]}/VERSION`, Buffer.from("1.0")]));
    files.push([`${sha(config)}.json`, config]);
    files.push([
      "manifest.json",
      Buffer.from(JSON.stringify([{ Config: `${sha(config)}.json`, RepoTags: [tag], Layers: ids.map((id) => `${id}/layer.tar`) }])),
    ]);
  } else {
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: "application/vnd.oci.image.manifest.v1+json",
        config: { mediaType: "application/vnd.oci.image.config.v1+json", digest: `sha256:${sha(config)}`, size: config.length },
        layers: blobs.map((b, i) => ({
          mediaType: layers[i]?.gzip ? "application/vnd.oci.image.layer.v1.tar+gzip" : "application/vnd.oci.image.layer.v1.tar",
          digest: `sha256:${sha(b)}`,
          size: b.length,
        })),
      }),
    );
    const all = [...blobs, config, manifest];
    for (const b of [...new Map(all.map((x) => [sha(x), x])).entries()].sort((a, b2) => (a[0] < b2[0] ? -1 : 1))) {
      files.push([`blobs/sha256/${b[0]}`, b[1]]);
    }
    files.push([
      "index.json",
      Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          manifests: [
            {
              mediaType: "application/vnd.oci.image.manifest.v1+json",
              digest: `sha256:${sha(manifest)}`,
              size: manifest.length,
              annotations: { "io.containerd.image.name": `docker.io/library/${tag}` },
            },
          ],
        }),
      ),
    ]);
    if (opts.layout === "docker+oci") {
      files.push([
        "manifest.json",
        Buffer.from(
          JSON.stringify([
            { Config: `blobs/sha256/${sha(config)}`, RepoTags: [tag], Layers: blobs.map((b) => `blobs/sha256/${sha(b)}`) },
          ]),
        ),
      ]);
    }
  }
  return makeTar(files.map(([name, content]) => ({ name, content })));
}
