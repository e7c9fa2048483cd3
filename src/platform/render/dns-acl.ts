import { isIP } from "node:net";

/**
 * The client networks a CoreDNS `acl` allows. Refuses what would make CoreDNS an open resolver (a /0 network)
 * or fail to start (not a CIDR), naming where the entry came from.
 */
export function aclNetworks(sources: readonly { readonly field: string; readonly networks: readonly string[] }[]): readonly string[] {
  const allowed: string[] = [];
  for (const { field, networks } of sources) {
    networks.forEach((network, index) => {
      const [address = "", bits, ...rest] = network.split("/");
      const family = isIP(address);
      const max = family === 6 ? 128 : 32;
      if (family === 0 || bits === undefined || rest.length > 0 || !/^\d{1,3}$/.test(bits) || Number(bits) > max) {
        throw new Error(`${field}[${index}] "${network}" must be a network in CIDR form, e.g. 192.168.1.0/24`);
      }
      if (Number(bits) === 0) {
        throw new Error(`${field}[${index}] "${network}" lets every address on the internet query CoreDNS (an open resolver); list your LAN's networks instead`);
      }
      if (!allowed.includes(network)) allowed.push(network);
    });
  }
  return allowed;
}
