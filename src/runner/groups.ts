/** The highest gid a container can join: 2^32 - 1 is (gid_t)-1, which the kernel reads as "no group". */
export const MAX_GID = 2 ** 32 - 2;

const GID = /^\d{1,10}$/;
const GROUP_NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,31}$/;

/**
 * A group a GPU container joins (`--group-add`): a numeric host gid such as `993`, or a POSIX group name, which
 * Docker resolves in the image. Shared by the action's `gpu-groups` input and the platform's `gpu.groups`.
 */
export function isContainerGroup(value: string): boolean {
  return GID.test(value) ? Number(value) <= MAX_GID : GROUP_NAME.test(value);
}
