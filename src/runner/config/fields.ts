import { z } from "zod";
import { parseByteSize } from "./byte-size.js";
import { parseDuration } from "./duration.js";
import { didYouMean } from "./suggest.js";
import { isContainerGroup } from "../groups.js";

/** Field schemas: raw input string → typed value, each failure message naming the input and what it accepts. */

type Ctx = z.core.$RefinementCtx<string>;

function fail(ctx: Ctx, message: string): never {
  ctx.addIssue({ code: "custom", message });
  return z.NEVER;
}

const shown = (value: string): string => JSON.stringify(value);

export function oneOf<const T extends string>(
  input: string,
  values: readonly T[],
  fallback: T | undefined,
  aliases: Readonly<Record<string, string>> = {},
) {
  return z.string().transform((raw, ctx): T => {
    const value = raw.trim().toLowerCase();
    if (value === "" && fallback !== undefined) return fallback;
    const found = values.find((allowed) => allowed === value);
    if (found !== undefined) return found;
    if (value === "") return fail(ctx, `${input} is required: one of ${values.join(", ")}`);
    return fail(ctx, `${input} must be one of ${values.join(", ")} (got ${shown(raw)}${didYouMean(value, values, aliases)})`);
  });
}

export function required(input: string, hint: string) {
  return z.string().transform((raw, ctx) => {
    const value = raw.trim();
    return value === "" ? fail(ctx, `${input} is required: ${hint}`) : value;
  });
}

/** A positive duration in seconds; `fallback` when empty. */
export function duration(input: string, fallback: string) {
  return z.string().transform((raw, ctx) => {
    const text = raw.trim() === "" ? fallback : raw;
    const seconds = parseDuration(text);
    if (seconds === undefined || seconds <= 0) {
      const why = text.trim().startsWith("-") ? "must be positive" : "must be a duration";
      return fail(ctx, `${input} ${why}, like 90s, 10m, 6h or 1h30m (got ${shown(raw)})`);
    }
    return seconds;
  });
}

export function optionalPositiveNumber(input: string, example: string, integer: boolean) {
  return z.string().transform((raw, ctx): number | undefined => {
    const value = raw.trim();
    if (value === "") return undefined;
    const number = Number(value);
    if (!/^\d+(\.\d+)?$/.test(value) || number <= 0 || (integer && !Number.isInteger(number))) {
      return fail(ctx, `${input} must be a positive ${integer ? "whole number" : "number"}, like ${example} (got ${shown(raw)})`);
    }
    return number;
  });
}

export function optionalByteSize(input: string, minimumBytes: number) {
  return z.string().transform((raw, ctx): number | undefined => {
    if (raw.trim() === "") return undefined;
    const bytes = parseByteSize(raw);
    if (bytes === undefined) return fail(ctx, `${input} must be a size like 512m or 4g (got ${shown(raw)})`);
    if (bytes < minimumBytes) return fail(ctx, `${input} must be at least 6m, Docker's minimum (got ${shown(raw)})`);
    return bytes;
  });
}

const LABEL = /^[A-Za-z0-9._\-:/+]{1,256}$/;

/** Labels separated by commas or new lines. */
export function labelList(input: string) {
  return z.string().transform((raw, ctx) => {
    const labels = raw.split(/[,\n]/).map((label) => label.trim()).filter((label) => label !== "");
    const bad = labels.filter((label) => !LABEL.test(label));
    const spaced = raw.split(/[,\n]/).map((label) => label.trim()).filter((label) => /\s/.test(label));
    const wrong = [...new Set([...spaced, ...bad])];
    if (wrong.length > 0) {
      return fail(
        ctx,
        `${input} must be labels separated by commas or new lines, each 1-256 characters of letters, digits and . _ - : / + without spaces (got ${wrong.map(shown).join(", ")})`,
      );
    }
    return labels;
  });
}

const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const REPO = /^[A-Za-z0-9._-]{1,100}$/;

/** `owner/repo`, or `fallback` (the workflow's repository) when empty. */
export function repository(input: string, fallback: string | undefined) {
  return z.string().transform((raw, ctx) => {
    const value = raw.trim() === "" ? (fallback ?? "") : raw.trim();
    if (value === "") return fail(ctx, `${input} is required outside GitHub Actions: owner/repo (GITHUB_REPOSITORY is not set)`);
    const [owner = "", repo = "", ...rest] = value.split("/");
    if (rest.length > 0 || !OWNER.test(owner) || !REPO.test(repo)) {
      return fail(ctx, `${input} must be owner/repo (got ${shown(value)})`);
    }
    return { owner, repo };
  });
}

export function optionalOrganization(input: string) {
  return z.string().transform((raw, ctx): string | undefined => {
    const value = raw.trim();
    if (value === "") return undefined;
    if (!OWNER.test(value)) return fail(ctx, `${input} must be an organization login like my-org (got ${shown(raw)})`);
    return value;
  });
}

export function httpUrl(input: string, fallback: string) {
  return z.string().transform((raw, ctx) => {
    const value = raw.trim() === "" ? fallback : raw.trim();
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return fail(ctx, `${input} must be an http(s) URL like https://github.example.com/api/v3 (got ${shown(value)})`);
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") {
      return fail(ctx, `${input} must be an http(s) URL like https://github.example.com/api/v3 (got ${shown(value)})`);
    }
    return value.replace(/\/+$/, "");
  });
}

export function optionalText(input: string, pattern: RegExp, example: string) {
  return z.string().transform((raw, ctx): string | undefined => {
    const value = raw.trim();
    if (value === "") return undefined;
    if (!pattern.test(value)) return fail(ctx, `${input} must look like ${example} (got ${shown(raw)})`);
    return value;
  });
}

/** `all` or a positive whole number. */
export function gpuCount(input: string) {
  return z.string().transform((raw, ctx): number | "all" => {
    const value = raw.trim().toLowerCase();
    if (value === "" || value === "all") return "all";
    if (!/^\d+$/.test(value) || Number(value) < 1) {
      return fail(ctx, `${input} must be "all" or a positive whole number (got ${shown(raw)})`);
    }
    return Number(value);
  });
}

/** `true` or `false` (YAML spellings too); `fallback` when empty. */
export function boolean(input: string, fallback: boolean) {
  return z.string().transform((raw, ctx): boolean => {
    const value = raw.trim().toLowerCase();
    if (value === "") return fallback;
    if (["true", "yes", "on"].includes(value)) return true;
    if (["false", "no", "off"].includes(value)) return false;
    return fail(ctx, `${input} must be true or false (got ${shown(raw)})`);
  });
}


/** Numeric gids or POSIX group names, separated by commas or new lines. */
export function groupList(input: string) {
  return z.string().transform((raw, ctx) => {
    const groups = raw.split(/[,\n]/).map((group) => group.trim()).filter((group) => group !== "");
    const wrong = groups.filter((group) => !isContainerGroup(group));
    if (wrong.length > 0) {
      return fail(
        ctx,
        `${input} must be numeric group ids or POSIX group names separated by commas or new lines, like 44,993 (got ${wrong.map(shown).join(", ")}); run \`getent group video render\` on the Docker host to find them`,
      );
    }
    return [...new Set(groups)];
  });
}
