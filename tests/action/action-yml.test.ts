import { describe, expect, it } from "vitest";
import { Defaults } from "../../src/runner/config/defaults.js";
import { INPUT_NAMES, Output } from "../../src/runner/config/input-names.js";
import { actionYaml, inputVariable, parseOutputFile } from "./harness.js";

describe("action.yml", () => {
  it("runs the committed bundle on node24 with no post step (start and stop run in different jobs)", async () => {
    const yaml = await actionYaml();
    expect(yaml.runs).toEqual({ using: "node24", main: "dist/index.js" });
  });

  it("declares exactly the inputs the action reads, with mode and github-token required and a default for every other", async () => {
    const yaml = await actionYaml();
    expect(Object.keys(yaml.inputs).sort()).toEqual([...INPUT_NAMES].sort());
    for (const [name, spec] of Object.entries(yaml.inputs)) {
      if (name === "mode" || name === "github-token") expect(spec.required, name).toBe(true);
      else expect(typeof spec.default, `${name} needs a default`).toBe("string");
    }
    expect(yaml.inputs["docker-insecure-tcp"]?.default).toBe("false");
  });

  it("uses the same defaults as the validation module, so both places agree", async () => {
    const yaml = await actionYaml();
    expect(yaml.inputs.image?.default).toBe(Defaults.image);
    expect(yaml.inputs.arch?.default).toBe(Defaults.arch);
    expect(yaml.inputs.gpu?.default).toBe(Defaults.gpu);
    expect(yaml.inputs.pull?.default).toBe(Defaults.pull);
    expect(yaml.inputs["start-timeout"]?.default).toBe(Defaults.startTimeout);
    expect(yaml.inputs["idle-timeout"]?.default).toBe(Defaults.idleTimeout);
    expect(yaml.inputs["max-lifetime"]?.default).toBe(Defaults.maxLifetime);
    expect(yaml.inputs["runner-group"]?.default).toBe(Defaults.runnerGroup);
  });

  it("declares every output the action writes", async () => {
    const yaml = await actionYaml();
    expect(Object.keys(yaml.outputs).sort()).toEqual(Object.values(Output).sort());
  });

  it("names input variables as the runner does and reads outputs as @actions/core writes them", () => {
    expect(inputVariable("github-token")).toBe("INPUT_GITHUB-TOKEN");
    expect(parseOutputFile("label<<ghadelimiter_1\nautogit-x\nghadelimiter_1\nreaped<<d\n{}\nd\n")).toEqual({ label: "autogit-x", reaped: "{}" });
  });
});
