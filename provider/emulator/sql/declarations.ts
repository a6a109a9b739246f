/**
 * What the analysis of a program finds, statement by statement: its own file so that the name resolver
 * and the program-info builder can use the shapes without importing the analyser that produces them.
 */
import type { Field, SourcePosition } from "./columns";

export interface PropertyValue {
  value: string;
  key_position: SourcePosition;
  value_position: SourcePosition;
}

export interface ConnectorDecl {
  name: string;
  config: Record<string, unknown>;
}

export interface RelationDecl {
  kind: "table" | "view";
  name: string;
  caseSensitive: boolean;
  local: boolean;
  materialized: boolean;
  fields: Field[];
  properties: Record<string, PropertyValue>;
  connectors: ConnectorDecl[];
  /** The statement's tokens joined by single spaces: equal definitions compare equal (docs/feldera/compilation.md#program-diff "modified"). */
  definition: string;
}

export interface FunctionDecl {
  name: string;
  signature: string;
  hasBody: boolean;
}
