// The Pulumi program's entry (Pulumi.yaml `main`). Its exports are the stack outputs.
import { readPlatformSpec } from "./config.js";
import { definePlatform } from "./program.js";

const platform = definePlatform(readPlatformSpec());

export const urls = platform.urls;
export const dnsAddress = platform.dnsAddress;
export const runnerFleet = platform.runnerFleet;
export const runnerKubeconfig = platform.runnerKubeconfig;
export const gitlabRootPassword = platform.gitlabRootPassword;
export const caCertificate = platform.caCertificate;
