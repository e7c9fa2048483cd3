/** The Pulumi config namespace AutoGit's keys live in: `autogit:<key>`. */
export const CONFIG_NAMESPACE = "autogit";
