import type Docker from "dockerode";
import { JIT_CONFIG_PATH, WRAPPER_DIR, WRAPPER_PATH } from "./entrypoint.js";
import { engineStatus } from "./errors.js";
import { resolveImageUser } from "./image-user.js";
import { tarArchive, tarFiles } from "./tar.js";
import type { TarOwner } from "./tar.js";

/**
 * Puts the wrapper and the JIT config into a created, not yet started container (see ADR 0002): the
 * secret never enters the create request, and the files belong to the image's user, private to it.
 */
export async function deliverPrivateFiles(container: Docker.Container, image: string, script: string, encodedJitConfig: string): Promise<void> {
  const owner = await containerUser(container, image);
  const archive = tarArchive([
    { type: "dir", path: WRAPPER_DIR.slice(1), mode: 0o700, owner },
    { type: "file", path: WRAPPER_PATH.slice(1), mode: 0o500, content: script, owner },
    { type: "file", path: JIT_CONFIG_PATH.slice(1), mode: 0o400, content: encodedJitConfig, owner },
  ]);
  await container.putArchive(archive, { path: "/" });
}

async function containerUser(container: Docker.Container, image: string): Promise<TarOwner> {
  const user = (await container.inspect()).Config.User ?? "";
  if (user === "" || /^\d+(:\d+)?$/.test(user)) return resolveImageUser(image, user, undefined, undefined);
  const [passwd, group] = await Promise.all([readContainerFile(container, "/etc/passwd"), readContainerFile(container, "/etc/group")]);
  return resolveImageUser(image, user, passwd, group);
}

/** A file of the container's filesystem, or undefined when it does not exist. */
async function readContainerFile(container: Docker.Container, path: string): Promise<string | undefined> {
  let stream: NodeJS.ReadableStream;
  try {
    stream = await container.getArchive({ path });
  } catch (error) {
    if (engineStatus(error) === 404) return undefined;
    throw error;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  const name = path.split("/").pop() ?? path;
  return tarFiles(Buffer.concat(chunks)).get(name)?.toString("utf8");
}
