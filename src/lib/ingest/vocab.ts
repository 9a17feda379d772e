/**
 * Value mappings for national code lists, reused by any mapping whose agency records them.
 */
import type { MappedValue } from './mapping';

/** DfE (CIN census, SSDA903) ethnicity codes → major group. */
export const DFE_ETHNICITY: Record<string, MappedValue> = {
	WBRI: 'white', WIRI: 'white', WOTH: 'white', WIRT: 'white', WROM: 'white',
	MWBC: 'mixed', MWBA: 'mixed', MWAS: 'mixed', MOTH: 'mixed',
	AIND: 'asian', APKN: 'asian', ABAN: 'asian', AOTH: 'asian',
	BCRB: 'black', BAFR: 'black', BOTH: 'black',
	CHNE: 'other', OOTH: 'other',
	REFU: 'unknown', NOBT: 'unknown'
};

/** NHS Data Dictionary ethnic category (single letter) → major group. Chinese (R) is "other" as DfE groups it. */
export const NHS_ETHNICITY: Record<string, MappedValue> = {
	A: 'white', B: 'white', C: 'white',
	D: 'mixed', E: 'mixed', F: 'mixed', G: 'mixed',
	H: 'asian', J: 'asian', K: 'asian', L: 'asian',
	M: 'black', N: 'black', P: 'black',
	R: 'other', S: 'other',
	Z: 'unknown', '99': 'unknown'
};

/** Major-group words as many agencies export them. */
export const ETHNIC_GROUP_WORDS: Record<string, MappedValue> = {
	white: 'white', mixed: 'mixed', 'mixed/multiple': 'mixed', asian: 'asian', 'asian or asian british': 'asian',
	black: 'black', 'black or black british': 'black', other: 'other', 'any other': 'other',
	'not stated': 'unknown', 'not known': 'unknown', refused: 'unknown', unknown: 'unknown'
};

export const SEX_WORDS: Record<string, MappedValue> = {
	f: 'female', female: 'female', girl: 'female',
	m: 'male', male: 'male', boy: 'male',
	u: 'unknown', unknown: 'unknown', 'not known': 'unknown', 'not stated': 'unknown', 'prefer not to say': 'unknown',
	i: 'other', indeterminate: 'other', other: 'other'
};

/** Looked-after placement types → where the child went missing from. */
export const SETTING_WORDS: Record<string, MappedValue> = {
	home: 'home', 'family home': 'home',
	care: 'care', 'foster care': 'care', foster: 'care', residential: 'care', 'children\'s home': 'care',
	'semi-independent': 'care', 'supported accommodation': 'care'
};
