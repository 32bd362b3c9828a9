import { describe, expect, it } from "vitest";
import { factsOf, useShellParser } from "../test-support.js";
import { apk } from "./apk.js";

useShellParser();

describe("apk recogniser", () => {
  it("reads add --no-cache (GoogleCloudPlatform/golang-samples run/custom-metrics, Apache-2.0)", () => {
    const [f] = factsOf(apk, "apk add --no-cache ca-certificates");
    expect(f).toMatchObject({
      kind: "system-packages",
      manager: "apk",
      op: "install",
      noCache: true,
      outputs: [],
      network: true,
      packages: [{ name: "ca-certificates" }],
    });
  });

  it("reads --virtual groups, pins, and the later del of the group", () => {
    const facts = factsOf(apk, "apk add --virtual .build-deps gcc musl-dev 'libffi-dev=3.4.6-r0' && pip install cffi && apk del .build-deps");
    expect(facts[0]).toMatchObject({
      op: "install",
      virtual: ".build-deps",
      noCache: false,
      outputs: ["/var/cache/apk"],
      packages: [{ name: "gcc" }, { name: "musl-dev" }, { name: "libffi-dev", version: "3.4.6-r0" }],
    });
    expect(facts[1]).toMatchObject({ op: "remove", packages: [{ name: ".build-deps" }], network: false });
  });

  it("reads -t as --virtual and `apk cache clean`; ignores `apk info`", () => {
    expect(factsOf(apk, "apk add -t .deps curl")[0]).toMatchObject({ virtual: ".deps" });
    expect(factsOf(apk, "apk cache clean")[0]).toMatchObject({ kind: "cache-cleanup", owner: "apk" });
    expect(factsOf(apk, "apk info -v")).toEqual([]);
  });
});
