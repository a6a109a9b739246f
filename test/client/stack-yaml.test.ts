import { describe, expect, it } from "vitest";
import { readConfigBlock, readTopLevelScalar } from "../../provider/client/stack-yaml";

const FILE = `encryptionsalt: v1:salt
config:
  # the connection
  feldera:host: https://feldera.example.com:8443/api # trailing comment
  feldera:tenant: "acme # not a comment"
  'feldera:caCertPath': '/etc/ca''s.pem'
  feldera:apiKey:
    secure: v1:AAAABBBB==
  feldera:retries: 3
  app:tags:
    - a
    - b
  app:flow: [a, b]
other: x
`;

describe("reading a Pulumi stack file", () => {
  const block = readConfigBlock(FILE);

  it("reads plain, quoted and commented scalars by fully qualified key", () => {
    expect(block.get("feldera:host")).toEqual({
      kind: "plain",
      value: "https://feldera.example.com:8443/api",
    });
    expect(block.get("feldera:tenant")).toEqual({ kind: "plain", value: "acme # not a comment" });
    expect(block.get("feldera:caCertPath")).toEqual({ kind: "plain", value: "/etc/ca's.pem" });
    expect(block.get("feldera:retries")).toEqual({ kind: "plain", value: "3" });
  });

  it("marks a secure value as a secret and collections as not a single value", () => {
    expect(block.get("feldera:apiKey")).toEqual({ kind: "secure" });
    expect(block.get("app:tags")).toEqual({ kind: "structured" });
    expect(block.get("app:flow")).toEqual({ kind: "structured" });
  });

  it("stops at the end of the config block", () => {
    expect([...block.keys()]).not.toContain("other");
    expect(readConfigBlock("name: x\n").size).toBe(0);
  });

  it("reads a project's top-level scalar", () => {
    expect(readTopLevelScalar("name: p\nstackConfigDir: config # here\n", "stackConfigDir")).toBe("config");
    expect(readTopLevelScalar("name: p\n", "stackConfigDir")).toBeUndefined();
  });
});
