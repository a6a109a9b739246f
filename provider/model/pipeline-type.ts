/**
 * The Pipeline resource's Pulumi type token: a dynamic resource of module `feldera`, type `Pipeline`.
 * Policies match resources on it (`isType` does not work for dynamic resources). In a file of its own,
 * free of zod, because the published declarations of the resource and the policies import it.
 */
export const PIPELINE_TYPE = "pulumi-nodejs:dynamic/feldera:Pipeline";
