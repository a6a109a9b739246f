/**
 * An example policy pack for Feldera pipelines: every policy of pulumi-feldera/policy, served as one
 * pack. Where each policy applies and how strictly comes from configuration: by default from the stack
 * name (see README.md), tuned per environment with policy-config.<environment>.json.
 *
 *   pulumi preview --policy-pack examples/policy-pack --policy-pack-config examples/policy-pack/policy-config.prod.json
 *
 * This is the only place that constructs a PolicyPack: construction starts the analyzer server.
 */
import { PolicyPack } from "@pulumi/policy";
import { policies } from "pulumi-feldera/policy";

new PolicyPack("feldera-pipelines", {
  description:
    "Guardrails for Feldera pipelines: ownership, fault tolerance, sizing, connectors and credentials.",
  policies,
});
