import { describe, expect, it } from "vitest";
import { factsOf, useShellParser } from "../test-support.js";
import { users } from "./users.js";

useShellParser();

describe("users recogniser", () => {
  it("reads useradd (GoogleCloudPlatform/nodejs-docs-samples, apache/kafka; Apache-2.0)", () => {
    expect(factsOf(users, "useradd -m appuser")[0]).toMatchObject({
      op: "create-user",
      tool: "useradd",
      name: "appuser",
      home: "/home/appuser",
      outputs: ["/home/appuser"],
    });
    expect(factsOf(users, "useradd -u $UID -ms /bin/bash ducker", { env: { UID: "1000" } })[0]).toMatchObject({
      name: "ducker",
      uid: "1000",
      shell: "/bin/bash",
    });
    expect(factsOf(users, "useradd -r -g app app")[0]).toMatchObject({ system: true, group: "app" });
  });

  it("reads busybox adduser/addgroup (docker-library/docker, memcached; Apache-2.0/BSD)", () => {
    expect(factsOf(users, "adduser -h /home/appuser -D --shell /bin/bash appuser")[0]).toMatchObject({
      op: "create-user",
      name: "appuser",
      home: "/home/appuser",
      shell: "/bin/bash",
    });
    expect(factsOf(users, "addgroup -g 2375 -S docker")[0]).toMatchObject({ op: "create-group", name: "docker", gid: "2375", system: true });
    expect(factsOf(users, "adduser -S -D -H -u 11211 -G memcache memcache")[0]).toMatchObject({
      op: "create-user",
      system: true,
      uid: "11211",
      group: "memcache",
    });
    expect(factsOf(users, "addgroup appuser docker")[0]).toMatchObject({ op: "add-to-group", name: "appuser", group: "docker" });
    expect(factsOf(users, "adduser --system --group --no-create-home app")[0]).toMatchObject({ op: "create-user", system: true, name: "app" });
  });
});
