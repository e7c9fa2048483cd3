/** The JIT config format of PROTOCOL.md: base64 JSON of file name → base64 file content. */

export interface JitConfigContent {
  readonly agentId: number;
  readonly agentName: string;
  /** `http://127.0.0.1:<port>/_runner/` */
  readonly serverUrl: string;
  readonly runnerToken: string;
  /** Defaults to `_work`. */
  readonly workFolder?: string;
}

const b64 = (text: string): string => Buffer.from(text, "utf8").toString("base64");
const unb64 = (text: string): string => Buffer.from(text, "base64").toString("utf8");

export function encodeJitConfig(content: JitConfigContent): string {
  // JSON.stringify writes one line with no spaces after ':' or ',', which the stand-in's sed relies on.
  const runner = JSON.stringify({
    AgentId: content.agentId,
    AgentName: content.agentName,
    PoolId: 1,
    ServerUrl: content.serverUrl,
    WorkFolder: content.workFolder ?? "_work",
    Ephemeral: true,
  });
  const credentials = JSON.stringify({ Scheme: "OAuth", Data: { token: content.runnerToken } });
  const rsaParams = JSON.stringify({ d: b64(`emulated-key-${content.agentId}`), exponent: "AQAB" });
  return b64(JSON.stringify({ ".runner": b64(runner), ".credentials": b64(credentials), ".credentials_rsaparams": b64(rsaParams) }));
}

/** Reads an encoded JIT config back; throws naming the part that is malformed. */
export function decodeJitConfig(encoded: string): JitConfigContent {
  const files = JSON.parse(unb64(encoded)) as Record<string, string | undefined>;
  const runnerFile = files[".runner"];
  const credentialsFile = files[".credentials"];
  if (runnerFile === undefined || credentialsFile === undefined) {
    throw new Error("JIT config must contain .runner and .credentials");
  }
  const runner = JSON.parse(unb64(runnerFile)) as { AgentId: number; AgentName: string; ServerUrl: string; WorkFolder: string };
  const credentials = JSON.parse(unb64(credentialsFile)) as { Data: { token: string } };
  return {
    agentId: runner.AgentId,
    agentName: runner.AgentName,
    serverUrl: runner.ServerUrl,
    runnerToken: credentials.Data.token,
    workFolder: runner.WorkFolder,
  };
}
