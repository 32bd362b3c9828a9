// The engine's port and HTTP checks against a real server on the loopback interface.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpGet, portOpen } from "./network.js";

let server: Server;
let port: number;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === "/big") {
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("x".repeat(2 * 1024 * 1024));
      return;
    }
    res.writeHead(req.url === "/health" ? 200 : 404, { "content-type": "application/json" });
    res.end(JSON.stringify({ path: req.url }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("network checks", () => {
  it("tells an open port from a closed one", async () => {
    expect(await portOpen("127.0.0.1", port)).toBe(true);
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const free = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    expect(await portOpen("127.0.0.1", free, 500)).toBe(false);
  });

  it("GETs a path with its status, body and content type, and bounds the body at 1 MiB", async () => {
    expect(await httpGet("127.0.0.1", port, "/health", 5000)).toEqual({ status: 200, body: '{"path":"/health"}', contentType: "application/json" });
    expect((await httpGet("127.0.0.1", port, "/nope", 5000)).status).toBe(404);
    expect((await httpGet("127.0.0.1", port, "/big", 5000)).body.length).toBe(1024 * 1024);
  });
});
