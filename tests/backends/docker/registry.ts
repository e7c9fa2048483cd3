import { createHash, randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import type Docker from "dockerode";
import { tarArchive, tarFiles } from "../../../src/backends/docker/tar.js";

interface ImageConfig {
  architecture: string;
  os: string;
  rootfs: { type: string; diff_ids: string[] };
  history?: { created: string; comment: string }[];
}

/**
 * A read-only Docker registry (distribution API v2, schema 2 manifests and manifest lists) on 127.0.0.1,
 * serving local images under one multi-platform tag. dockerd treats 127.0.0.0/8 registries as insecure,
 * so it pulls from this over plain HTTP.
 */
export interface LoopbackRegistry {
  /** `127.0.0.1:<port>` */
  readonly address: string;
  /** Manifest and blob requests served, e.g. `GET /v2/x/manifests/multi`. */
  readonly requests: readonly string[];
  close(): Promise<void>;
}

const MediaType = {
  list: "application/vnd.docker.distribution.manifest.list.v2+json",
  manifest: "application/vnd.docker.distribution.manifest.v2+json",
  config: "application/vnd.docker.container.image.v1+json",
  layer: "application/vnd.docker.image.rootfs.diff.tar.gzip",
} as const;

const digest = (bytes: Buffer): string => `sha256:${createHash("sha256").update(bytes).digest("hex")}`;

/** Serves `repository:tag` as a manifest list of the given local images (one per platform). */
export async function startLoopbackRegistry(docker: Docker, repository: string, tag: string, localImages: readonly string[]): Promise<LoopbackRegistry> {
  const blobs = new Map<string, Buffer>();
  const manifests = new Map<string, Buffer>();
  const entries: object[] = [];
  for (const image of localImages) {
    const saved = await readStream(await docker.getImage(image).get());
    const files = tarFiles(saved);
    const [manifest] = JSON.parse(files.get("manifest.json")?.toString() ?? "[]") as { Config: string; Layers: string[] }[];
    if (manifest === undefined) throw new Error(`docker save ${image} has no manifest.json`);
    const savedConfig = files.get(manifest.Config);
    if (savedConfig === undefined) throw new Error(`docker save ${image} lacks ${manifest.Config}`);
    const parsed = JSON.parse(savedConfig.toString()) as ImageConfig;
    // One extra layer unique to this registry, so a pull really downloads something and makes a new image.
    const nonce = tarArchive([{ type: "file", path: "autogit-registry-nonce", mode: 0o644, content: randomBytes(16).toString("hex") }]);
    parsed.rootfs.diff_ids.push(digest(nonce));
    parsed.history?.push({ created: "1970-01-01T00:00:00Z", comment: "loopback registry nonce" });
    const config = Buffer.from(JSON.stringify(parsed));
    const { architecture, os } = parsed;
    blobs.set(digest(config), config);
    const layers = [...manifest.Layers.map((path) => files.get(path) ?? Buffer.alloc(0)), nonce].map((layer) => {
      const gz = gzipSync(layer);
      blobs.set(digest(gz), gz);
      return { mediaType: MediaType.layer, size: gz.length, digest: digest(gz) };
    });
    const body = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MediaType.manifest,
        config: { mediaType: MediaType.config, size: config.length, digest: digest(config) },
        layers,
      }),
    );
    manifests.set(digest(body), body);
    entries.push({ mediaType: MediaType.manifest, size: body.length, digest: digest(body), platform: { architecture, os } });
  }
  const list = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: MediaType.list, manifests: entries }));
  manifests.set(tag, list);
  manifests.set(digest(list), list);

  const requests: string[] = [];
  const server = createServer((request, response) => {
    const url = request.url ?? "";
    response.setHeader("Docker-Distribution-API-Version", "registry/2.0");
    if (url === "/v2/" || url === "/v2") {
      response.writeHead(200, { "content-type": "application/json" }).end("{}");
      return;
    }
    const match = /^\/v2\/(.+)\/(manifests|blobs)\/([^/?]+)$/.exec(url);
    if (match === null || match[1] !== repository) {
      response.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ errors: [{ code: "NAME_UNKNOWN", message: "repository name not known to registry" }] }));
      return;
    }
    requests.push(`${request.method ?? "GET"} ${url}`);
    const [, , kind, reference = ""] = match;
    const body = kind === "manifests" ? manifests.get(reference) : blobs.get(reference);
    if (body === undefined) {
      const code = kind === "manifests" ? "MANIFEST_UNKNOWN" : "BLOB_UNKNOWN";
      response.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ errors: [{ code, message: `${reference} unknown` }] }));
      return;
    }
    const type = kind === "blobs" ? "application/octet-stream" : body === list ? MediaType.list : MediaType.manifest;
    response.writeHead(200, { "content-type": type, "content-length": body.length, "docker-content-digest": digest(body) });
    response.end(request.method === "HEAD" ? undefined : body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

async function readStream(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}
