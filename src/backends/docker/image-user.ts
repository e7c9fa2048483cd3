import type { TarOwner } from "./tar.js";

/**
 * The numeric owner for files the container's user must read and delete, from the image's `User`
 * (`name`, `uid`, `name:group`, `uid:gid`) and the image's own /etc/passwd and /etc/group.
 * Docker's `copyUIDGID` cannot do this: Engine 20.10 resolves names against the host's passwd database.
 */
export function resolveImageUser(
  image: string,
  user: string,
  passwd: string | undefined,
  group: string | undefined,
): TarOwner {
  const [userPart = "", groupPart] = user.split(":", 2);
  if (userPart === "") return { uid: 0, gid: groupPart === undefined ? 0 : groupId(image, groupPart, group) };

  const entry = findEntry(passwd, (fields) => fields[0] === userPart || fields[2] === userPart);
  let uid: number;
  let primaryGid = 0;
  if (/^\d+$/.test(userPart)) {
    uid = Number(userPart);
    if (entry !== undefined) primaryGid = Number(entry[3] ?? 0);
  } else {
    if (entry === undefined) {
      throw new Error(
        `Image ${image} runs as user "${userPart}", which is not in its /etc/passwd; the runner could not start as that user. Fix the image's USER.`,
      );
    }
    uid = Number(entry[2]);
    primaryGid = Number(entry[3] ?? 0);
  }
  const gid = groupPart === undefined ? primaryGid : groupId(image, groupPart, group);
  return { uid, gid };
}

function groupId(image: string, name: string, group: string | undefined): number {
  if (/^\d+$/.test(name)) return Number(name);
  const entry = findEntry(group, (fields) => fields[0] === name);
  if (entry === undefined) {
    throw new Error(`Image ${image} runs with group "${name}", which is not in its /etc/group. Fix the image's USER.`);
  }
  return Number(entry[2]);
}

function findEntry(file: string | undefined, matches: (fields: string[]) => boolean): string[] | undefined {
  for (const line of (file ?? "").split("\n")) {
    const fields = line.trim().split(":");
    if (fields.length >= 3 && !line.startsWith("#") && matches(fields)) return fields;
  }
  return undefined;
}
