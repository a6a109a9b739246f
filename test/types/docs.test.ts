/**
 * Every public property has a doc comment, so that hovering an input in an editor explains it. Read
 * from the emitted declarations (what users' editors read): each export of each entry point, and every
 * type of this package reachable from one through its properties, type arguments (`pulumi.Input<…>`,
 * `pulumi.Output<…>`) and unions.
 */

import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";
import { type PublicApi, readPublicApi } from "./public-api";

let api: PublicApi;
beforeAll(() => {
  api = readPublicApi();
}, 60_000);

/** `Type.property` for every property of this package's types, reachable from the exports, without docs. */
function undocumentedProperties(api: PublicApi): string[] {
  const { checker } = api;
  const seen = new Set<ts.Type>();
  const missing = new Set<string>();

  const visit = (type: ts.Type): void => {
    if (seen.has(type)) return;
    seen.add(type);
    if (type.isUnionOrIntersection()) type.types.forEach(visit);
    for (const arg of type.aliasTypeArguments ?? []) visit(arg);
    if (isReference(type)) checker.getTypeArguments(type).forEach(visit);
    const declarations = (type.aliasSymbol ?? type.getSymbol())?.getDeclarations() ?? [];
    if (!declarations.some(api.isOwn)) return;
    const owner = checker.typeToString(type);
    for (const property of checker.getPropertiesOfType(type)) {
      const own = (property.getDeclarations() ?? []).filter(api.isOwn);
      if (own.length === 0) continue; // inherited from Pulumi's Resource, say
      if (ts.displayPartsToString(property.getDocumentationComment(checker)).trim() === "") {
        missing.add(`${owner}.${property.name}`);
      }
      visit(checker.getTypeOfSymbolAtLocation(property, own[0]!));
    }
    const index = checker.getIndexInfosOfType(type);
    for (const info of index) visit(info.type);
  };

  for (const { entry, symbols } of api.exports) {
    if (entry.specifier === "pulumi-feldera/emulator") continue; // see the todo below
    for (const { symbol } of symbols) {
      if (symbol.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias | ts.SymbolFlags.Class)) {
        visit(checker.getDeclaredTypeOfSymbol(symbol));
      }
      const declaration = symbol.valueDeclaration;
      if (declaration && api.isOwn(declaration)) {
        visit(checker.getTypeOfSymbolAtLocation(symbol, declaration));
      }
    }
  }
  return [...missing].sort();
}

function isReference(type: ts.Type): type is ts.TypeReference {
  return (
    (type.flags & ts.TypeFlags.Object) !== 0 &&
    ((type as ts.ObjectType).objectFlags & ts.ObjectFlags.Reference) !== 0
  );
}

describe("the published declarations", () => {
  it("document every property of every public type of pulumi-feldera and pulumi-feldera/policy", () => {
    expect(undocumentedProperties(api)).toEqual([]);
  });

  // The emulator's options and handle (provider/emulator/types.ts) still have undocumented members; that
  // module was outside the change that added this test, so it is left out above until they are.
  it.todo("document every property of pulumi-feldera/emulator's types");

  it("reach the nested configs from the Pipeline's inputs, so their properties are checked too", () => {
    const pipeline = api.exports[0]!.symbols.find((s) => s.name === "Pipeline")!.symbol;
    const signature = api.checker.getTypeOfSymbol(pipeline).getConstructSignatures()[0]!;
    const args = api.checker.typeToString(api.checker.getTypeOfSymbol(signature.parameters[1]!));
    expect(args).toBe("PipelineArgs");
  });
});
