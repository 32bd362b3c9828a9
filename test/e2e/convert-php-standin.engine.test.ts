// PHP conversions on the engine, as far as this engine allows. No php image exists here (the official images
// build PHP from its source), so the fixtures' bases are replaced by a stand-in (test/e2e/php-standin: Debian
// bookworm, the php images' extension and ini directories, docker-php-ext-install building a shared object that
// links each extension's real libraries). What this proves: the converted final stage gets the built extensions
// and their ini files next to the image's own, the a2enmod link, every library the objects link (ldd finds all),
// and none of the -dev packages. What it cannot prove: that PHP loads them (no PHP here).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { directoryContext } from "../../src/cli/context-dir.js";
import { convertDockerfileSync } from "../../src/convert/convert.js";
import { createEngine } from "../../src/engine/index.js";
import { loadShellParser } from "../../src/shell/script.js";
import { parseDockerfile } from "../../src/syntax/index.js";
import { loadFixture } from "../fixtures/convert/fixtures.js";
import { describeWithEngine } from "../support/engine.js";
import { REPO_ROOT } from "../support/shared.js";

const STANDIN = "php-e2e-standin:8.2-bookworm";
const standinDir = join(REPO_ROOT, "test", "e2e", "php-standin");
/** Both FROM lines of a file on the stand-in instead of the php image (the builder keeps its AS name). */
const onStandin = (text: string) => text.replace(/^FROM php:\S+/gm, `FROM ${STANDIN}`);
const sizes: string[] = [];

describeWithEngine("PHP conversions on a php stand-in: extensions, ini files and runtime libraries reach the final stage", () => {
  const engine = createEngine({ network: "host" });
  beforeAll(async () => {
    await loadShellParser();
    await engine.build({ context: standinDir, dockerfile: { path: join(standinDir, "Dockerfile") }, tags: [STANDIN], network: "host", timeoutMs: 15 * 60_000 });
  }, 16 * 60_000);
  afterAll(async () => {
    if (sizes.length) console.log(`[php stand-in] ${sizes.join("; ")}`);
  });

  it.each(["php-cli-intl-zip", "php-apache-gd-pdo-pgsql"])(
    "%s",
    async (name) => {
      const f = loadFixture(name);
      const r = convertDockerfileSync(parseDockerfile(f.dockerfile, { file: "Dockerfile" }), { context: directoryContext(f.dir) });
      if (r.status !== "converted") throw new Error(JSON.stringify(r.status === "declined" ? r.declines : r));
      const tag = (kind: string) => `php-e2e-${name}:${kind}`;
      await engine.build({
        context: f.dir,
        dockerfile: { text: onStandin(readFileSync(f.dockerfilePath, "utf8")), path: f.dockerfilePath },
        tags: [tag("original")],
        network: "host",
        timeoutMs: 15 * 60_000,
      });
      await engine.build({
        context: f.dir,
        dockerfile: { text: onStandin(r.dockerfile), path: f.dockerfilePath },
        tags: [tag("converted")],
        network: "host",
        timeoutMs: 15 * 60_000,
      });
      const sh = async (image: string, script: string) => {
        const out = await engine.run({ image, entrypoint: ["sh", "-c"], command: [script], network: "host", timeoutMs: 120_000 });
        expect(out.exitCode, out.stderr).toBe(0);
        return out.stdout;
      };
      const layout =
        "cd /usr/local/lib/php/extensions && ls */ && cd /usr/local/etc/php/conf.d && ls && cat docker-php-ext-*.ini && ls -l /etc/apache2/mods-enabled | tail -n +2 | sed 's/.* -> /-> /'";
      const [before, after] = [await sh(tag("original"), layout), await sh(tag("converted"), layout)];
      expect(after).toBe(before);
      expect(after).toContain("sodium.so");
      // every library the extensions link is in the final image
      const ldd = await sh(tag("converted"), 'for f in /usr/local/lib/php/extensions/*/*.so; do ldd "$f"; done');
      expect(ldd).not.toContain("not found");
      expect(ldd).toMatch(name === "php-cli-intl-zip" ? /libicuuc\.so\.72[\s\S]*libzip\.so\.4/ : /libpng16\.so\.16[\s\S]*libpq\.so\.5/);
      // and none of the -dev packages
      const installed = (await sh(tag("converted"), "dpkg-query -W -f '${Package}\\n'")).split("\n");
      for (const p of r.plan.removedPackages) expect(installed, p).not.toContain(p);
      const [o, c] = await Promise.all([engine.inspectImage(tag("original")), engine.inspectImage(tag("converted"))]);
      expect(c.size).toBeLessThan(o.size);
      sizes.push(`${name}: ${Math.round(o.size / 1e6)} MB → ${Math.round(c.size / 1e6)} MB`);
    },
    30 * 60_000,
  );
});
