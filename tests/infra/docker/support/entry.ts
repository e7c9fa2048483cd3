// The real program (infra/index.ts), with the outputs the harness does not compute completed first (provider-outputs.ts).
import "./provider-outputs.js";
export * from "../../../../infra/index.js";
