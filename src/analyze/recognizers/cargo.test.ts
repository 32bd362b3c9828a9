import { describe, expect, it } from "vitest";
import { factsOf, useShellParser } from "../test-support.js";
import { cargo } from "./cargo.js";

useShellParser();

describe("cargo recogniser", () => {
  it("reads build --release (GoogleContainerTools/distroless examples/rust, Apache-2.0)", () => {
    expect(factsOf(cargo, "cargo build --release", { cwd: "/usr/src/app" })[0]).toMatchObject({
      kind: "cargo",
      op: "build",
      release: true,
      targetDir: "target",
      outputs: ["/usr/src/app/target/release", "/root/.cargo/registry"],
      network: true,
    });
  });

  it("reads --target, --bin, --offline, CARGO_TARGET_DIR and install --root", () => {
    // docker/awesome-compose wasmedge-kafka-mysql (CC0): `cargo build --target wasm32-wasi --release`
    expect(factsOf(cargo, "cargo build --target wasm32-wasi --release --bin etl --offline", { cwd: "/src" })[0]).toMatchObject({
      target: "wasm32-wasi",
      bins: ["etl"],
      network: false,
      outputs: ["/src/target/wasm32-wasi/release/etl", "/root/.cargo/registry"],
    });
    expect(factsOf(cargo, "cargo build --locked", { env: { CARGO_TARGET_DIR: "/build", CARGO_HOME: "/usr/local/cargo" } })[0]).toMatchObject({
      release: false,
      locked: true,
      outputs: ["/build/debug", "/usr/local/cargo/registry"],
    });
    expect(factsOf(cargo, "cargo install --root /out ripgrep")[0]).toMatchObject({
      op: "install",
      root: "/out",
      outputs: ["/out/bin/ripgrep", "/root/.cargo/registry"],
    });
    expect(factsOf(cargo, "cargo chef cook --release --recipe-path recipe.json")[0]).toMatchObject({ op: "chef-cook", release: true });
  });
});
