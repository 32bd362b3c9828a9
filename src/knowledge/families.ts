// HAND-MAINTAINED tables for Alpine (apk) and Red Hat family (dnf/yum/microdnf) images. Unlike the Debian data,
// nothing here is derived from an archive: only Debian's archive is reachable where the data is generated. The
// tables cover common cases only; anything not listed falls back to naming rules (see docs/knowledge.md).

export type PackageFamily = "debian" | "ubuntu" | "alpine" | "redhat";

/** Alpine development package → runtime library packages (Alpine 3.19–3.21 naming). */
export const ALPINE_DEV_RUNTIME: Readonly<Record<string, readonly string[]>> = {
  "mariadb-dev": ["mariadb-connector-c"],
  "mariadb-connector-c-dev": ["mariadb-connector-c"],
  "mysql-dev": ["mariadb-connector-c"],
  "postgresql-dev": ["libpq"],
  "libpq-dev": ["libpq"],
  "openssl-dev": ["libssl3", "libcrypto3"],
  "libressl-dev": ["libressl"],
  "zlib-dev": ["zlib"],
  "libffi-dev": ["libffi"],
  "yaml-dev": ["yaml"],
  "libxml2-dev": ["libxml2"],
  "libxslt-dev": ["libxslt"],
  "jpeg-dev": ["libjpeg-turbo"],
  "libjpeg-turbo-dev": ["libjpeg-turbo"],
  "libpng-dev": ["libpng"],
  "freetype-dev": ["freetype"],
  "libwebp-dev": ["libwebp"],
  "tiff-dev": ["tiff"],
  "lcms2-dev": ["lcms2"],
  "openjpeg-dev": ["openjpeg"],
  "curl-dev": ["libcurl"],
  "pcre-dev": ["pcre"],
  "pcre2-dev": ["pcre2"],
  "sqlite-dev": ["sqlite-libs"],
  "readline-dev": ["readline"],
  "ncurses-dev": ["ncurses-libs"],
  "bzip2-dev": ["libbz2"],
  "xz-dev": ["xz-libs"],
  "zstd-dev": ["zstd-libs"],
  "lz4-dev": ["lz4-libs"],
  "gmp-dev": ["gmp"],
  "libsodium-dev": ["libsodium"],
  "libevent-dev": ["libevent"],
  "libuv-dev": ["libuv"],
  "icu-dev": ["icu-libs"],
  "gdal-dev": ["gdal"],
  "geos-dev": ["geos"],
  "proj-dev": ["proj"],
  "libmemcached-dev": ["libmemcached-libs"],
  "librdkafka-dev": ["librdkafka"],
  "cyrus-sasl-dev": ["cyrus-sasl"],
  "krb5-dev": ["krb5-libs"],
  "unixodbc-dev": ["unixodbc"],
  "libzip-dev": ["libzip"],
  "imagemagick-dev": ["imagemagick-libs"],
  "vips-dev": ["vips"],
};

/** Red Hat family (RHEL/UBI/Fedora/Rocky/Alma 8–9 naming) -devel package → runtime library packages. */
export const REDHAT_DEV_RUNTIME: Readonly<Record<string, readonly string[]>> = {
  "mariadb-connector-c-devel": ["mariadb-connector-c"],
  "mariadb-devel": ["mariadb-connector-c"],
  "mysql-devel": ["mysql-libs"],
  "libpq-devel": ["libpq"],
  "postgresql-devel": ["libpq"],
  "openssl-devel": ["openssl-libs"],
  "zlib-devel": ["zlib"],
  "libffi-devel": ["libffi"],
  "libyaml-devel": ["libyaml"],
  "libxml2-devel": ["libxml2"],
  "libxslt-devel": ["libxslt"],
  "libjpeg-turbo-devel": ["libjpeg-turbo"],
  "libpng-devel": ["libpng"],
  "freetype-devel": ["freetype"],
  "libcurl-devel": ["libcurl"],
  "pcre-devel": ["pcre"],
  "pcre2-devel": ["pcre2"],
  "sqlite-devel": ["sqlite-libs"],
  "readline-devel": ["readline"],
  "ncurses-devel": ["ncurses-libs"],
  "bzip2-devel": ["bzip2-libs"],
  "xz-devel": ["xz-libs"],
  "libzstd-devel": ["libzstd"],
  "gmp-devel": ["gmp"],
  "libsodium-devel": ["libsodium"],
  "libevent-devel": ["libevent"],
  "libicu-devel": ["libicu"],
  "krb5-devel": ["krb5-libs"],
  "cyrus-sasl-devel": ["cyrus-sasl-lib"],
  "unixODBC-devel": ["unixODBC"],
  "libuuid-devel": ["libuuid"],
  "systemd-devel": ["systemd-libs"],
};

/** Build tools by exact name (Alpine). Every "*-dev" name is build-only by rule. */
export const ALPINE_BUILD_ONLY: ReadonlySet<string> = new Set([
  "build-base", "gcc", "g++", "clang", "llvm", "musl-dev", "libc-dev", "make", "cmake", "samurai", "ninja",
  "meson", "autoconf", "automake", "libtool", "m4", "bison", "flex", "pkgconf", "pkgconfig", "binutils",
  "fortify-headers", "linux-headers", "patch", "git", "subversion", "mercurial", "go", "rust", "cargo",
  "openjdk8", "openjdk11", "openjdk17", "openjdk21", "maven", "gradle", "swig", "gettext-dev", "abuild",
  "nasm", "yasm", "ccache", "cython", "python3-dev", "alpine-sdk", "gfortran", "lld", "gperf", "fakeroot",
  "openjdk8-jdk", "openjdk11-jdk", "openjdk17-jdk", "openjdk21-jdk",
]);

/** Build tools by exact name (Red Hat family). Every "*-devel" name is build-only by rule. */
export const REDHAT_BUILD_ONLY: ReadonlySet<string> = new Set([
  "gcc", "gcc-c++", "gcc-gfortran", "clang", "llvm", "make", "cmake", "ninja-build", "meson", "autoconf",
  "automake", "libtool", "m4", "bison", "flex", "pkgconf", "pkgconf-pkg-config", "pkgconfig", "binutils",
  "glibc-devel", "kernel-headers", "patch", "git", "git-core", "subversion", "mercurial", "golang", "rust",
  "cargo", "java-1.8.0-openjdk-devel", "java-11-openjdk-devel", "java-17-openjdk-devel", "java-21-openjdk-devel",
  "maven", "gradle", "ant", "swig", "nasm", "yasm", "ccache", "rpm-build", "redhat-rpm-config",
]);

/** Shared-library packages of the hand tables, so classification can name them as runtime libraries. */
const ALPINE_LIBS = new Set(Object.values(ALPINE_DEV_RUNTIME).flat());
const REDHAT_LIBS = new Set(Object.values(REDHAT_DEV_RUNTIME).flat());

export function handRuntimeLibraries(family: "alpine" | "redhat", devPkg: string): readonly string[] | undefined {
  return family === "alpine" ? ALPINE_DEV_RUNTIME[devPkg] : REDHAT_DEV_RUNTIME[devPkg];
}

export function isHandBuildOnly(family: "alpine" | "redhat", pkg: string): boolean {
  // Alpine versions its LLVM toolchains in the name (clang17, llvm17; llvm17-libs is the runtime half)
  if (family === "alpine") return pkg.endsWith("-dev") || ALPINE_BUILD_ONLY.has(pkg) || /^(clang|llvm|lld)\d+$/.test(pkg);
  return pkg.endsWith("-devel") || pkg.endsWith("-headers") || REDHAT_BUILD_ONLY.has(pkg);
}

export function isHandLibrary(family: "alpine" | "redhat", pkg: string): boolean {
  if (isHandBuildOnly(family, pkg)) return false;
  // Alpine and Red Hat split libraries as "*-libs" or name them "lib*"; the tables add the irregular ones.
  const table = family === "alpine" ? ALPINE_LIBS : REDHAT_LIBS;
  return table.has(pkg) || /-libs$/.test(pkg) || /^lib[a-z0-9+._-]+$/i.test(pkg);
}
