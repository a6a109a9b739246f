/**
 * The stack's checkpoint, as the file backend keeps it (`.pulumi/stacks/<project>/<stack>.json`,
 * `apitype.DeploymentV3`): resources in dependency order with their inputs, outputs, parent, provider
 * reference and init errors, plus the operations that were under way when it was written
 * (`pending_operations`). Written after each step begins and ends, as the snapshot journal does, so a
 * crash leaves exactly what the CLI would leave.
 *
 * Secrets are encrypted as the passphrase secrets manager stores them, `{[SIG]: SECRET_SIG, ciphertext}`;
 * here with AES-256-GCM under a random key kept beside the file (the CLI derives its key from the
 * passphrase and keeps the salt in Pulumi.<stack>.yaml).
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { isSecret, mapValue, type Props, SECRET_SIG, SIG, secret } from "./values";

export interface ResourceState {
  urn: string;
  custom: boolean;
  id?: string;
  type: string;
  inputs: Props;
  outputs: Props;
  parent?: string;
  /** `<provider urn>::<provider id>`, for custom resources. */
  provider?: string;
  /** Read, not managed (a StackReference): never sent to a provider's Delete. */
  external?: boolean;
  initErrors?: string[];
}

export interface PendingOperation {
  resource: ResourceState;
  type: "creating" | "updating" | "deleting";
}

export interface Snapshot {
  resources: ResourceState[];
  pendingOperations: PendingOperation[];
}

export class StateFile {
  readonly path: string;
  private readonly keyPath: string;

  constructor(dir: string, project: string, stack: string) {
    mkdirSync(join(dir, project), { recursive: true });
    this.path = join(dir, project, `${stack}.json`);
    this.keyPath = join(dir, project, `${stack}.key`);
  }

  read(): Snapshot {
    if (!existsSync(this.path)) return { resources: [], pendingOperations: [] };
    const latest = JSON.parse(readFileSync(this.path, "utf8")).checkpoint.latest;
    const decrypted = mapValue(latest, (v) => (isSecret(v) ? secret(this.decrypt(v)) : v)) as Props;
    return {
      resources: (decrypted["resources"] as ResourceState[]) ?? [],
      pendingOperations: (decrypted["pending_operations"] as PendingOperation[]) ?? [],
    };
  }

  write(snapshot: Snapshot): void {
    const latest = {
      manifest: { time: new Date().toISOString(), version: "harness" },
      secrets_providers: { type: "harness-aes-256-gcm" },
      resources: snapshot.resources,
      pending_operations: snapshot.pendingOperations,
    };
    const encrypted = mapValue(latest, (v) => (isSecret(v) ? this.encrypt(v.value) : v));
    const text = JSON.stringify({ version: 3, checkpoint: { latest: encrypted } }, null, 2);
    writeFileSync(`${this.path}.tmp`, text);
    renameSync(`${this.path}.tmp`, this.path);
  }

  private key(): Buffer {
    if (!existsSync(this.keyPath)) writeFileSync(this.keyPath, randomBytes(32).toString("hex"));
    return Buffer.from(readFileSync(this.keyPath, "utf8"), "hex");
  }

  private encrypt(value: unknown): Props {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.key(), iv);
    const body = Buffer.concat([cipher.update(JSON.stringify(value), "utf8"), cipher.final()]);
    return {
      [SIG]: SECRET_SIG,
      ciphertext: Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64"),
    };
  }

  private decrypt(v: Props): unknown {
    const raw = Buffer.from(v["ciphertext"] as string, "base64");
    const decipher = createDecipheriv("aes-256-gcm", this.key(), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8"));
  }
}
