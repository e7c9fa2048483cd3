import { describe, expect, it } from "vitest";
import { localZones, renderCoreDns, renderZoneFile } from "../../../src/platform/render/index.js";
import type { PlatformSpec } from "../../../src/platform/spec/index.js";
import { directive, parseCorefile } from "./corefile-parser.js";
import type { ServerBlock } from "./corefile-parser.js";
import { dockerSpec, kubernetesSpec, renderCases } from "./specs.js";

const LB = "203.0.113.7";

const cases = renderCases;

const withHomelabDns = (extra: Record<string, unknown> = {}): PlatformSpec =>
  dockerSpec({
    dns: {
      lanAddress: "192.168.10.5",
      upstreams: ["1.1.1.1", "2606:4700:4700::1111"],
      allowedNetworks: ["192.168.10.0/24", "fd00::/8"],
      records: [
        { name: "nas", type: "A", value: "192.168.10.20" },
        { name: "files", type: "CNAME", value: "nas.lab.home.arpa" },
        { name: "v6", type: "AAAA", value: "fd00::20" },
        { name: "printer.office.example.", type: "A", value: "192.168.10.30" },
      ],
      conditionalForwards: [{ zone: "fritz.box", servers: ["192.168.10.1"] }],
      cacheSeconds: 120,
      ...extra,
    },
  });

function zoneRecords(content: string): string[][] {
  return content
    .split("\n")
    .filter((line) => line !== "" && !line.startsWith("$"))
    .map((line) => line.split("\t"));
}

describe("CoreDNS Corefile", () => {
  it("is never an open resolver: every server block of every stack has an acl allowing only the allowed networks, ending in block", async () => {
    for (const { name, spec } of await cases()) {
      const blocks = parseCorefile(renderCoreDns(spec, { serviceAddress: LB }).corefile);
      expect(blocks.length, name).toBeGreaterThan(1);
      for (const block of blocks) {
        const acls = block.directives.filter((entry) => entry.name === "acl");
        expect(acls, `${name} ${block.keys.join(" ")}`).toHaveLength(1);
        const rules = acls[0]?.children ?? [];
        expect(rules.at(-1), `${name} ${block.keys.join(" ")}`).toEqual({ name: "block", args: [], children: [] });
        expect(rules.slice(0, -1), name).toEqual([{ name: "allow", args: ["net", ...spec.dns.allowedNetworks], children: [] }]);
      }
    }
  });

  it("the open-resolver check would catch a block without acl", () => {
    const corefile = `${renderCoreDns(dockerSpec()).corefile}\nopen.example:53 {\n    forward . 1.1.1.1\n}\n`;
    const lacking = parseCorefile(corefile).filter((block: ServerBlock) => directive(block, "acl")?.children.at(-1)?.name !== "block");
    expect(lacking.map((block) => block.keys)).toEqual([["open.example:53"]]);
  });

  it("serves the local zone from its zone file, forwards conditional zones and sends the rest upstream with the cache cap", () => {
    const spec = withHomelabDns();
    const { corefile, zoneFiles } = renderCoreDns(spec, { zonesDir: "/z" });
    const blocks = parseCorefile(corefile);
    expect(blocks.map((block) => block.keys)).toEqual([["lab.home.arpa:53"], ["printer.office.example:53"], ["fritz.box:53"], [".:53"]]);
    const [local, printer, fritz, root] = blocks as [ServerBlock, ServerBlock, ServerBlock, ServerBlock];
    expect(directive(local, "file")).toEqual({ name: "file", args: ["/z/db.lab.home.arpa", "lab.home.arpa"], children: [{ name: "reload", args: ["30s"], children: [] }] });
    expect(directive(local, "forward")).toBeUndefined();
    expect(directive(printer, "file")?.args).toEqual(["/z/db.printer.office.example", "printer.office.example"]);
    expect(directive(fritz, "forward")?.args).toEqual([".", "192.168.10.1"]);
    expect(directive(root, "forward")?.args).toEqual([".", "1.1.1.1", "2606:4700:4700::1111"]);
    expect(directive(root, "cache")?.args).toEqual(["120"]);
    for (const name of ["errors", "loop", "health", "ready", "reload"]) expect(directive(root, name), name).toBeDefined();
    expect(directive(root, "health")?.args).toEqual([":8080"]);
    expect(directive(root, "ready")?.args).toEqual([":8181"]);
    expect(zoneFiles.map((file) => file.path)).toEqual(["/z/db.lab.home.arpa", "/z/db.printer.office.example"]);
  });

  it("binds every block to the given addresses, and binds nothing when none are given", () => {
    const bound = parseCorefile(renderCoreDns(withHomelabDns(), { bind: ["192.168.10.5"] }).corefile);
    expect(bound.every((block) => JSON.stringify(directive(block, "bind")?.args) === JSON.stringify(["192.168.10.5"]))).toBe(true);
    const unbound = parseCorefile(renderCoreDns(withHomelabDns()).corefile);
    expect(unbound.every((block) => directive(block, "bind") === undefined)).toBe(true);
  });

  it("logs queries only when asked, and leaves the cache out when cacheSeconds is 0", () => {
    const spec = withHomelabDns({ cacheSeconds: 0 });
    expect(parseCorefile(renderCoreDns(spec).corefile).some((block) => directive(block, "log") !== undefined)).toBe(false);
    const logged = parseCorefile(renderCoreDns(spec, { queryLog: true }).corefile);
    expect(logged.every((block) => directive(block, "log") !== undefined)).toBe(true);
    expect(logged.some((block) => directive(block, "cache") !== undefined)).toBe(false);
  });

  it("on Kubernetes points the service records at the given address, and asks for one when the spec has none", () => {
    const spec = kubernetesSpec();
    const { zoneFiles } = renderCoreDns(spec, { serviceAddress: LB });
    expect(zoneRecords(zoneFiles[0]?.content ?? "")).toContainEqual(["gitlab.ci.example.com.", "IN", "A", LB]);
    expect(() => renderCoreDns(spec)).toThrow(/serviceAddress/);
  });

  it("also answers the extra networks infra passes, such as the Docker bridges job containers query from", () => {
    const [block] = parseCorefile(renderCoreDns(withHomelabDns(), { alsoAllow: ["172.17.0.0/16", "192.168.10.0/24"] }).corefile);
    expect(directive(block, "acl")?.children[0]?.args).toEqual(["net", "192.168.10.0/24", "fd00::/8", "172.17.0.0/16"]);
  });

  it("refuses a /0 network that would make it an open resolver, and a malformed one, naming where it came from", () => {
    // The spec parser refuses this too; the renderer holds the line for specs built any other way.
    const valid = withHomelabDns();
    const open: PlatformSpec = { ...valid, dns: { ...valid.dns, allowedNetworks: ["192.168.10.0/24", "0.0.0.0/0"] } } as PlatformSpec;
    expect(() => renderCoreDns(open)).toThrow(/dns\.allowedNetworks\[1\] "0\.0\.0\.0\/0" .*open resolver/);
    expect(() => renderCoreDns(withHomelabDns(), { alsoAllow: ["::/0"] })).toThrow(/alsoAllow\[0\] "::\/0"/);
    expect(() => renderCoreDns(withHomelabDns(), { alsoAllow: ["172.17.0.1"] })).toThrow(/alsoAllow\[0\] "172\.17\.0\.1" must be a network in CIDR form/);
  });

  it("refuses a conditional forward of a zone it serves itself, naming the entry", () => {
    // The spec refuses this first (tests/platform/spec); the renderer guards specs built without the parser.
    const base = withHomelabDns({ conditionalForwards: [{ zone: "fritz.box", servers: ["192.168.10.1"] }] });
    const spec = { ...base, dns: { ...base.dns, conditionalForwards: [...base.dns.conditionalForwards, { zone: "lab.home.arpa", servers: ["192.168.10.1"] }] } } as PlatformSpec;
    expect(() => renderCoreDns(spec)).toThrow(/dns\.conditionalForwards\[1\]\.zone "lab\.home\.arpa"/);
  });
});

describe("zone files", () => {
  it("hold SOA, NS with glue, a record per service hostname and the extra records, as absolute names", () => {
    const spec = withHomelabDns();
    const [local] = localZones(spec, "192.168.10.5");
    const records = zoneRecords(renderZoneFile(local, "192.168.10.5"));
    expect(records[0]?.slice(0, 3)).toEqual(["lab.home.arpa.", "IN", "SOA"]);
    expect(records.slice(1)).toEqual([
      ["lab.home.arpa.", "IN", "NS", "ns.lab.home.arpa."],
      ["ns.lab.home.arpa.", "IN", "A", "192.168.10.5"],
      ["gitlab.lab.home.arpa.", "IN", "A", "192.168.10.5"],
      ["auth.lab.home.arpa.", "IN", "A", "192.168.10.5"],
      ["traefik.lab.home.arpa.", "IN", "A", "192.168.10.5"],
      ["nas.lab.home.arpa.", "IN", "A", "192.168.10.20"],
      ["files.lab.home.arpa.", "IN", "CNAME", "nas.lab.home.arpa."],
      ["v6.lab.home.arpa.", "IN", "AAAA", "fd00::20"],
    ]);
  });

  it("change their SOA serial exactly when the records change", () => {
    const serialOf = (spec: PlatformSpec): string => {
      const [local] = localZones(spec, "192.168.10.5");
      return zoneRecords(renderZoneFile(local, "192.168.10.5"))[0]?.[3]?.split(" ")[2] ?? "";
    };
    const a = serialOf(withHomelabDns());
    expect(serialOf(withHomelabDns())).toBe(a);
    expect(serialOf(withHomelabDns({ records: [{ name: "nas", type: "A", value: "192.168.10.21" }] }))).not.toBe(a);
    expect(Number(a)).toBeGreaterThan(0);
  });

  it("keep a user's own ns record instead of adding glue", () => {
    const spec = dockerSpec({ dns: { lanAddress: "192.168.1.10", records: [{ name: "ns", type: "A", value: "192.168.1.53" }] } });
    const [local] = localZones(spec, "192.168.1.10");
    const ns = zoneRecords(renderZoneFile(local, "192.168.1.10")).filter((record) => record[0] === "ns.lab.home.arpa.");
    expect(ns).toEqual([["ns.lab.home.arpa.", "IN", "A", "192.168.1.53"]]);
  });
});
