/** Defensive readers over the raw config: rules run even where the schema found a type error. */

export type Obj = Readonly<Record<string, unknown>>;
export type Report = (path: string, message: string) => void;
export const isObj = (value: unknown): value is Obj => typeof value === "object" && value !== null && !Array.isArray(value);
export const obj = (value: unknown): Obj => (isObj(value) ? value : {});
export const list = (value: unknown): readonly unknown[] => (Array.isArray(value) ? value : []);
export const str = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);
