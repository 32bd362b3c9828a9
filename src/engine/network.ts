// The network side of probing a container: is a port open, what does an HTTP GET answer. The Engine exposes
// both (a container's ports are where the engine publishes them), so verify makes no connection of its own.
import { connect } from "node:net";
import { request } from "node:http";

const HTTP_BODY_LIMIT = 1024 * 1024;

export interface HttpResponse {
  status: number;
  body: string;
  contentType?: string;
}

/** True when something accepts TCP connections on host:port. */
export function portOpen(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host, port });
    const done = (v: boolean) => {
      s.destroy();
      resolve(v);
    };
    s.setTimeout(timeoutMs, () => done(false));
    s.once("connect", () => done(true));
    s.once("error", () => done(false));
  });
}

/** One GET, body bounded; rejects on connection errors. */
export function httpGet(host: string, port: number, path: string, timeoutMs: number): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host, port, path, method: "GET", agent: false, timeout: timeoutMs, headers: { connection: "close" } }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (c: Buffer) => {
        if (size < HTTP_BODY_LIMIT) chunks.push(c.subarray(0, HTTP_BODY_LIMIT - size));
        size += c.length;
      });
      res.on("end", () => {
        const ct = res.headers["content-type"];
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8"), ...(ct ? { contentType: ct } : {}) });
      });
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error(`no response within ${Math.round(timeoutMs / 1000)}s`)));
    req.on("error", reject);
    req.end();
  });
}
