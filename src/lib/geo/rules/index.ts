/** Every boundary rule, in the order a file is checked. The Rules page can publish this list. */
import { areaGeometry, isFeatureCollection, isJson } from './format';
import { codeProperty, knownLevel, uniqueCodes } from './properties';
import { knownCrs, nonEmptyGeometry, simpleRings } from './geometry';
import { codesMatchData } from './data';

export const BOUNDARY_RULES = [
	isJson,
	isFeatureCollection,
	areaGeometry,
	codeProperty,
	uniqueCodes,
	knownLevel,
	nonEmptyGeometry,
	knownCrs,
	simpleRings,
	codesMatchData
] as const;

export { BoundaryError, type BoundaryRule } from './rule';
