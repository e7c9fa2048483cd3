/**
 * A minimal POSIX ustar writer for the few small files put into a container before it starts.
 * Docker applies the entries' owner on extraction, which is how the files reach a non-root image user.
 */

export interface TarOwner {
  readonly uid: number;
  readonly gid: number;
}

export type TarEntry =
  | { readonly type: "dir"; readonly path: string; readonly mode: number; readonly owner?: TarOwner }
  | {
      readonly type: "file";
      readonly path: string;
      readonly mode: number;
      readonly content: string | Uint8Array;
      readonly owner?: TarOwner;
    };

const BLOCK = 512;

export function tarArchive(entries: readonly TarEntry[], mtime = new Date()): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    const body = entry.type === "file" ? Buffer.from(entry.content) : Buffer.alloc(0);
    parts.push(header(entry, body.length, mtime), body, Buffer.alloc(padding(body.length)));
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(parts);
}

function header(entry: TarEntry, size: number, mtime: Date): Buffer {
  const name = entry.type === "dir" && !entry.path.endsWith("/") ? `${entry.path}/` : entry.path;
  if (Buffer.byteLength(name) > 100) throw new Error(`tar entry name is longer than 100 bytes: ${name}`);
  const block = Buffer.alloc(BLOCK);
  block.write(name, 0, 100, "utf8");
  octal(block, 100, 8, entry.mode);
  octal(block, 108, 8, entry.owner?.uid ?? 0);
  octal(block, 116, 8, entry.owner?.gid ?? 0);
  octal(block, 124, 12, size);
  octal(block, 136, 12, Math.floor(mtime.getTime() / 1000));
  block.fill(" ", 148, 156);
  block.write(entry.type === "dir" ? "5" : "0", 156, 1, "ascii");
  block.write("ustar\u000000", 257, 8, "ascii");
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, "0")}\u0000 `, 148, 8, "ascii");
  return block;
}

function octal(block: Buffer, offset: number, length: number, value: number): void {
  block.write(`${value.toString(8).padStart(length - 1, "0")}\u0000`, offset, length, "ascii");
}

function padding(size: number): number {
  return (BLOCK - (size % BLOCK)) % BLOCK;
}

/** The regular files of a tar archive (as `GET /containers/{id}/archive` returns), by name. */
export function tarFiles(archive: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  let offset = 0;
  while (offset + BLOCK <= archive.length) {
    const block = archive.subarray(offset, offset + BLOCK);
    if (block.every((byte) => byte === 0)) break;
    const name = field(block, 0, 100);
    const prefix = field(block, 345, 155);
    const size = parseInt(field(block, 124, 12).trim() || "0", 8);
    const type = String.fromCharCode(block[156] ?? 0);
    const start = offset + BLOCK;
    if (type === "0" || type === "\u0000") {
      files.set(prefix === "" ? name : `${prefix}/${name}`, archive.subarray(start, start + size));
    }
    offset = start + size + padding(size);
  }
  return files;
}

function field(block: Buffer, offset: number, length: number): string {
  const raw = block.subarray(offset, offset + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end === -1 ? length : end).toString("utf8");
}
