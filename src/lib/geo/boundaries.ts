/**
 * Reading a boundary file: GeoJSON or TopoJSON, in WGS84 longitude/latitude or British National
 * Grid (EPSG:27700, converted), with the area code, name and parent properties recognised
 * (`LSOA21CD`/`LSOA21NM`, `WD24CD`, `LAD24CD`, any `…CD`/`…NM` pair, plain `code`/`name`) or
 * chosen by the caller. Pure: nothing here touches the store (see boundary-store.ts).
 *
 * Every check is a rule with a code (rules/); the first that fails throws a BoundaryError.
 */
import { bngToWgs84, BNG_EXTENT } from './bng';
import { emptyBBox, extendBBox, type AreaGeometry, type BBox, type PolygonCoordinates, type Position } from './geometry';
import { isTopology, topologyFeatures, type PlainFeature } from './topojson';
import { BoundaryError, enforce } from './rules/rule';
import { areaGeometry, isFeatureCollection, isJson } from './rules/format';
import { codeProperty, knownLevel, uniqueCodes } from './rules/properties';
import { knownCrs, nonEmptyGeometry, simpleRings } from './rules/geometry';
import { codesMatchData } from './rules/data';

export const AREA_LEVELS = ['small_area', 'ward', 'la'] as const;
export type AreaLevel = (typeof AREA_LEVELS)[number];

/** Smaller levels first: the order counts are aggregated in. */
export const LEVEL_RANK: Record<AreaLevel, number> = { small_area: 0, ward: 1, la: 2 };

export interface BoundaryOptions {
	/** Property holding the area code; recognised automatically when absent. */
	codeProperty?: string;
	/** Property holding the area name; recognised automatically when absent (names are optional). */
	nameProperty?: string;
	/** Property holding the code of the larger area each area lies in; recognised when absent. */
	parentProperty?: string;
	/** The areas' level; recognised from the code property or the codes when absent. */
	level?: AreaLevel;
	/** Boundary vintage (e.g. `2021`); taken from the property name (`LSOA21CD` → 2021) when absent. */
	vintage?: string;
	/** For TopoJSON with several objects: which one (default: the first). */
	topologyObject?: string;
	/**
	 * Area codes the workspace's data uses at this level. When not empty, at least one boundary
	 * code must be among them (BND10).
	 */
	dataCodes?: ReadonlySet<string>;
}

export interface BoundaryArea {
	code: string;
	name: string | null;
	/** The larger area this one lies in, when the file says (e.g. `WD24CD` on a small-area file). */
	parentCode: string | null;
	/** WGS84 longitude/latitude. */
	geometry: AreaGeometry;
}

export interface BoundarySet {
	format: 'geojson' | 'topojson';
	/** The coordinates as found: British National Grid ones have been converted to WGS84. */
	sourceCrs: 'wgs84' | 'bng';
	level: AreaLevel;
	vintage: string | null;
	codeProperty: string;
	nameProperty: string | null;
	parentProperty: string | null;
	/** Every property name the features have, so a user can choose others. */
	properties: string[];
	areas: BoundaryArea[];
}

/** Decimal places kept in converted coordinates: 7 is about 1 cm, finer than any boundary. */
export const COORDINATE_DECIMALS = 7;

/** Recognised prefixes of ONS code properties (`LSOA21CD` → `LSOA`), with their level. */
const ONS_PREFIX_LEVEL: Record<string, AreaLevel> = {
	OA: 'small_area',
	LSOA: 'small_area',
	MSOA: 'small_area',
	WD: 'ward',
	WARD: 'ward',
	LAD: 'la',
	LA: 'la',
	LTLA: 'la',
	UTLA: 'la',
	CTYUA: 'la'
};

/** Plain property names for codes and names, in order of preference (compared lower-case). */
const PLAIN_CODE_NAMES = ['code', 'area_code', 'areacode', 'geo_code', 'gss_code'];
const PLAIN_NAME_NAMES = ['name', 'area_name', 'areaname', 'geo_name'];

const CD = /^(.*?)CD$/i;

/** `LSOA21CD` → `{ prefix: 'LSOA', year: '21' }`; null for names that are not `…CD`. */
function splitCodeProperty(name: string): { stem: string; prefix: string; year: string | null } | null {
	const m = CD.exec(name);
	if (!m || !m[1]) return null;
	const stem = m[1];
	const y = /^([A-Za-z]+?)(\d{2})?$/.exec(stem);
	return { stem, prefix: (y ? y[1] : stem).toUpperCase(), year: y?.[2] ?? null };
}

/** The level a code property names, from its prefix (`WD24CD` → ward). */
export function levelOfProperty(name: string): AreaLevel | null {
	const parts = splitCodeProperty(name);
	return parts ? (ONS_PREFIX_LEVEL[parts.prefix] ?? null) : null;
}

/**
 * The level of a GSS-style code from its entity digits (E01 LSOA, E02 MSOA, E00 OA, E05 ward,
 * E06–E09 local authorities; the same for W/S/N, and the sample partnership's X codes).
 */
export function levelOfCode(code: string): AreaLevel | null {
	if (!/^[A-Z]\d{8}$/.test(code)) return null;
	const entity = code.slice(1, 3);
	if (entity === '00' || entity === '01' || entity === '02') return 'small_area';
	if (entity === '05') return 'ward';
	if (entity === '06' || entity === '07' || entity === '08' || entity === '09') return 'la';
	return null;
}

export interface RecognisedProperties {
	code: string | null;
	name: string | null;
	parent: string | null;
	vintage: string | null;
	/** The level the code property names, when it names one. */
	level: AreaLevel | null;
}

/**
 * Recognise the code, name and parent properties among `names` (the properties every feature
 * has). The code is the smallest-level ONS-style `…CD` property, else any `…CD` with a matching
 * `…NM`, else any `…CD`, else a plain `code`. The parent is a `…CD` property of a larger level.
 */
export function recogniseProperties(names: readonly string[]): RecognisedProperties {
	const codes = names
		.map((n) => ({ n, parts: splitCodeProperty(n), level: levelOfProperty(n) }))
		.filter((c) => c.parts !== null);
	const nameFor = (codeName: string): string | null => {
		const stem = splitCodeProperty(codeName)!.stem;
		return names.find((n) => n === `${stem}NM` || n === `${stem}nm`) ?? names.find((n) => n.toLowerCase() === `${stem.toLowerCase()}nm`) ?? null;
	};
	const known = codes.filter((c) => c.level !== null).sort((a, b) => LEVEL_RANK[a.level!] - LEVEL_RANK[b.level!]);
	const chosen = known[0] ?? codes.find((c) => nameFor(c.n) !== null) ?? codes[0];
	const plainName = names.find((n) => PLAIN_NAME_NAMES.includes(n.toLowerCase())) ?? null;
	if (!chosen) {
		const plain = PLAIN_CODE_NAMES.map((p) => names.find((n) => n.toLowerCase() === p)).find((n) => n !== undefined) ?? null;
		return { code: plain, name: plainName, parent: null, vintage: null, level: null };
	}
	const level = chosen.level;
	const parent = level ? (known.find((c) => LEVEL_RANK[c.level!] > LEVEL_RANK[level])?.n ?? null) : null;
	const year = chosen.parts!.year;
	return {
		code: chosen.n,
		name: nameFor(chosen.n) ?? plainName,
		parent,
		vintage: year ? `20${year}` : null,
		level
	};
}

/** The CRS a GeoJSON `crs` member names, if any. */
function crsName(value: unknown): string | null {
	const name = (value as { crs?: { properties?: { name?: unknown } } })?.crs?.properties?.name;
	return typeof name === 'string' ? name : null;
}

function classifyCrs(name: string | null, box: BBox): 'wgs84' | 'bng' | null {
	if (name) {
		if (/27700/.test(name)) return 'bng';
		if (/CRS84|4326|4258/i.test(name)) return 'wgs84';
		return null;
	}
	if (box[0] >= -180 && box[2] <= 180 && box[1] >= -90 && box[3] <= 90) return 'wgs84';
	if (box[0] >= BNG_EXTENT.minX && box[2] <= BNG_EXTENT.maxX && box[1] >= BNG_EXTENT.minY && box[3] <= BNG_EXTENT.maxY) {
		// Metres: a real area spans far more than a degree's worth of units.
		return box[2] - box[0] > 180 || box[3] - box[1] > 90 ? 'bng' : null;
	}
	return null;
}

/** Read a GeoJSON position list into numbers, or throw (caught and reported as an empty geometry). */
function readRing(raw: unknown): Position[] {
	if (!Array.isArray(raw)) throw new Error('not a ring');
	const ring = raw.map((p) => {
		if (!Array.isArray(p) || typeof p[0] !== 'number' || typeof p[1] !== 'number' || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) {
			throw new Error('not a position');
		}
		return [p[0], p[1]] as Position;
	});
	// Close an open ring (the GeoJSON spec requires closure; some writers omit it).
	if (ring.length >= 3) {
		const [fx, fy] = ring[0];
		const [lx, ly] = ring[ring.length - 1];
		if (fx !== lx || fy !== ly) ring.push([fx, fy]);
	}
	return ring;
}

/** A feature's geometry as numbers, or null when it has none or it cannot be read. */
function readGeometry(geometry: PlainFeature['geometry']): AreaGeometry | null {
	if (!geometry) return null;
	try {
		if (geometry.type === 'Polygon') {
			return { type: 'Polygon', coordinates: (geometry.coordinates as unknown[]).map(readRing) };
		}
		if (geometry.type === 'MultiPolygon') {
			return { type: 'MultiPolygon', coordinates: (geometry.coordinates as unknown[][]).map((p) => p.map(readRing)) };
		}
	} catch {
		return null;
	}
	return null;
}

function mapGeometry(geometry: AreaGeometry, f: (p: Position) => Position): AreaGeometry {
	const polygon = (p: PolygonCoordinates) => p.map((ring) => ring.map(f));
	return geometry.type === 'Polygon'
		? { type: 'Polygon', coordinates: polygon(geometry.coordinates) }
		: { type: 'MultiPolygon', coordinates: geometry.coordinates.map(polygon) };
}

const round = (v: number) => {
	const k = 10 ** COORDINATE_DECIMALS;
	return Math.round(v * k) / k;
};

const codeText = (v: unknown): string | null =>
	typeof v === 'string' || typeof v === 'number' ? String(v).trim() || null : null;

/**
 * Read a boundary file's features (GeoJSON, or one TopoJSON object), or throw a BoundaryError
 * (BND01 not JSON, BND02 not a feature collection) naming the file.
 */
export function readBoundaryFeatures(
	fileName: string,
	text: string,
	topologyObject?: string
): { format: BoundarySet['format']; value: unknown; features: PlainFeature[] } {
	let value: unknown;
	try {
		value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
	} catch {
		enforce(isJson, fileName, text);
	}
	enforce(isFeatureCollection, fileName, value);
	if (isTopology(value)) {
		try {
			return { format: 'topojson', value, features: topologyFeatures(value, topologyObject) };
		} catch (err) {
			throw new BoundaryError(fileName, isFeatureCollection.code, `is a TopoJSON file that cannot be read: ${(err as Error).message}.`, isFeatureCollection.advice);
		}
	}
	const v = value as { type: string; features?: unknown[] };
	return { format: 'geojson', value, features: (v.type === 'Feature' ? [v] : (v.features ?? [])) as PlainFeature[] };
}

const featureProperties = (f: PlainFeature): Record<string, unknown> =>
	f && typeof f.properties === 'object' && f.properties !== null ? (f.properties as Record<string, unknown>) : {};

/** Properties every feature has (a union would suggest names some features lack). */
function sharedProperties(features: readonly PlainFeature[]): string[] {
	return features.reduce<string[] | null>((names, f) => {
		const own = Object.keys(featureProperties(f));
		return names === null ? own : names.filter((n) => own.includes(n));
	}, null) ?? [];
}

/** One property of a boundary file's features, for a user choosing the code and name properties. */
export interface PropertyCandidate {
	name: string;
	/** A few distinct values from the first features that have one, as text (never markup). */
	samples: string[];
	/** How many features have a text or number value for it, of `total`. */
	filled: number;
	total: number;
}

/** How many distinct sample values each candidate shows, and how long each may be. */
export const SAMPLE_VALUES = 3;
const SAMPLE_LENGTH = 40;

/**
 * Every property the features have (in the order first met), with sample values from the first
 * features and how many features have a value: what a user needs to choose the area code.
 */
export function propertyCandidates(features: readonly PlainFeature[], sampleCount = SAMPLE_VALUES): PropertyCandidate[] {
	const out = new Map<string, PropertyCandidate>();
	for (const f of features) {
		for (const [name, raw] of Object.entries(featureProperties(f))) {
			let c = out.get(name);
			if (!c) out.set(name, (c = { name, samples: [], filled: 0, total: features.length }));
			const text = codeText(raw);
			if (text === null) continue;
			c.filled++;
			const shown = text.length > SAMPLE_LENGTH ? `${text.slice(0, SAMPLE_LENGTH - 1)}…` : text;
			if (c.samples.length < sampleCount && !c.samples.includes(shown)) c.samples.push(shown);
		}
	}
	return [...out.values()];
}

/**
 * The level a chosen code property gives its areas: from its name (`WD24CD` → ward), else from a
 * sample code (`E05…` → ward); null when neither says, and the user must choose.
 */
export function levelOfChoice(property: string, sampleCode: string | null | undefined): AreaLevel | null {
	return levelOfProperty(property) ?? (sampleCode ? levelOfCode(sampleCode) : null);
}

/** What the Import page's form offers for a boundary file: its properties and what was recognised. */
export interface BoundaryChoices {
	properties: PropertyCandidate[];
	recognised: RecognisedProperties;
}

/** Read a boundary file's properties for the user to choose from; throws a BoundaryError when it is not one. */
export function boundaryChoices(fileName: string, text: string): BoundaryChoices {
	const { features } = readBoundaryFeatures(fileName, text);
	return { properties: propertyCandidates(features), recognised: recogniseProperties(sharedProperties(features)) };
}

/**
 * Parse and check a boundary file. Throws a BoundaryError (with its rule code, what is wrong and
 * where, and what to do) at the first rule the file fails.
 */
export function parseBoundaries(fileName: string, text: string, options: BoundaryOptions = {}): BoundarySet {
	const { format, value, features } = readBoundaryFeatures(fileName, text, options.topologyObject);
	const properties = featureProperties;
	const recognised = recogniseProperties(sharedProperties(features));
	const codeProp = options.codeProperty ?? recognised.code;
	const codeValues = features.map((f) => (codeProp === null ? undefined : properties(f)[codeProp]));
	const allProperties = [...new Set(features.flatMap((f) => Object.keys(properties(f))))];

	enforce(areaGeometry, fileName, features.map((f, i) => ({ geometryType: f?.geometry?.type ?? null, code: codeText(codeValues[i]) })));
	enforce(codeProperty, fileName, { property: codeProp, available: allProperties, values: codeValues });
	const codes = codeValues.map((v) => codeText(v)!);
	enforce(uniqueCodes, fileName, codes);

	const chosenCode = codeProp!;
	const level = options.level ?? (chosenCode === recognised.code ? recognised.level : levelOfProperty(chosenCode)) ?? levelOfCode(codes[0]);
	enforce(knownLevel, fileName, { level, property: chosenCode, example: codes[0] });

	const geometries = features.map((f) => readGeometry(f.geometry));
	enforce(nonEmptyGeometry, fileName, geometries.map((geometry, i) => ({ code: codes[i], geometry })));

	const box = emptyBBox();
	for (const g of geometries) {
		const polys = g!.type === 'Polygon' ? [g!.coordinates] : g!.coordinates;
		for (const p of polys) for (const ring of p) for (const [x, y] of ring) extendBBox(box, x, y);
	}
	const declared = crsName(value);
	const detected = classifyCrs(declared, box);
	enforce(knownCrs, fileName, { crsName: declared, bbox: box, detected });

	const converted = geometries.map((g) =>
		detected === 'bng'
			? mapGeometry(g!, ([e, n]) => {
					const [lon, lat] = bngToWgs84(e, n);
					return [round(lon), round(lat)];
				})
			: g!
	);
	enforce(simpleRings, fileName, converted.map((geometry, i) => ({ code: codes[i], geometry })));
	enforce(codesMatchData, fileName, { codes, dataCodes: options.dataCodes ?? new Set() });

	const nameProp = options.nameProperty ?? (codeProp === recognised.code ? recognised.name : null);
	const parentProp = options.parentProperty ?? (codeProp === recognised.code ? recognised.parent : null);
	return {
		format,
		sourceCrs: detected!,
		level: level!,
		vintage: options.vintage ?? (codeProp === recognised.code ? recognised.vintage : null),
		codeProperty: chosenCode,
		nameProperty: nameProp,
		parentProperty: parentProp,
		properties: allProperties,
		areas: features.map((f, i) => ({
			code: codes[i],
			name: nameProp ? codeText(properties(f)[nameProp]) : null,
			parentCode: parentProp ? codeText(properties(f)[parentProp]) : null,
			geometry: converted[i]
		}))
	};
}
