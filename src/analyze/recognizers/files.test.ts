import { describe, expect, it } from "vitest";
import { factsOf, useShellParser } from "../test-support.js";
import { files } from "./files.js";

useShellParser();

describe("files recogniser", () => {
  it("classes rm of caches as cleanup and other rm as file removal", () => {
    expect(factsOf(files, "rm -rf /var/lib/apt/lists/*")[0]).toMatchObject({ kind: "cache-cleanup", owner: "apt" });
    expect(factsOf(files, "rm -rf ~/.cache/pip /tmp/*")[0]).toMatchObject({ kind: "cache-cleanup", owner: "pip", paths: ["/root/.cache/pip", "/tmp/*"] });
    expect(factsOf(files, "rm -rf /var/cache/apk/*")[0]).toMatchObject({ owner: "apk" });
    expect(factsOf(files, "rm -f chromedriver_linux64.zip", { cwd: "/opt/selenium" })[0]).toMatchObject({
      kind: "file-op",
      op: "remove",
      paths: ["/opt/selenium/chromedriver_linux64.zip"],
    });
  });

  it("reads cp, mv, ln, mkdir, chmod and chown", () => {
    expect(factsOf(files, "cp -r build/ /usr/share/nginx/html", { cwd: "/app" })[0]).toMatchObject({
      op: "copy",
      paths: ["/app/build"],
      dest: "/usr/share/nginx/html",
      recursive: true,
      outputs: ["/usr/share/nginx/html"],
    });
    expect(factsOf(files, "mv /tmp/app /usr/local/bin/app")[0]).toMatchObject({ op: "move", outputs: ["/usr/local/bin/app"] });
    // GoogleCloudPlatform/python-docs-samples (Apache-2.0)
    expect(factsOf(files, "ln -fs /opt/selenium/chromedriver /usr/local/bin/chromedriver")[0]).toMatchObject({
      op: "link",
      paths: ["/opt/selenium/chromedriver"],
      dest: "/usr/local/bin/chromedriver",
    });
    expect(factsOf(files, "mkdir -p /app/data logs", { cwd: "/app" })[0]).toMatchObject({ op: "mkdir", outputs: ["/app/data", "/app/logs"], recursive: true });
    expect(factsOf(files, "chmod -R +x /entrypoint.sh")[0]).toMatchObject({ op: "chmod", mode: "+x", recursive: true });
    expect(factsOf(files, "chmod -x /x")[0]).toMatchObject({ op: "chmod", mode: "-x" });
    expect(factsOf(files, "chown -R app:app /data")[0]).toMatchObject({ op: "chown", mode: "app:app" });
  });
});
