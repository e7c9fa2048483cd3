import type { IDeployment } from "kubernetes-models/apps/v1/Deployment";
import type { IConfigMap } from "kubernetes-models/v1/ConfigMap";
import type { IPersistentVolumeClaim } from "kubernetes-models/v1/PersistentVolumeClaim";
import type { IService } from "kubernetes-models/v1/Service";
import { renderAutheliaConfig } from "../render/authelia-config.js";
import { autheliaEnvironment, autheliaSecretFiles } from "../render/authelia-secrets.js";
import { autheliaConfigYaml } from "../render/authelia-template.js";
import { AUTHELIA_PATHS, AUTHELIA_PORT } from "../render/defaults.js";
import type { KubernetesPlatformSpec } from "../spec/index.js";
import { RELEASES, selectorLabels, standardLabels } from "./charts.js";

/**
 * Authelia on Kubernetes as our own manifests (docs/adr/0004): the configuration is the one the Docker target
 * mounts (`renderAutheliaConfig`), its secrets are files of one Secret at the same paths, the users database is a
 * second Secret (it holds password hashes), and SQLite lives on a PersistentVolumeClaim — one replica, recreated on
 * upgrade, as SQLite requires.
 */

export const AUTHELIA_NAME = RELEASES.authelia;
export const AUTHELIA_SECRETS = { files: "authelia-secrets", users: "authelia-users" } as const;
const CONFIG_DIR = AUTHELIA_PATHS.config.replace(/\/[^/]+$/, "");
const DATA_DIR = AUTHELIA_PATHS.sqlite.replace(/\/[^/]+$/, "");
const fileName = (path: string) => path.slice(path.lastIndexOf("/") + 1);

/** The rendered `configuration.yml` text (secrets appear only as `{{ secret }}` templates). */
export function autheliaConfigText(spec: KubernetesPlatformSpec): string {
  return autheliaConfigYaml(renderAutheliaConfig(spec));
}

export function autheliaConfigMap(spec: KubernetesPlatformSpec): IConfigMap {
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: AUTHELIA_NAME, namespace: spec.kubernetes.namespace, labels: standardLabels(AUTHELIA_NAME) },
    data: { [fileName(AUTHELIA_PATHS.config)]: autheliaConfigText(spec) },
  };
}

/** Keys of the secret-files Secret: exactly the files `autheliaSecretFiles` lists. */
export function autheliaSecretKeys(): readonly string[] {
  return autheliaSecretFiles().map((file) => fileName(file.path));
}

export function autheliaDataClaim(spec: KubernetesPlatformSpec): IPersistentVolumeClaim {
  const storageClass = spec.kubernetes.storageClass;
  return {
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: { name: `${AUTHELIA_NAME}-data`, namespace: spec.kubernetes.namespace, labels: standardLabels(AUTHELIA_NAME) },
    spec: {
      accessModes: ["ReadWriteOnce"],
      resources: { requests: { storage: "1Gi" } },
      ...(storageClass === undefined ? {} : { storageClassName: storageClass }),
    },
  };
}

/** `configHash` rolls the pod when the configuration, users or secrets change. */
export function autheliaDeployment(spec: KubernetesPlatformSpec, configHash: string): IDeployment {
  const env = autheliaEnvironment();
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: AUTHELIA_NAME, namespace: spec.kubernetes.namespace, labels: standardLabels(AUTHELIA_NAME) },
    spec: {
      replicas: 1,
      strategy: { type: "Recreate" },
      selector: { matchLabels: selectorLabels(AUTHELIA_NAME) },
      template: {
        metadata: { labels: standardLabels(AUTHELIA_NAME), annotations: { "autogit.dev/config-sha256": configHash } },
        spec: {
          enableServiceLinks: false,
          securityContext: { runAsNonRoot: true, runAsUser: 8000, runAsGroup: 8000, fsGroup: 8000, seccompProfile: { type: "RuntimeDefault" } },
          containers: [
            {
              name: "authelia",
              image: `docker.io/authelia/authelia:${spec.versions.authelia}`,
              args: ["--config", AUTHELIA_PATHS.config],
              env: Object.entries(env).map(([name, value]) => ({ name, value })),
              ports: [{ name: "http", containerPort: AUTHELIA_PORT, protocol: "TCP" }],
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
              resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "256Mi" } },
              startupProbe: { httpGet: { path: "/api/health", port: "http" }, periodSeconds: 5, failureThreshold: 12 },
              livenessProbe: { httpGet: { path: "/api/health", port: "http" }, periodSeconds: 30 },
              readinessProbe: { httpGet: { path: "/api/health", port: "http" }, periodSeconds: 10 },
              volumeMounts: [
                { name: "config", mountPath: CONFIG_DIR, readOnly: true },
                { name: "secrets", mountPath: AUTHELIA_PATHS.secretsDir, readOnly: true },
                { name: "data", mountPath: DATA_DIR },
              ],
            },
          ],
          volumes: [
            {
              name: "config",
              projected: {
                sources: [
                  { configMap: { name: AUTHELIA_NAME, items: [{ key: fileName(AUTHELIA_PATHS.config), path: fileName(AUTHELIA_PATHS.config) }] } },
                  { secret: { name: AUTHELIA_SECRETS.users, items: [{ key: fileName(AUTHELIA_PATHS.usersDatabase), path: fileName(AUTHELIA_PATHS.usersDatabase) }] } },
                ],
              },
            },
            { name: "secrets", secret: { secretName: AUTHELIA_SECRETS.files, defaultMode: 0o400 } },
            { name: "data", persistentVolumeClaim: { claimName: `${AUTHELIA_NAME}-data` } },
          ],
        },
      },
    },
  };
}

/** ClusterIP on port 80, the address Traefik's forwardAuth and the portal route use. */
export function autheliaService(spec: KubernetesPlatformSpec): IService {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: AUTHELIA_NAME, namespace: spec.kubernetes.namespace, labels: standardLabels(AUTHELIA_NAME) },
    spec: {
      type: "ClusterIP",
      selector: selectorLabels(AUTHELIA_NAME),
      ports: [{ name: "http", port: 80, targetPort: "http", protocol: "TCP" }],
    },
  };
}

/** File name of the users database inside its Secret. */
export const AUTHELIA_USERS_KEY = fileName(AUTHELIA_PATHS.usersDatabase);
