// Which shared-library packages a final base image is known to hold, for the rule that checks copied binaries
// against them. Only bases whose content is small and fixed are listed: Debian's own images (the `required`
// packages of a minimal Debian, as `dpkg-query -W` lists them in debian:bookworm-slim) and distroless base/cc (as
// documented by the distroless project). Language runtime images (python:*-slim, node:*-slim …) carry libraries
// of their own that slimstage does not list, so they are not judged.
import type { BaseImageInfo } from "../knowledge/index.js";

const DEBIAN_MINBASE = [
  "libacl1",
  "libapt-pkg6.0",
  "libattr1",
  "libaudit1",
  "libblkid1",
  "libbz2-1.0",
  "libc6",
  "libcap-ng0",
  "libcap2",
  "libcom-err2",
  "libcrypt1",
  "libdb5.3",
  "libdebconfclient0",
  "libext2fs2",
  "libffi8",
  "libgcc-s1",
  "libgcrypt20",
  "libgmp10",
  "libgnutls30",
  "libgpg-error0",
  "libhogweed6",
  "libidn2-0",
  "liblz4-1",
  "liblzma5",
  "libmd0",
  "libmount1",
  "libnettle8",
  "libp11-kit0",
  "libpam0g",
  "libpcre2-8-0",
  "libseccomp2",
  "libselinux1",
  "libsemanage2",
  "libsepol2",
  "libsmartcols1",
  "libss2",
  "libstdc++6",
  "libsystemd0",
  "libtasn1-6",
  "libtinfo6",
  "libudev1",
  "libunistring2",
  "libuuid1",
  "libxxhash0",
  "libzstd1",
  "zlib1g",
];
const DISTROLESS_BASE = ["libc6", "libssl3", "openssl", "ca-certificates", "tzdata", "netbase"];
const DISTROLESS_CC = [...DISTROLESS_BASE, "libgcc-s1", "libgomp1", "libstdc++6"];

/** Debian renamed libraries for 64-bit time_t in trixie (libssl3 → libssl3t64): one name for both. */
export const libraryKey = (pkg: string): string => pkg.replace(/t64$/, "");

/** The library packages the base is known to hold, or undefined when its content is not known. */
export function baseLibraries(info: BaseImageInfo | undefined): Set<string> | undefined {
  if (!info) return undefined;
  const list =
    info.family === "debian" && info.role === "base"
      ? DEBIAN_MINBASE
      : info.family === "distroless" && /\/(base|cc)(-|$)/.test(info.image)
        ? /\/cc(-|$)/.test(info.image)
          ? DISTROLESS_CC
          : DISTROLESS_BASE
        : undefined;
  return list && new Set(list.map(libraryKey));
}
