/**
 * Docker's multiplexed output of a container without a TTY: frames of an 8-byte header
 * (stream type, 3 zero bytes, big-endian payload length) followed by the payload.
 * Chunks may split frames anywhere; the decoder keeps what it has not consumed yet.
 */
export type OutputStream = "stdout" | "stderr";

const HEADER = 8;

export class FrameDecoder {
  private pending: Buffer = Buffer.alloc(0);

  constructor(private readonly onFrame: (stream: OutputStream, payload: Buffer) => void) {}

  push(chunk: Buffer): void {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    while (this.pending.length >= HEADER) {
      const size = this.pending.readUInt32BE(4);
      if (this.pending.length < HEADER + size) return;
      const stream: OutputStream = this.pending[0] === 2 ? "stderr" : "stdout";
      this.onFrame(stream, this.pending.subarray(HEADER, HEADER + size));
      this.pending = this.pending.subarray(HEADER + size);
    }
  }
}

/** All payloads of a complete multiplexed buffer, in order. */
export function demuxBuffer(buffer: Buffer): { stream: OutputStream; payload: Buffer }[] {
  const frames: { stream: OutputStream; payload: Buffer }[] = [];
  new FrameDecoder((stream, payload) => frames.push({ stream, payload })).push(buffer);
  return frames;
}
