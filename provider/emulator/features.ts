/**
 * What a server of a given platform version does (docs/feldera/versions.md). Every legacy branch in the emulator
 * reads one of these flags; "which version introduced X" lives in `model/versions.ts`, shared with the
 * client's feature detection.
 */
import {
  type Behaviour,
  type Behaviours,
  behavioursOf,
  parseVersion,
  SINCE,
  type Version,
  versionAtLeast,
} from "../model/versions";

export type SemVer = Version;
export type FeatureName = Behaviour;
export type Features = Behaviours;
export { parseVersion };
export const atLeast = versionAtLeast;
export const featuresOf = behavioursOf;

/** The status rework (docs/feldera/versions.md): nothing older shares the status model this emulator implements. */
export const OLDEST_EMULATED: SemVer = SINCE.statusRework;
