import type { PlatformSpec } from "../src/platform/spec/index.js";
import { DockerPlatform } from "./docker/platform.js";
import { KubernetesPlatform } from "./kubernetes/platform.js";
import type { PlatformOutputs } from "./outputs.js";

/** Declares the whole platform for the spec's target. */
export function definePlatform(spec: PlatformSpec): PlatformOutputs {
  switch (spec.target) {
    case "docker":
      return new DockerPlatform("autogit", { spec }).outputs;
    case "kubernetes":
      return new KubernetesPlatform("autogit", { spec }).outputs;
  }
}
