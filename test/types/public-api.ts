/**
 * The package's public API as its users' compilers see it: the declarations `npm run build` emits for
 * each entry point (dist/provider/…), read with the TypeScript compiler API. `npm test` builds dist/
 * first; the type tests need it.
 */
import { join } from "node:path";
import ts from "typescript";

export const ROOT = join(__dirname, "..", "..");

/** Each import specifier a user writes → its emitted declarations, and the name the fixture uses for it. */
export const ENTRIES = [
  { specifier: "pulumi-feldera", dts: "dist/provider/index.d.ts", alias: "feldera" },
  { specifier: "pulumi-feldera/emulator", dts: "dist/provider/emulator/index.d.ts", alias: "emulator" },
  { specifier: "pulumi-feldera/policy", dts: "dist/provider/policy/index.d.ts", alias: "policy" },
] as const;

export interface PublicApi {
  checker: ts.TypeChecker;
  /** The exports of each entry: the exported name, and the symbol it names (aliases resolved). */
  exports: { entry: (typeof ENTRIES)[number]; symbols: { name: string; symbol: ts.Symbol }[] }[];
  /** Whether a declaration belongs to this package (not to @pulumi/pulumi, Node or TypeScript's lib). */
  isOwn(declaration: ts.Declaration): boolean;
}

export function readPublicApi(): PublicApi {
  const program = ts.createProgram({
    rootNames: ENTRIES.map((e) => join(ROOT, e.dts)),
    options: {
      module: ts.ModuleKind.Node16,
      moduleResolution: ts.ModuleResolutionKind.Node16,
      target: ts.ScriptTarget.ES2022,
      types: ["node"],
      skipLibCheck: true,
      noEmit: true,
    },
  });
  const checker = program.getTypeChecker();
  const own = join(ROOT, "dist", "provider");
  return {
    checker,
    isOwn: (d) => d.getSourceFile().fileName.startsWith(own),
    exports: ENTRIES.map((entry) => {
      const file = program.getSourceFile(join(ROOT, entry.dts));
      const module = file && checker.getSymbolAtLocation(file);
      if (!module) throw new Error(`${entry.dts} is missing: run \`npm run build\` first`);
      const symbols = checker.getExportsOfModule(module).map((s) => ({
        name: s.name,
        symbol: s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s,
      }));
      return { entry, symbols };
    }),
  };
}

/** The export names of every entry, e.g. `feldera.Pipeline`, `emulator.startEmulator`. */
export function exportNames(api: PublicApi): string[] {
  return api.exports.flatMap(({ entry, symbols }) => symbols.map(({ name }) => `${entry.alias}.${name}`));
}
