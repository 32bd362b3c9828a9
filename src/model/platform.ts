// The predefined platform ARGs BuildKit puts in the global scope (BUILDPLATFORM, TARGETARCH …).

export interface PlatformOptions {
  /** Platform the build runs on, e.g. `linux/amd64`; defaults to this machine's. */
  build?: string;
  /** Platform the image is built for; defaults to the build platform. */
  target?: string;
}

const archOf: Readonly<Record<string, string>> = {
  x64: "amd64",
  arm64: "arm64",
  arm: "arm",
  ia32: "386",
  ppc64: "ppc64le",
  s390x: "s390x",
  riscv64: "riscv64",
};

export function hostPlatform(): string {
  return `linux/${archOf[process.arch] ?? process.arch}`;
}

export function defaultPlatformArgs(opts: PlatformOptions = {}): Map<string, string> {
  const build = opts.build ?? hostPlatform();
  const target = opts.target ?? build;
  const out = new Map<string, string>();
  for (const [prefix, p] of [
    ["BUILD", build],
    ["TARGET", target],
  ] as const) {
    const [os = "linux", arch = "amd64", variant = ""] = p.split("/");
    out.set(`${prefix}PLATFORM`, p);
    out.set(`${prefix}OS`, os);
    out.set(`${prefix}ARCH`, arch);
    out.set(`${prefix}VARIANT`, variant);
  }
  return out;
}
