import { INPUT_NAMES } from "../../src/runner/config/input-names.js";
import type { InputName, RawInputs } from "../../src/runner/config/input-names.js";
import { parseActionRequest } from "../../src/runner/config/request.js";
import type { ActionRequest } from "../../src/runner/config/request.js";

/** Raw inputs as a workflow would give them: everything empty unless set. */
export function rawInputs(values: Partial<Record<InputName, string>>): RawInputs {
  const raw = Object.fromEntries(INPUT_NAMES.map((name) => [name, ""])) as Record<InputName, string>;
  return { ...raw, ...values };
}

export const TOKEN = "ghp_fakeTokenThatMustNeverBeLogged0123456789";

/** A validated request for `owner/widgets`, run 4242. */
export function request(values: Partial<Record<InputName, string>>): ActionRequest {
  return parseActionRequest(rawInputs({ "github-token": TOKEN, ...values }), { repository: "owner/widgets", runId: "4242" });
}
