/**
 * `programConfig`: Feldera's `ProgramConfig`, how the SQL program is compiled, in Feldera's field names.
 * Every field is optional (the server's default applies) and accepts a `pulumi.Input`.
 *
 * What a change costs: the program is compiled again, and a running pipeline is restarted (stop,
 * update, recompile, start), or the change is refused with `onRunningChange: "fail"`.
 */
import type * as pulumi from "@pulumi/pulumi";

/** Feldera's `CompilationProfile`: the `cargo build --profile` of the pipeline's Rust code. */
export type CompilationProfile = "dev" | "unoptimized" | "optimized" | "optimized_symbols";

export interface ProgramConfig {
  /**
   * The compilation profile: `"optimized"` runs fastest, `"dev"` and `"unoptimized"` compile fastest,
   * `"optimized_symbols"` (server ≥ v0.171) keeps debug symbols. Default null: the compiler's default
   * (optimized, unless the server was started otherwise). Changing it recompiles the program and restarts a
   * running pipeline.
   */
  profile?: pulumi.Input<CompilationProfile | null>;
  /**
   * Reuse the binary of an earlier compilation with the same checksum; false always compiles anew. Default
   * true. Stored, but not read by the v0.337 compiler. Changing it recompiles the program and restarts a
   * running pipeline.
   */
  cache?: pulumi.Input<boolean>;
  /**
   * Run the pipeline on another runtime: a version such as `"v0.337.0"` or a 40-character commit SHA of
   * feldera/feldera. Experimental: needs the server's unstable `runtime_version` feature and network access.
   * Default null (the platform's runtime). Changing it recompiles the program and restarts a running
   * pipeline.
   */
  runtime_version?: pulumi.Input<string | null>;
  /**
   * With a `runtime_version`, compile the SQL with the platform's compiler instead of downloading that
   * version's (which may then not match). Experimental; needs a server ≥ v0.310. Default false. Changing it
   * recompiles the program and restarts a running pipeline.
   */
  use_platform_compiler?: pulumi.Input<boolean>;
}
