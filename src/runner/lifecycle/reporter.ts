/** Where the lifecycle writes progress; the action maps it onto @actions/core, tests onto an array. */
export interface Reporter {
  info(message: string): void;
  warning(message: string): void;
  /** Hides a secret in every later log line. Called before the secret can reach any log. */
  mask(secret: string): void;
  /** Runs a phase under a collapsible heading. */
  group<T>(title: string, work: () => Promise<T>): Promise<T>;
}
