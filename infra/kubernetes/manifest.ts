import * as kubernetes from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";

/** A plain Kubernetes object from a `src/platform/kubernetes/` builder. */
export interface KubernetesObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata?: { readonly name?: string | undefined } | undefined;
}

/**
 * Declares a builder's object as the typed Pulumi resource of its kind, so the engine applies the provider's await
 * logic (Deployments rolled out, Services with addresses, token Secrets filled in). Custom resources (Traefik,
 * cert-manager) go through `CustomResource`. The builders' types are kubernetes-models', structurally the API's.
 */
export function manifest(name: string, object: KubernetesObject, opts: pulumi.CustomResourceOptions): pulumi.CustomResource {
  // The object is the API's JSON shape; Pulumi's input types describe the same shape with Inputs allowed.
  const args = object as never;
  switch (`${object.apiVersion}/${object.kind}`) {
    case "v1/Namespace":
      return new kubernetes.core.v1.Namespace(name, args, opts);
    case "v1/ConfigMap":
      return new kubernetes.core.v1.ConfigMap(name, args, opts);
    case "v1/Secret":
      return new kubernetes.core.v1.Secret(name, args, opts);
    case "v1/Service":
      return new kubernetes.core.v1.Service(name, args, opts);
    case "v1/ServiceAccount":
      return new kubernetes.core.v1.ServiceAccount(name, args, opts);
    case "v1/LimitRange":
      return new kubernetes.core.v1.LimitRange(name, args, opts);
    case "v1/ResourceQuota":
      return new kubernetes.core.v1.ResourceQuota(name, args, opts);
    case "v1/PersistentVolumeClaim":
      return new kubernetes.core.v1.PersistentVolumeClaim(name, args, opts);
    case "apps/v1/Deployment":
      return new kubernetes.apps.v1.Deployment(name, args, opts);
    case "apps/v1/DaemonSet":
      return new kubernetes.apps.v1.DaemonSet(name, args, opts);
    case "networking.k8s.io/v1/NetworkPolicy":
      return new kubernetes.networking.v1.NetworkPolicy(name, args, opts);
    case "rbac.authorization.k8s.io/v1/Role":
      return new kubernetes.rbac.v1.Role(name, args, opts);
    case "rbac.authorization.k8s.io/v1/RoleBinding":
      return new kubernetes.rbac.v1.RoleBinding(name, args, opts);
    case "node.k8s.io/v1/RuntimeClass":
      return new kubernetes.node.v1.RuntimeClass(name, args, opts);
    default:
      if (object.apiVersion.includes(".") && !object.apiVersion.endsWith("k8s.io/v1")) {
        return new kubernetes.apiextensions.CustomResource(name, args, opts);
      }
      throw new Error(`manifest(): no Pulumi resource class mapped for ${object.apiVersion} ${object.kind}`);
  }
}
