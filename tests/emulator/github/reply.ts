export interface Reply {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Plain-text body (runner-side endpoints). */
  readonly text?: string;
}

export const DOCS = "https://docs.github.com/rest";

export function error(status: number, message: string, extra: Record<string, unknown> = {}): Reply {
  return { status, body: { message, documentation_url: DOCS, status: String(status), ...extra } };
}
