import { Certificate } from "@kubernetes-models/cert-manager/cert-manager.io/v1/Certificate";
import { ClusterIssuer } from "@kubernetes-models/cert-manager/cert-manager.io/v1/ClusterIssuer";
import { IngressRoute } from "@kubernetes-models/traefik/traefik.io/v1alpha1/IngressRoute";
import { IngressRouteTCP } from "@kubernetes-models/traefik/traefik.io/v1alpha1/IngressRouteTCP";
import { Middleware } from "@kubernetes-models/traefik/traefik.io/v1alpha1/Middleware";
import { TLSOption } from "@kubernetes-models/traefik/traefik.io/v1alpha1/TLSOption";
import { DaemonSet } from "kubernetes-models/apps/v1/DaemonSet";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import { RuntimeClass } from "kubernetes-models/node.k8s.io/v1/RuntimeClass";
import { Role } from "kubernetes-models/rbac.authorization.k8s.io/v1/Role";
import { RoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { LimitRange } from "kubernetes-models/v1/LimitRange";
import { Namespace } from "kubernetes-models/v1/Namespace";
import { PersistentVolumeClaim } from "kubernetes-models/v1/PersistentVolumeClaim";
import { ResourceQuota } from "kubernetes-models/v1/ResourceQuota";
import { Secret } from "kubernetes-models/v1/Secret";
import { Service } from "kubernetes-models/v1/Service";
import { ServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import type { MockedResource } from "../../support/pulumi.js";

/**
 * The kubernetes-models class of every object kind the program declares (core from `kubernetes-models`, CRs from
 * `@kubernetes-models/traefik` and `/cert-manager`, which carry the upstream OpenAPI schemas).
 */
const MODELS: Readonly<Record<string, new (data: never) => { validate(): void }>> = {
  "v1/Namespace": Namespace,
  "v1/ConfigMap": ConfigMap,
  "v1/Secret": Secret,
  "v1/Service": Service,
  "v1/ServiceAccount": ServiceAccount,
  "v1/ResourceQuota": ResourceQuota,
  "v1/LimitRange": LimitRange,
  "v1/PersistentVolumeClaim": PersistentVolumeClaim,
  "apps/v1/Deployment": Deployment,
  "apps/v1/DaemonSet": DaemonSet,
  "networking.k8s.io/v1/NetworkPolicy": NetworkPolicy,
  "rbac.authorization.k8s.io/v1/Role": Role,
  "rbac.authorization.k8s.io/v1/RoleBinding": RoleBinding,
  "node.k8s.io/v1/RuntimeClass": RuntimeClass,
  "traefik.io/v1alpha1/IngressRoute": IngressRoute,
  "traefik.io/v1alpha1/IngressRouteTCP": IngressRouteTCP,
  "traefik.io/v1alpha1/Middleware": Middleware,
  "traefik.io/v1alpha1/TLSOption": TLSOption,
  "cert-manager.io/v1/ClusterIssuer": ClusterIssuer,
  "cert-manager.io/v1/Certificate": Certificate,
};

/** Declared Kubernetes objects (not Helm charts, components or read-only lookups), with their kind key. */
export function kubernetesObjects(resources: readonly MockedResource[]): readonly MockedResource[] {
  return resources.filter((r) => r.type.startsWith("kubernetes:") && !r.type.startsWith("kubernetes:helm.sh/") && typeof r.inputs["kind"] === "string");
}

/**
 * Validates one recorded object against its kind's schema; throws naming the resource and every fault. Throws for
 * a kind without a model, so a new kind cannot slip through unvalidated.
 */
export function validateObject(resource: MockedResource): void {
  const key = `${String(resource.inputs["apiVersion"])}/${String(resource.inputs["kind"])}`;
  const Model = MODELS[key];
  if (Model === undefined) throw new Error(`${resource.name}: no kubernetes-models class registered for ${key}`);
  try {
    new Model(resource.inputs as never).validate();
  } catch (error) {
    throw new Error(`${resource.name} (${key}) is not a valid object: ${(error as Error).message}`, { cause: error });
  }
}
