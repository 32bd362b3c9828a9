// `docker save` tarballs → the chosen image's config and its layers, scanned in one streaming pass. Docker 25+
// writes both layouts at once (OCI index.json + blobs/, and Docker's manifest.json pointing into blobs/); older
// Dockers write `<id>/layer.tar`. Members come in any order (blobs before manifests), so every member is
// classified by its first bytes while streaming: JSON documents are kept (they are small), layer blobs are scanned
// on the spot, and the manifests decide at the end which scans form the image, in which order.
import { createReadStream } from "node:fs";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import tar from "tar-stream";
import { firstFailure, ImageArchiveError } from "./errors.js";
import { detectCompression, scanLayer, type ScanOptions } from "./layer-scan.js";
import { dirnameOf, normalizePath } from "./paths.js";
import type { HistoryItem, LayerScan } from "./types.js";

export interface ReadArchiveOptions extends ScanOptions {
  /** Which image of a multi-image archive: a RepoTag (`name:tag`) or an index; default the first. */
  image?: string | number;
  /** For OCI indexes listing several platforms, e.g. `linux/amd64`; default the first image manifest. */
  platform?: string;
  signal?: AbortSignal;
}

export interface ArchiveLayer {
  /** 0-based, base first. */
  index: number;
  /** Blob digest (`sha256:…`) when the archive names blobs by digest. */
  digest?: string;
  /** Uncompressed digest from the image config (`rootfs.diff_ids`). */
  diffId?: string;
  mediaType?: string;
  /** Member path of the blob in the archive. */
  member: string;
  /** Blob bytes as stored (compressed size for gzip layers). */
  blobBytes: number;
  scan: LayerScan;
  /** The history entry (Dockerfile instruction) that made this layer. */
  history?: HistoryItem;
}

/** The parts of an OCI image config we read; everything else stays in `raw`. */
export interface ImageConfigFile {
  architecture?: string;
  os?: string;
  variant?: string;
  created?: string;
  config?: {
    Env?: string[];
    Entrypoint?: string[] | null;
    Cmd?: string[] | null;
    User?: string;
    WorkingDir?: string;
    ExposedPorts?: Record<string, unknown>;
    Volumes?: Record<string, unknown>;
    Labels?: Record<string, string> | null;
    Healthcheck?: Record<string, unknown>;
  };
  history?: { created?: string; created_by?: string; comment?: string; empty_layer?: boolean }[];
  rootfs?: { type?: string; diff_ids?: string[] };
}

export interface ImageArchive {
  layout: "oci" | "docker" | "docker+oci";
  repoTags: string[];
  /** Config digest (`sha256:…`) — Docker's image id. */
  configDigest?: string;
  config: ImageConfigFile;
  layers: ArchiveLayer[];
  /** The full history, metadata-only steps included, oldest first. */
  history: HistoryItem[];
  /** Bytes of the archive read. */
  archiveBytes: number;
  /** Blobs scanned that this image does not use (other images in the archive). */
  unusedBlobs: number;
}

const MAX_JSON = 16 * 1024 * 1024;
/**
 * All JSON members kept together: manifests, indexes and configs of real images are kilobytes, and without a total
 * twenty 15 MB JSON members held 1.4 GB before anything looked at them.
 */
const MAX_JSON_TOTAL = 64 * 1024 * 1024;

function looksLikeTar(head: Buffer): boolean {
  if (head.length >= 262 && head.toString("latin1", 257, 262) === "ustar") return true;
  // An empty layer is two zero blocks.
  if (head.length >= 512 && head.subarray(0, 512).every((b) => b === 0)) return true;
  return false;
}

function looksLikeJson(head: Buffer): boolean {
  const s = head.toString("utf8", 0, Math.min(head.length, 64)).trimStart();
  return s.startsWith("{") || s.startsWith("[");
}

interface Member {
  kind: "json" | "layer" | "other";
  size: number;
  json?: unknown;
  scan?: LayerScan;
}

/** Reads an image archive from a file path or a stream (e.g. `engine.save(ref)`). */
export async function readImageArchive(input: string | Readable, opts: ReadArchiveOptions = {}): Promise<ImageArchive> {
  const name = typeof input === "string" ? input : "image archive";
  const source = typeof input === "string" ? createReadStream(input, { highWaterMark: 1024 * 1024 }) : input;
  let archiveBytes = 0;
  source.on("data", (c: Buffer) => (archiveBytes += c.length));
  const members = new Map<string, Member>();
  const symlinks = new Map<string, string>();
  let jsonBytes = 0;
  const extract = tar.extract();
  const onAbort = () => extract.destroy(new ImageArchiveError("aborted", name));
  opts.signal?.addEventListener("abort", onAbort, { once: true });
  const feeding = pipeline(source, extract);
  const reading = (async () => {
    for await (const entry of extract) {
      const h = entry.header;
      const path = normalizePath(h.name);
      if (h.type === "symlink" || h.type === "link") {
        // Old `docker save` links duplicate layers: `<id>/layer.tar -> ../<other>/layer.tar`.
        const target = h.linkname ?? "";
        symlinks.set(path, h.type === "link" ? normalizePath(target) : normalizePath(`${dirnameOf(path)}/${target}`));
        entry.resume();
        continue;
      }
      if (h.type !== "file" && h.type !== "contiguous-file") {
        entry.resume();
        continue;
      }
      const size = h.size ?? 0;
      const it = (entry as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
      // Peek until we have enough bytes to classify (a tar header is 512 bytes).
      const firstChunks: Buffer[] = [];
      let have = 0;
      let ended = false;
      while (have < Math.min(512, size)) {
        const n = await it.next();
        if (n.done) {
          ended = true;
          break;
        }
        firstChunks.push(n.value);
        have += n.value.length;
      }
      const head = Buffer.concat(firstChunks);
      const rest = async function* (): AsyncGenerator<Buffer> {
        yield* firstChunks;
        if (ended) return;
        for (;;) {
          const n = await it.next();
          if (n.done) return;
          yield n.value;
        }
      };
      const compression = detectCompression(head);
      if (compression !== "none" || looksLikeTar(head)) {
        const scan = await scanLayer(rest(), { ...opts, name: path });
        members.set(path, { kind: "layer", size, scan });
      } else if (looksLikeJson(head) && size <= MAX_JSON) {
        jsonBytes += size;
        if (jsonBytes > MAX_JSON_TOTAL) {
          throw new ImageArchiveError(`the archive's JSON members add up to more than ${MAX_JSON_TOTAL} bytes, far more than any image's metadata`, path);
        }
        const parts: Buffer[] = [];
        let read = 0;
        for await (const c of rest()) {
          // a tar header's size is what the reader trusts; never keep more than it said
          read += c.length;
          if (read > MAX_JSON) throw new ImageArchiveError(`JSON member larger than ${MAX_JSON} bytes`, path);
          parts.push(c);
        }
        try {
          members.set(path, { kind: "json", size, json: JSON.parse(Buffer.concat(parts).toString("utf8")) });
        } catch {
          members.set(path, { kind: "other", size });
        }
      } else {
        for await (const _ of rest()) {
          // drain
        }
        members.set(path, { kind: "other", size });
      }
    }
  })();
  const results = await Promise.allSettled([
    feeding.catch((e: unknown) => {
      extract.destroy(e as Error);
      throw e;
    }),
    reading.catch((e: unknown) => {
      source.destroy();
      throw e;
    }),
  ]);
  opts.signal?.removeEventListener("abort", onAbort);
  const failed = firstFailure(results);
  if (failed) {
    const e = failed.reason as Error;
    if (e instanceof ImageArchiveError) throw e;
    if ((e as { name?: string }).name === "EngineError") throw e;
    throw new ImageArchiveError(`not a readable tar archive: ${e.message}`, typeof input === "string" ? input : undefined, {
      cause: e,
    });
  }
  return assemble(members, symlinks, archiveBytes, opts, name);
}

function member(members: Map<string, Member>, symlinks: Map<string, string>, path: string): Member | undefined {
  let p = normalizePath(path);
  for (let i = 0; i < 10 && !members.has(p) && symlinks.has(p); i++) p = symlinks.get(p) as string;
  return members.get(p);
}

function blobPath(digest: string): string {
  const [alg, hex] = digest.split(":");
  return `blobs/${alg}/${hex}`;
}

interface Descriptor {
  mediaType?: string;
  digest?: string;
  size?: number;
  platform?: { os?: string; architecture?: string; variant?: string };
  annotations?: Record<string, string>;
}

interface Resolved {
  layout: ImageArchive["layout"];
  repoTags: string[];
  configPath: string;
  configDigest?: string;
  layers: { member: string; digest?: string; mediaType?: string; blobBytes?: number }[];
}

function fromDockerManifest(members: Map<string, Member>, opts: ReadArchiveOptions, name: string, hasOci: boolean): Resolved | undefined {
  const m = members.get("manifest.json");
  if (!m) return undefined;
  if (m.kind !== "json" || !Array.isArray(m.json)) throw new ImageArchiveError("manifest.json is not a JSON list of images", name);
  const list = m.json.map((e, i) => dockerManifestEntry(e, i, name));
  if (list.length === 0) throw new ImageArchiveError("manifest.json lists no images", name);
  let chosen = list[0];
  if (typeof opts.image === "number") chosen = list[opts.image];
  else if (typeof opts.image === "string") chosen = list.find((e) => (e.RepoTags ?? []).includes(opts.image as string));
  if (!chosen) throw new ImageArchiveError(`image ${String(opts.image)} is not in the archive`, name);
  if (!chosen.Config) throw new ImageArchiveError("manifest.json entry has no Config", name);
  const digestOf = (p: string) => {
    const m2 = /^blobs\/([a-z0-9]+)\/([a-f0-9]+)$/.exec(normalizePath(p));
    return m2 ? `${m2[1]}:${m2[2]}` : undefined;
  };
  const configDigest = digestOf(chosen.Config);
  return {
    layout: hasOci ? "docker+oci" : "docker",
    repoTags: chosen.RepoTags ?? [],
    configPath: chosen.Config,
    ...(configDigest ? { configDigest } : {}),
    layers: (chosen.Layers ?? []).map((l) => {
      const digest = digestOf(l);
      return { member: l, ...(digest ? { digest } : {}) };
    }),
  };
}

/** One entry of Docker's manifest.json, its types checked: hostile archives put strings where lists belong. */
function dockerManifestEntry(e: unknown, i: number, name: string): { Config?: string; RepoTags?: string[] | null; Layers?: string[] } {
  const bad = (what: string) => new ImageArchiveError(`manifest.json entry ${i}: ${what}`, name);
  if (!isObject(e)) throw bad("is not an object");
  if (e.Config !== undefined && typeof e.Config !== "string") throw bad("Config is not a string");
  if (e.RepoTags !== undefined && e.RepoTags !== null && !isStringList(e.RepoTags)) throw bad("RepoTags is not a list of strings");
  if (e.Layers !== undefined && !isStringList(e.Layers)) throw bad("Layers is not a list of strings");
  return e as { Config?: string; RepoTags?: string[] | null; Layers?: string[] };
}

/** Checks the parts of an OCI index or manifest the reader uses. */
function descriptors(v: unknown, what: string, name: string): Descriptor[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || !v.every((d) => isObject(d) && (d.digest === undefined || typeof d.digest === "string"))) {
    throw new ImageArchiveError(`${what} is not a list of descriptors`, name);
  }
  return v as Descriptor[];
}

/** The image config's history and rootfs, their types checked (the rest is only displayed). */
function checkedConfig(json: unknown, path: string, name: string): ImageConfigFile {
  const bad = (what: string) => new ImageArchiveError(`image config ${path}: ${what}`, name);
  if (!isObject(json)) throw bad("is not a JSON object");
  if (json.history !== undefined && (!Array.isArray(json.history) || !json.history.every(isObject))) throw bad("history is not a list of objects");
  const rootfs = json.rootfs;
  if (rootfs !== undefined && (!isObject(rootfs) || (rootfs.diff_ids !== undefined && !isStringList(rootfs.diff_ids)))) {
    throw bad("rootfs.diff_ids is not a list of strings");
  }
  return json as ImageConfigFile;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isStringList(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === "string");
}

function platformOf(d: Descriptor): string {
  const p = d.platform;
  return p ? [p.os, p.architecture, p.variant].filter(Boolean).join("/") : "";
}

function fromOciIndex(members: Map<string, Member>, opts: ReadArchiveOptions, name: string): Resolved | undefined {
  const idx = members.get("index.json");
  if (!idx) return undefined;
  if (idx.kind !== "json" || !isObject(idx.json)) throw new ImageArchiveError("index.json is not a JSON object", name);
  let manifests = descriptors(idx.json.manifests, "index.json manifests", name).filter(
    (d) => d.annotations?.["vnd.docker.reference.type"] !== "attestation-manifest",
  );
  const tags = (d: Descriptor) =>
    [d.annotations?.["io.containerd.image.name"], d.annotations?.["org.opencontainers.image.ref.name"]].filter((t): t is string => t !== undefined);
  let chosen: Descriptor | undefined;
  if (typeof opts.image === "number") chosen = manifests[opts.image];
  else if (typeof opts.image === "string") {
    const want = opts.image;
    chosen = manifests.find((d) => tags(d).some((t) => t === want || t.endsWith(`/${want}`) || t === `docker.io/library/${want}`));
  } else chosen = manifests[0];
  if (!chosen) {
    throw new ImageArchiveError(opts.image === undefined ? "index.json lists no images" : `image ${String(opts.image)} is not in the archive`, name);
  }
  const repoTags = tags(chosen).slice(0, 1);
  // Follow nested indexes (multi-platform) down to one image manifest.
  for (let depth = 0; depth < 4; depth++) {
    if (!chosen?.digest) throw new ImageArchiveError("index entry without a digest", name);
    const doc = members.get(blobPath(chosen.digest));
    if (!doc || doc.kind !== "json") throw new ImageArchiveError(`manifest ${chosen.digest} is missing from the archive`, name);
    if (!isObject(doc.json)) throw new ImageArchiveError(`manifest ${chosen.digest} is not a JSON object`, name);
    const j = doc.json as { mediaType?: string; manifests?: Descriptor[]; config?: Descriptor; layers?: Descriptor[] };
    if (j.manifests !== undefined) {
      manifests = descriptors(j.manifests, `manifest ${chosen.digest}`, name).filter(
        (d) => d.annotations?.["vnd.docker.reference.type"] !== "attestation-manifest",
      );
      const present = manifests.filter((d) => d.digest && members.has(blobPath(d.digest)));
      chosen = opts.platform ? present.find((d) => platformOf(d) === opts.platform) : present[0];
      if (!chosen) {
        throw new ImageArchiveError(
          `no image for platform ${opts.platform ?? "(any)"} in the archive (have: ${present.map(platformOf).join(", ") || "none"})`,
          name,
        );
      }
      continue;
    }
    if (!isObject(j.config) || typeof j.config.digest !== "string") throw new ImageArchiveError(`manifest ${chosen.digest} has no config`, name);
    const layerList = descriptors(j.layers, `manifest ${chosen.digest} layers`, name);
    return {
      layout: "oci",
      repoTags,
      configPath: blobPath(j.config.digest),
      configDigest: j.config.digest,
      layers: layerList.map((l) => ({
        member: blobPath(l.digest ?? ""),
        ...(l.digest ? { digest: l.digest } : {}),
        ...(l.mediaType ? { mediaType: l.mediaType } : {}),
        ...(l.size !== undefined ? { blobBytes: l.size } : {}),
      })),
    };
  }
  throw new ImageArchiveError("image indexes nested too deeply", name);
}

function assemble(members: Map<string, Member>, symlinks: Map<string, string>, archiveBytes: number, opts: ReadArchiveOptions, name: string): ImageArchive {
  const hasOci = members.has("index.json");
  // Prefer Docker's manifest.json when present: it carries RepoTags and is what `docker load` reads.
  let r: Resolved | undefined;
  try {
    r = fromDockerManifest(members, opts, name, hasOci);
  } catch (e) {
    // a broken manifest.json next to an OCI index: the index decides (and reports its own problems)
    if (!(e instanceof ImageArchiveError) || !hasOci) throw e;
  }
  r ??= fromOciIndex(members, opts, name);
  if (!r) throw new ImageArchiveError("not an image archive: neither manifest.json nor index.json found", name);
  const cfg = member(members, symlinks, r.configPath);
  if (!cfg || cfg.kind !== "json") throw new ImageArchiveError(`image config ${r.configPath} is missing`, name);
  const config = checkedConfig(cfg.json, r.configPath, name);
  const history: HistoryItem[] = (config.history ?? []).map((h) => ({
    ...(h.created ? { created: h.created } : {}),
    ...(h.created_by !== undefined ? { createdBy: h.created_by } : {}),
    ...(h.comment ? { comment: h.comment } : {}),
    emptyLayer: h.empty_layer === true,
  }));
  const layerHistory = history.filter((h) => !h.emptyLayer);
  const diffIds = config.rootfs?.diff_ids ?? [];
  const used = new Set<Member>();
  const layers: ArchiveLayer[] = r.layers.map((l, index) => {
    const m = member(members, symlinks, l.member);
    if (!m) throw new ImageArchiveError(`layer ${l.member} is missing from the archive`, name);
    if (m.kind !== "layer" || !m.scan) throw new ImageArchiveError(`layer ${l.member} is not a tar archive`, name);
    used.add(m);
    const h = layerHistory.length === r.layers.length ? layerHistory[index] : undefined;
    const diffId = diffIds[index];
    return {
      index,
      member: l.member,
      ...(l.digest ? { digest: l.digest } : {}),
      ...(diffId ? { diffId } : {}),
      ...(l.mediaType ? { mediaType: l.mediaType } : {}),
      blobBytes: m.size,
      scan: m.scan,
      ...(h ? { history: h } : {}),
    };
  });
  let unusedBlobs = 0;
  for (const m of members.values()) if (m.kind === "layer" && !used.has(m)) unusedBlobs++;
  return {
    layout: r.layout,
    repoTags: r.repoTags,
    ...(r.configDigest ? { configDigest: r.configDigest } : {}),
    config,
    layers,
    history,
    archiveBytes,
    unusedBlobs,
  };
}
