/**
 * Faults the emulator can inject, matched by method and OpenAPI route template
 * (e.g. `{ method: "DELETE", route: "/repos/{owner}/{repo}/actions/runners/{runner_id}", status: 503 }`).
 * Over HTTP: `POST /_control/faults` with the same JSON.
 */
export type Fault =
  | {
      /** Answer with this status instead of serving the request. */
      readonly kind?: "respond";
      readonly method: string;
      readonly route: string;
      readonly status: 403 | 404 | 422 | 429 | 500 | 502 | 503 | 504;
      readonly headers?: Readonly<Record<string, string>>;
      /** JSON body; GitHub's usual message for the status when omitted. */
      readonly body?: unknown;
      /** How many matching requests it applies to (default 1). */
      readonly times?: number;
    }
  | {
      /** Serve the request (state changes), then reset the connection instead of answering. */
      readonly kind: "reset-after-processing";
      readonly method: string;
      readonly route: string;
      readonly times?: number;
    }
  | {
      /** Reset the connection without serving the request. */
      readonly kind: "reset";
      readonly method: string;
      readonly route: string;
      readonly times?: number;
    };

/** GitHub's rate-limit headers for a primary limit that resets `seconds` from now. */
export function primaryRateLimitHeaders(seconds: number): Record<string, string> {
  return {
    "x-ratelimit-limit": "5000",
    "x-ratelimit-remaining": "0",
    "x-ratelimit-used": "5000",
    "x-ratelimit-reset": String(Math.ceil(Date.now() / 1000) + seconds),
    "x-ratelimit-resource": "core",
  };
}

export function defaultFaultBody(status: number, headers: Readonly<Record<string, string>>): Record<string, string> {
  const documentation_url = "https://docs.github.com/rest";
  if (headers["x-ratelimit-remaining"] === "0") {
    return { message: "API rate limit exceeded for user ID 1.", documentation_url, status: String(status) };
  }
  if (status === 429 || headers["retry-after"] !== undefined) {
    return {
      message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
      documentation_url,
      status: String(status),
    };
  }
  const messages: Record<number, string> = {
    403: "Resource not accessible by personal access token",
    404: "Not Found",
    422: "Validation Failed",
    500: "Internal Server Error",
    502: "Server Error",
    503: "Service Unavailable",
    504: "Gateway Timeout",
  };
  return { message: messages[status] ?? "Error", documentation_url, status: String(status) };
}

interface Pending {
  readonly fault: Fault;
  remaining: number;
}

export class FaultQueue {
  readonly #pending: Pending[] = [];

  add(fault: Fault): void {
    const times = fault.times ?? 1;
    if (!Number.isInteger(times) || times < 1) throw new Error(`fault.times must be a positive integer (got ${times})`);
    this.#pending.push({ fault, remaining: times });
  }

  /** The first fault matching the request, used up once. */
  take(method: string, route: string): Fault | undefined {
    const index = this.#pending.findIndex((entry) => entry.fault.method === method && entry.fault.route === route);
    if (index < 0) return undefined;
    const entry = this.#pending[index];
    entry.remaining -= 1;
    if (entry.remaining === 0) this.#pending.splice(index, 1);
    return entry.fault;
  }

  get size(): number {
    return this.#pending.length;
  }

  clear(): void {
    this.#pending.length = 0;
  }
}
