// `npm run validate -- <stack | path>`: checks a stack's autogit: config without touching any resource.
import { runValidate } from "./validate-command.js";

process.exitCode = await runValidate(process.argv.slice(2), {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
  env: process.env,
  stacksDir: "stacks",
});
