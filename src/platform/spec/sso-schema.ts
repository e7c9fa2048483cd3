import { z } from "zod";
import { duration, email } from "./fields.js";

// Authelia's file backend accepts more algorithms; these two are the ones its docs recommend.
const ARGON2ID = /^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/;
const BCRYPT = /^\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}$/;

export function isPasswordHash(value: string): boolean {
  return ARGON2ID.test(value) || BCRYPT.test(value);
}

const group = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "must be a group name of letters, digits, dots, underscores and hyphens");

export const ssoUserSchema = z.strictObject({
  /** Login name. */
  username: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, "must be a lower-case login name (letters, digits, . _ -), at most 64 characters"),
  /** Shown in GitLab and the portal; default the username. */
  displayName: z.string().min(1).optional(),
  email,
  /** Group names. */
  groups: z.array(group).default([]),
  /** argon2id or bcrypt hash. Never echoed in errors: it could be a password typed by mistake. */
  passwordHash: z.string().refine(isPasswordHash, {
    error:
      "must be an argon2id ($argon2id$v=19$…) or bcrypt ($2b$…) hash, not a password; make one with `docker run --rm -it authelia/authelia:4.39 authelia crypto hash generate argon2`",
  }),
});

export const ssoSchema = z.strictObject({
  /** At least one user; at least one in `adminGroup`. */
  users: z.array(ssoUserSchema).min(1, "must list at least one user (an administrator, member of sso.adminGroup)"),
  adminGroup: group.default("admins"),
  developerGroup: group.default("developers"),
  policy: z.enum(["one_factor", "two_factor"]).default("two_factor"),
  session: z
    .strictObject({
      expiration: duration.default("1h"),
      inactivity: duration.default("5m"),
      rememberMe: duration.default("1M"),
    })
    .prefault({}),
});

export type SsoInput = z.input<typeof ssoSchema>;
