import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { autheliaConfigYaml, multilineSecretTemplate, secretTemplate } from "../../../src/platform/render/index.js";
import { expandAutheliaTemplates } from "./authelia-template-expander.js";

const PEM = "-----BEGIN PRIVATE KEY-----\nQUJD\nREVG\n-----END PRIVATE KEY-----\n";
const files = new Map([
  ["/s/key.pem", PEM],
  ["/s/token", "$pbkdf2-sha512$310000$c2FsdA$a2V5/.x\n"],
]);
const read = (path: string): string => {
  const content = files.get(path);
  if (content === undefined) throw new Error(`no file ${path}`);
  return content;
};

describe("Authelia secret templates", () => {
  it("land multi-line secrets as YAML blocks at any depth, and single-line ones as quoted strings", () => {
    const config = {
      top: multilineSecretTemplate("/s/key.pem"),
      nested: { deeper: { list: [{ name: "a", key: multilineSecretTemplate("/s/key.pem") }, { key: multilineSecretTemplate("/s/key.pem") }] } },
      token: secretTemplate("/s/token"),
    };
    const read_ = parse(expandAutheliaTemplates(autheliaConfigYaml(config), read)) as typeof config;
    expect(read_.top).toBe(PEM);
    expect(read_.nested.deeper.list.map((entry) => entry.key)).toEqual([PEM, PEM]);
    expect(read_.token).toBe("$pbkdf2-sha512$310000$c2FsdA$a2V5/.x");
  });

  it("refuse a path that would break out of the template", () => {
    expect(() => secretTemplate('/s/a" }}{{ env "X')).toThrow(/must be absolute and free of quotes/);
    expect(() => multilineSecretTemplate("relative/key.pem")).toThrow(/must be absolute/);
  });

  it("the test expander refuses functions it does not implement rather than passing them through", () => {
    expect(() => expandAutheliaTemplates('x: {{ env "HOME" }}', read)).toThrow(/not understood/);
  });
});
