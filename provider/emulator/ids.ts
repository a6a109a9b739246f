/**
 * UUID v7 identifiers (docs/feldera/pipeline-object.md#fields): pipelines are listed by id, and id order must equal creation order, so ids
 * generated within the same millisecond carry an increasing counter in `rand_a` (RFC 9562 method 1).
 * One generator per emulator instance; nothing is shared between instances.
 */
import { randomBytes } from "node:crypto";

export class UuidV7Generator {
  private lastMs = -1;
  private counter = 0;

  next(nowMs: number = Date.now()): string {
    if (nowMs > this.lastMs) {
      this.lastMs = nowMs;
      this.counter = 0;
    } else {
      // Same (or an earlier, after a clock step) millisecond: stay monotonic.
      this.counter++;
      if (this.counter > 0xfff) {
        this.lastMs++;
        this.counter = 0;
      }
    }
    const bytes = randomBytes(16);
    const ms = this.lastMs;
    bytes[0] = Math.floor(ms / 2 ** 40) & 0xff;
    bytes[1] = Math.floor(ms / 2 ** 32) & 0xff;
    bytes[2] = (ms >>> 24) & 0xff;
    bytes[3] = (ms >>> 16) & 0xff;
    bytes[4] = (ms >>> 8) & 0xff;
    bytes[5] = ms & 0xff;
    bytes[6] = 0x70 | ((this.counter >>> 8) & 0x0f);
    bytes[7] = this.counter & 0xff;
    bytes[8] = 0x80 | (bytes[8]! & 0x3f);
    const hex = bytes.toString("hex");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
}
