/**
 * The engine's side of `pulumirpc.ResourceProvider`, as pulumi/pulumi `pkg/resource/plugin/provider_plugin.go`
 * speaks it to a provider that answered Configure with `acceptSecrets: false` (every Node.js dynamic
 * provider host does):
 *  - secrets are sent as plain values (`MarshalProperties(KeepSecrets: false)`), and every output,
 *    checked input or read-back property whose input of the same name held a secret is marked secret
 *    again (`annotateSecrets`, top level and nested objects);
 *  - unknowns are sent only where the engine allows them (check and diff during preview); elsewhere they
 *    are dropped, as `MarshalProperties(KeepUnknowns: false)` does;
 *  - an error from Create or Update that carries `pulumirpc.ErrorResourceInitFailed` in
 *    `grpc-status-details-bin` becomes an InitFailedError with the id, properties and reasons (`parseError`).
 */
import * as grpc from "@grpc/grpc-js";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as pb from "@pulumi/pulumi/proto/provider_pb";
import { Status } from "@pulumi/pulumi/proto/status_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { annotateSecrets, mapValue, type Props, removeSecrets, UNKNOWN } from "./values";

function toStruct(props: Props, keepUnknowns: boolean): Struct {
  const plain = mapValue(removeSecrets(props), (x) => (x === UNKNOWN && !keepUnknowns ? undefined : x));
  return Struct.fromJavaScript(JSON.parse(JSON.stringify(plain)));
}

function fromStruct(s: Struct | undefined): Props {
  return (s?.toJavaScript() ?? {}) as Props;
}

/** `plugin.InitError` with the partial state: the resource exists but did not initialise. */
export class InitFailedError extends Error {
  constructor(
    readonly id: string,
    readonly properties: Props,
    readonly reasons: string[],
  ) {
    super(reasons.join("\n") || "resource init failed");
  }
}

export interface CheckFailure {
  property: string;
  reason: string;
}

export type DiffChanges = "none" | "some" | "unknown";

/** Typed calls on one host; every response (and error) is kept as text for leak checks. */
export class ProviderRpc {
  readonly responses: string[] = [];
  private readonly client: ResourceProviderClient;

  constructor(address: string) {
    this.client = new ResourceProviderClient(address, grpc.credentials.createInsecure());
  }

  /** Handshake first, as the engine does; the dynamic host answers UNIMPLEMENTED (legacy Configure path). */
  async handshake(programDir: string): Promise<void> {
    const req = new pb.ProviderHandshakeRequest().setEngineAddress("127.0.0.1:0");
    await this.call("handshake", req.setRootDirectory(programDir).setProgramDirectory(programDir)).catch(
      (e: grpc.ServiceError) => {
        if (e.code !== grpc.status.UNIMPLEMENTED) throw e;
      },
    );
  }

  /**
   * The default provider's Configure: `args` are its inputs (the whole stack config for a dynamic
   * provider, keys fully qualified, secrets kept), `variables` the deprecated `pulumi-nodejs:config:<key>`
   * map of plain strings.
   */
  async configure(config: Props, urn: string, id: string): Promise<void> {
    const req = new pb.ConfigureRequest()
      .setUrn(urn)
      .setName("default")
      .setType("pulumi:providers:pulumi-nodejs")
      .setId(id)
      .setAcceptsecrets(true)
      .setAcceptresources(true)
      .setSendsOldInputs(true)
      .setSendsOldInputsToDelete(true)
      .setArgs(Struct.fromJavaScript(config as never));
    for (const [k, v] of Object.entries(removeSecrets(config))) {
      req.getVariablesMap().set(`pulumi-nodejs:config:${k}`, typeof v === "string" ? v : JSON.stringify(v));
    }
    await this.call("configure", req);
  }

  async check(
    urn: string,
    olds: Props,
    news: Props,
    allowUnknowns: boolean,
  ): Promise<{ inputs: Props; failures: CheckFailure[] }> {
    const req = about(new pb.CheckRequest(), urn)
      .setOlds(toStruct(olds, allowUnknowns))
      .setNews(toStruct(news, allowUnknowns));
    const res = await this.call<pb.CheckResponse>("check", req);
    return {
      inputs: annotateSecrets(fromStruct(res.getInputs()), news),
      failures: res.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
  }

  async diff(
    urn: string,
    id: string,
    oldInputs: Props,
    oldOutputs: Props,
    newInputs: Props,
    allowUnknowns: boolean,
  ): Promise<{ changes: DiffChanges; replaces: string[] }> {
    const req = about(new pb.DiffRequest(), urn)
      .setId(id)
      .setOldInputs(toStruct(oldInputs, allowUnknowns))
      .setOlds(toStruct(oldOutputs, allowUnknowns))
      .setNews(toStruct(newInputs, allowUnknowns));
    const res = await this.call<pb.DiffResponse>("diff", req);
    const changes = { 0: "unknown", 1: "none", 2: "some" }[res.getChanges()] as DiffChanges;
    return { changes, replaces: res.getReplacesList() };
  }

  async create(urn: string, inputs: Props): Promise<{ id: string; outputs: Props }> {
    const req = about(new pb.CreateRequest(), urn).setProperties(toStruct(inputs, false));
    const res = await this.call<pb.CreateResponse>("create", req);
    return { id: res.getId(), outputs: annotateSecrets(fromStruct(res.getProperties()), inputs) };
  }

  async read(
    urn: string,
    id: string,
    inputs: Props,
    state: Props,
  ): Promise<{ id: string; outputs: Props; inputs?: Props }> {
    const req = about(new pb.ReadRequest(), urn)
      .setId(id)
      .setProperties(toStruct(state, false))
      .setInputs(toStruct(inputs, false));
    const res = await this.call<pb.ReadResponse>("read", req);
    const liveInputs = res.getInputs();
    return {
      id: res.getId(),
      outputs: annotateSecrets(fromStruct(res.getProperties()), state),
      ...(liveInputs ? { inputs: annotateSecrets(fromStruct(liveInputs), inputs) } : {}),
    };
  }

  async update(
    urn: string,
    id: string,
    oldInputs: Props,
    oldOutputs: Props,
    newInputs: Props,
  ): Promise<{ outputs: Props }> {
    const req = about(new pb.UpdateRequest(), urn)
      .setId(id)
      .setOlds(toStruct(oldOutputs, false))
      .setNews(toStruct(newInputs, false))
      .setOldInputs(toStruct(oldInputs, false));
    const res = await this.call<pb.UpdateResponse>("update", req);
    return { outputs: annotateSecrets(fromStruct(res.getProperties()), newInputs) };
  }

  async delete(urn: string, id: string, inputs: Props, outputs: Props): Promise<void> {
    const req = about(new pb.DeleteRequest(), urn)
      .setId(id)
      .setProperties(toStruct(outputs, false))
      .setOldInputs(toStruct(inputs, false));
    await this.call("delete", req);
  }

  close(): void {
    this.client.close();
  }

  private call<T>(method: string, req: unknown): Promise<T> {
    type Unary = (req: unknown, callback: (err: grpc.ServiceError | null, res: T) => void) => void;
    const fn = (this.client as unknown as Record<string, Unary>)[method]!.bind(this.client);
    return new Promise<T>((resolve, reject) => {
      fn(req, (err, res) => {
        if (err) {
          const failed = initFailure(err);
          this.responses.push(`${method} error: ${err.message} ${JSON.stringify(failed ?? {})}`);
          reject(failed ?? err);
        } else {
          const body = res instanceof Empty ? {} : (res as { toObject(): unknown }).toObject();
          this.responses.push(`${method}: ${JSON.stringify(body)}`);
          resolve(res);
        }
      });
    });
  }
}

/** `parseError`: the ErrorResourceInitFailed packed in the status details, if any. */
function initFailure(err: grpc.ServiceError): InitFailedError | undefined {
  const bin = err.metadata?.get("grpc-status-details-bin")[0];
  if (!bin) return undefined;
  for (const detail of Status.deserializeBinary(bin as Buffer).getDetailsList()) {
    if (detail.getTypeName() !== "pulumirpc.ErrorResourceInitFailed") continue;
    const f = pb.ErrorResourceInitFailed.deserializeBinary(detail.getValue_asU8());
    return new InitFailedError(f.getId(), fromStruct(f.getProperties()), f.getReasonsList());
  }
  return undefined;
}

/** Every resource request carries the URN, and the name and type it is made of. */
function about<T extends { setUrn(v: string): T; setName(v: string): T; setType(v: string): T }>(
  req: T,
  urn: string,
): T {
  return req.setUrn(urn).setName(urn.split("::").at(-1)!).setType(urn.split("::")[2]!.split("$").at(-1)!);
}
