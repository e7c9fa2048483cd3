import { stringify } from "yaml";
import type { PlatformSpec } from "../spec/index.js";

/** Authelia's file backend user database (`users_database.yml`). */
export interface AutheliaUsersDatabase {
  readonly users: Readonly<
    Record<
      string,
      {
        readonly disabled: boolean;
        readonly displayname: string;
        readonly password: string;
        readonly email: string;
        readonly groups: readonly string[];
      }
    >
  >;
}

/**
 * The users database from `sso.users`. It holds password hashes (argon2id/bcrypt), never passwords; infra still
 * mounts it read-only and keeps it out of outputs.
 */
export function renderAutheliaUsers(spec: PlatformSpec): AutheliaUsersDatabase {
  return {
    users: Object.fromEntries(
      spec.sso.users.map((user) => [
        user.username,
        { disabled: false, displayname: user.displayName, password: user.passwordHash, email: user.email, groups: [...user.groups] },
      ]),
    ),
  };
}

/** YAML text of the users database. */
export function autheliaUsersYaml(database: AutheliaUsersDatabase): string {
  return stringify(database, { lineWidth: 0 });
}
