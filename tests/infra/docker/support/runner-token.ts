/** What the mocked runner registration prints: a token of GitLab's runner-token shape, named after the resource. */
export function mockRunnerToken(resourceName: string): string {
  return `glrt-mock-${resourceName.replace(/[^\w-]/g, "-")}`;
}

/** A PEM block of the real shape (several 64-column base64 lines) whose body decodes to `marker`, a newline and filler. */
export function mockPem(label: string, marker: string): string {
  const body = Buffer.from(`${marker}\n${"0".repeat(120)}`).toString("base64").match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${body.join("\n")}\n-----END ${label}-----\n`;
}

/** The marker inside a `mockPem`, or undefined when `pem` is not one. */
export function mockPemMarker(pem: string): string | undefined {
  const body = /-----BEGIN [A-Z ]+-----\n([\s\S]+?)\n-----END/.exec(pem)?.[1];
  return body === undefined ? undefined : Buffer.from(body.replace(/\n/g, ""), "base64").toString().split("\n")[0];
}
