import { decodeJitConfig } from "./jit-config.js";

/**
 * Plays the runner's side of PROTOCOL.md over HTTP, as the stand-in image's run.sh does,
 * for tests that need a runner to come online, take a job and finish it without a container.
 */
export class StandInRunner {
  readonly agentId: number;
  readonly #serverUrl: string;
  readonly #token: string;

  constructor(encodedJitConfig: string) {
    const config = decodeJitConfig(encodedJitConfig);
    this.agentId = config.agentId;
    this.#serverUrl = config.serverUrl;
    this.#token = config.runnerToken;
  }

  async #call(method: string, path: string): Promise<{ status: number; text: string }> {
    const response = await fetch(`${this.#serverUrl}${this.agentId}/${path}`, {
      method,
      headers: { authorization: `Bearer ${this.#token}` },
    });
    return { status: response.status, text: await response.text() };
  }

  online(): Promise<{ status: number; text: string }> {
    return this.#call("POST", "online");
  }

  /** The job handed out, or undefined when none is queued for this runner. */
  async takeJob(): Promise<{ id: number; seconds: number } | undefined> {
    const { status, text } = await this.#call("GET", "job");
    if (status === 204) return undefined;
    const found = /^JOB (\d+) (\d+(?:\.\d+)?)$/.exec(text);
    if (status !== 200 || found === null) throw new Error(`unexpected job answer ${status} ${text}`);
    return { id: Number(found[1]), seconds: Number(found[2]) };
  }

  async finish(jobId: number): Promise<number> {
    return (await this.#call("POST", `job/${jobId}/done`)).status;
  }

  /** Renews the job's lock, as a live runner does while the job runs; the status (404 once the job is no longer its). */
  async renew(jobId: number): Promise<number> {
    return (await this.#call("POST", `job/${jobId}/renew`)).status;
  }

  async offline(): Promise<number> {
    return (await this.#call("POST", "offline")).status;
  }
}
