import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_IMAGE_VERSIONS } from "../../../src/platform/spec/index.js";
import type { ProgramRun } from "../../support/pulumi.js";
import { mockPemMarker, runStack } from "../../support/pulumi.js";
import { CONTAINER, DOCKER_PROVIDER, IMAGE, NETWORK, VOLUME, container, envOf, labelsOf, uploadOf, usesProvider } from "./resources.js";

// stacks/Pulumi.dev.yaml: local-ca on lab.home.arpa, LAN address 192.168.1.10, one local amd64 runner host.
let run: ProgramRun;
beforeAll(async () => {
  run = await runStack("dev");
});

describe("dev stack: platform services", () => {
  it("declares the four services and the runner manager as containers", () => {
    const names = run.ofType(CONTAINER).map((resource) => resource.inputs["name"]);
    expect(names.sort()).toEqual(["autogit-authelia", "autogit-coredns", "autogit-gitlab", "autogit-runner-local", "autogit-traefik"]);
  });

  it("creates the platform's objects through one explicit provider for docker.host", () => {
    const engine = run.get(DOCKER_PROVIDER, "autogit-engine");
    expect(engine.inputs["host"]).toBe("unix:///var/run/docker.sock");
    for (const name of ["autogit-traefik", "autogit-authelia", "autogit-gitlab", "autogit-coredns"]) {
      expect(usesProvider(container(run, name), "autogit-engine"), name).toBe(true);
    }
    expect(usesProvider(run.get(NETWORK, "autogit-network-bridge"), "autogit-engine")).toBe(true);
  });

  it("puts every web service on the user-defined bridge under the alias the renderers address it by", () => {
    const network = run.get(NETWORK, "autogit-network-bridge");
    expect(network.inputs).toMatchObject({ name: "autogit", driver: "bridge" });
    const aliases = Object.fromEntries(
      ["traefik", "authelia", "gitlab"].map((service) => {
        const attached = container(run, `autogit-${service}`).inputs["networksAdvanced"] as { name: string; aliases: string[] }[];
        expect(attached.map((n) => n.name)).toEqual(["autogit"]);
        return [service, attached[0]?.aliases];
      }),
    );
    // Traefik also answers for the public hostnames, so GitLab reaches https://auth.<domain> (OIDC) through it.
    expect(aliases).toEqual({
      traefik: ["traefik", "gitlab.lab.home.arpa", "auth.lab.home.arpa", "traefik.lab.home.arpa"],
      authelia: ["authelia"],
      gitlab: ["gitlab"],
    });
  });

  it("publishes 80, 443 and GitLab's ssh port on Traefik only, and never mounts the Docker socket into it", () => {
    const traefik = container(run, "autogit-traefik");
    const ports = (traefik.inputs["ports"] as { internal: number; external: number; protocol: string }[]).map((p) => `${p.external}->${p.internal}/${p.protocol}`);
    expect(ports).toEqual(["80->80/tcp", "443->443/tcp", "2222->2222/tcp"]);
    expect(JSON.stringify(traefik.inputs["volumes"] ?? [])).not.toContain("docker.sock");
    expect(traefik.inputs["mounts"]).toBeUndefined();
    expect(container(run, "autogit-gitlab").inputs["ports"]).toBeUndefined();
    expect(container(run, "autogit-authelia").inputs["ports"]).toBeUndefined();
  });

  it("runs CoreDNS on the host's network with no published port, so its acl sees the real client addresses", () => {
    const coredns = container(run, "autogit-coredns");
    expect(coredns.inputs["networkMode"]).toBe("host");
    expect(coredns.inputs["ports"]).toBeUndefined();
    expect(coredns.inputs["networksAdvanced"]).toBeUndefined();
  });

  it("binds CoreDNS to dns.lanAddress in every server block and keeps health and ready on the host's loopback", () => {
    const corefile = uploadOf(container(run, "autogit-coredns"), "/etc/coredns/Corefile").content;
    const blocks = corefile.split(/^(?=\S+:53 \{$)/m).filter((block) => /^\S+:53 \{$/m.test(block));
    expect(blocks.length).toBeGreaterThan(1);
    for (const block of blocks) expect(block, block.split("\n")[0]).toMatch(/^ {4}bind 192\.168\.1\.10$/m);
    expect(corefile).not.toMatch(/^\s*bind .*0\.0\.0\.0/m);
    expect(corefile).toMatch(/^\s*health 127\.0\.0\.1:8080$/m);
    expect(corefile).toMatch(/^\s*ready 127\.0\.0\.1:8181$/m);
    expect(corefile).not.toMatch(/^\s*(health|ready) :/m);
  });

  it("keeps Traefik's ACME storage, Authelia's SQLite and GitLab's config, logs and data on named volumes", () => {
    const mounted = (name: string): Record<string, unknown> =>
      Object.fromEntries((container(run, name).inputs["volumes"] as { volumeName: string; containerPath: string }[]).map((v) => [v.containerPath, v.volumeName]));
    expect(mounted("autogit-traefik")).toEqual({ "/var/lib/traefik": "autogit-traefik-acme" });
    expect(mounted("autogit-authelia")).toEqual({ "/data": "autogit-authelia-data" });
    expect(mounted("autogit-gitlab")).toEqual({ "/etc/gitlab": "autogit-gitlab-config", "/var/log/gitlab": "autogit-gitlab-logs", "/var/opt/gitlab": "autogit-gitlab-data" });
    const volumes = run.ofType(VOLUME).map((v) => v.inputs["name"]);
    expect(volumes.sort()).toEqual(["autogit-authelia-data", "autogit-gitlab-config", "autogit-gitlab-data", "autogit-gitlab-logs", "autogit-traefik-acme"]);
  });

  it("pins every image to the versions of the spec, never latest", () => {
    const images = run.ofType(IMAGE).map((image) => String(image.inputs["name"]));
    expect(images).toEqual(
      expect.arrayContaining([
        `gitlab/gitlab-ce:${DEFAULT_IMAGE_VERSIONS.gitlab}`,
        `traefik:${DEFAULT_IMAGE_VERSIONS.traefik}`,
        `authelia/authelia:${DEFAULT_IMAGE_VERSIONS.authelia}`,
        `coredns/coredns:${DEFAULT_IMAGE_VERSIONS.coredns}`,
        `gitlab/gitlab-runner:${DEFAULT_IMAGE_VERSIONS.gitlabRunner}`,
      ]),
    );
    for (const image of images) expect(image).toMatch(/:[^:]+$/);
    for (const image of images) expect(image).not.toMatch(/:latest$/);
    for (const resource of run.ofType(CONTAINER)) expect(images).toContain(resource.inputs["image"]);
  });

  it("gives GitLab its omnibus config, shm size and a healthcheck `pulumi up` waits on", () => {
    const gitlab = container(run, "autogit-gitlab");
    const env = envOf(gitlab);
    expect(env["GITLAB_OMNIBUS_CONFIG"]).toContain("external_url 'https://gitlab.lab.home.arpa'");
    expect(env["GITLAB_OMNIBUS_CONFIG"]).toContain("gitlab_rails['initial_root_password'] = File.read('/run/secrets/gitlab/root-password').strip");
    // Traefik connects from the platform bridge's subnet: that network, and only it, is trusted for X-Forwarded-For.
    expect(env["GITLAB_OMNIBUS_CONFIG"]).toMatch(/gitlab_rails\['trusted_proxies'\] = \[\s*'10\.254\.253\.0\/24'\s*\]/);
    expect(run.get(NETWORK, "autogit-network-bridge").inputs["ipamConfigs"]).toEqual([{ subnet: "10.254.253.0/24" }]);
    expect(gitlab.inputs["shmSize"]).toBe(256);
    expect(gitlab.inputs["healthcheck"]).toMatchObject({ tests: ["CMD", "/opt/gitlab/bin/gitlab-healthcheck", "--fail", "--max-time", "10"] });
    expect(gitlab.inputs).toMatchObject({ wait: true, hostname: "gitlab.lab.home.arpa" });
  });

  it("labels every container with its component and nothing else", () => {
    for (const resource of run.ofType(CONTAINER)) {
      const labels = labelsOf(resource);
      expect(Object.keys(labels).every((key) => key.startsWith("dev.autogit."))).toBe(true);
      expect(labels["dev.autogit.component"]).toMatch(/^[a-z-]+$/);
    }
  });
});

describe("dev stack: local CA", () => {
  it("issues a server certificate for the domain and its wildcard from a CA made with @pulumi/tls", () => {
    const ca = run.get("tls:index/selfSignedCert:SelfSignedCert", "autogit-ca-ca");
    expect(ca.inputs).toMatchObject({ isCaCertificate: true, allowedUses: expect.arrayContaining(["cert_signing"]) as unknown });
    const csr = run.get("tls:index/certRequest:CertRequest", "autogit-ca-server-csr");
    expect(csr.inputs["dnsNames"]).toEqual(["lab.home.arpa", "*.lab.home.arpa"]);
    const server = run.get("tls:index/locallySignedCert:LocallySignedCert", "autogit-ca-server");
    expect(server.inputs["allowedUses"]).toContain("server_auth");
  });

  it("uploads the certificate chain to Traefik with its key as a secret, and the CA to GitLab", () => {
    const traefik = container(run, "autogit-traefik");
    const cert = uploadOf(traefik, "/etc/traefik/certs/platform.crt");
    expect(cert.content).toContain("mock-autogit-ca-server");
    expect(cert.content).toContain("mock-autogit-ca-ca");
    const key = uploadOf(traefik, "/etc/traefik/certs/platform.key");
    expect(key).toMatchObject({ secret: true, permissions: "0400" });
    expect(mockPemMarker(key.content)).toBe("mock-autogit-ca-server-key");
    expect(uploadOf(container(run, "autogit-gitlab"), "/etc/gitlab/trusted-certs/autogit-local-ca.crt").content).toContain("mock-autogit-ca-ca");
  });
});

describe("dev stack: outputs", () => {
  it("exports the service URLs, the DNS address and the runner fleet in the shape of the action's inputs", () => {
    expect(run.outputs["urls"]).toEqual({ gitlab: "https://gitlab.lab.home.arpa", auth: "https://auth.lab.home.arpa", traefik: "https://traefik.lab.home.arpa" });
    expect(run.outputs["dnsAddress"]).toBe("192.168.1.10");
    expect(run.outputs["runnerFleet"]).toEqual([
      { name: "local", arch: "amd64", arches: ["amd64"], gpu: "none", gpuCount: "all", gpuGroups: "", dockerHost: "unix:///var/run/docker.sock", labels: [] },
    ]);
  });
});
