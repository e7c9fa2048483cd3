import type Docker from "dockerode";
import type { Arch, PullPolicy } from "../../runner/ports.js";
import { platformOf } from "./create-options.js";
import { engineError, engineMessage, engineStatus, isConnectionError, unreachableError } from "./errors.js";
import { PullProgress } from "./pull-progress.js";
import type { PullEvent } from "./pull-progress.js";

export interface ImageRequest {
  readonly image: string;
  readonly arch: Arch;
  readonly pull: PullPolicy;
}

/**
 * Makes sure `image` is on the host for `arch`: `never` only checks, `missing` pulls when absent or of
 * another architecture (as `docker run --platform` does), `always` pulls. Errors name the image and host.
 */
export async function ensureImage(docker: Docker, host: string, request: ImageRequest, onProgress?: (line: string) => void): Promise<void> {
  const { image, arch, pull } = request;
  const present = await imagePlatform(docker, host, image);
  if (pull === "never") {
    if (present === undefined) {
      throw new Error(
        `Image ${image} is not on the Docker host ${host} and pull is "never": load or build it there ` +
          `(docker pull --platform ${platformOf(arch)} ${image}), or set pull to "missing".`,
      );
    }
    checkArch(host, image, present, arch);
    return;
  }
  if (pull === "missing" && present?.arch === arch && present.os === "linux") return;
  await pullImage(docker, host, image, arch, onProgress);
  const pulled = await imagePlatform(docker, host, image);
  if (pulled === undefined) {
    throw new Error(`Image ${image} was pulled on ${host} but is not there afterwards; is something pruning images?`);
  }
  checkArch(host, image, pulled, arch);
}

async function imagePlatform(docker: Docker, host: string, image: string): Promise<{ os: string; arch: string } | undefined> {
  try {
    const info = await docker.getImage(image).inspect();
    return { os: info.Os, arch: info.Architecture };
  } catch (error) {
    if (engineStatus(error) === 404) return undefined;
    throw engineError(host, `inspect image ${image}`, error);
  }
}

function checkArch(host: string, image: string, found: { os: string; arch: string }, arch: Arch): void {
  if (found.os === "linux" && found.arch === arch) return;
  throw new Error(
    `Image ${image} on ${host} is ${found.os}/${found.arch}, but the runner needs ${platformOf(arch)}: ` +
      `pull that variant (docker pull --platform ${platformOf(arch)} ${image}, or pull: always) or use an image built for ${arch}.`,
  );
}

async function pullImage(docker: Docker, host: string, image: string, arch: Arch, onProgress?: (line: string) => void): Promise<void> {
  const platform = platformOf(arch);
  const progress = new PullProgress((line) => onProgress?.(`${image}: ${line}`));
  const fail = (error: unknown): Error =>
    isConnectionError(error)
      ? unreachableError(host, error)
      : new Error(
          `Cannot pull image ${image} for ${platform} on the Docker host ${host}: ${engineMessage(error)}. ` +
            `Check the image name and tag, that the registry is reachable from that host, and its credentials there (docker login).`,
          { cause: error },
        );
  onProgress?.(`${image}: pulling for ${platform} on ${host}`);
  let stream: NodeJS.ReadableStream;
  try {
    stream = await docker.pull(image, { platform });
  } catch (error) {
    throw fail(error);
  }
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(
      stream,
      (error) => (error === null ? resolve() : reject(fail(error))),
      (event: PullEvent) => progress.onEvent(event),
    );
  });
}
