/**
 * What the hotspot map shows, as pure functions of the hotspot figures (geo/hotspots.ts): each
 * area's value as text, its colour class, its Gi* class in words, the GeoJSON the map draws, the
 * legend, and the hover text. The map page, its table, its side panel and its PNG export all read
 * from these, so they agree.
 *
 * Disclosure: the map picture is always board-safe. Colours come from `discloseMapAreas` with
 * `board: true` (counts 1 to MAP_THRESHOLD − 1 hatched, plus secondary suppression against the
 * partnership total), whether or not analyst mode is on, so a screenshot or PNG of the map can
 * never show a small count. Analyst mode changes only the text (table, hover, panel), which then
 * shows exact counts under the "Restricted" banner. The GeoJSON carries disclosed values only
 * (class, status), never a count, so nothing hidden sits in the map's memory either.
 */
import {
	choroplethBreaks, classOf, discloseMapAreas, fewerThanText, MAP_THRESHOLD, SECONDARY_TEXT,
	type Breaks, type MapValueStatus
} from '$lib/geo/breaks';
import { HOTSPOT_LABELS, type HotspotClass } from '$lib/geo/gi-star';
import type { AreaGeometry, BBox } from '$lib/geo/geometry';
import { bboxOf } from '$lib/geo/geometry';
import { formatCount, formatRate } from '$lib/disclosure/suppress';
import { ratePer10k } from '$lib/measures/summary';
import { classColour } from '$lib/charts/choropleth';

export type MapValue = 'count' | 'rate';

/** The figures one area needs (a HotspotArea without its geometry and neighbours). */
export interface MapAreaInput {
	code: string;
	name: string | null;
	count: number;
	population: number | null;
	rate: number | null;
	giZ: number | null;
	hotspot: HotspotClass;
}

export interface MapRow {
	code: string;
	name: string;
	/** Disclosure status of the map picture (board rule). */
	status: MapValueStatus;
	/** Colour class on the map; null when hatched, without population, or nothing to classify. */
	cls: number | null;
	/** The count as the table and hover may print it ("fewer than 10" unless analyst mode). */
	countText: string;
	/** The rate as it may be printed ("–" where withheld, "no population" where none is loaded). */
	rateText: string;
	/** The mapped value (count or rate) as it may be printed. */
	valueText: string;
	/** True when the text shows a count the board rule hides (analyst mode only): restricted. */
	restricted: boolean;
	/** Sort keys for the table; null sorts last. Withheld values have none outside analyst mode. */
	countSort: number | null;
	rateSort: number | null;
	hotspot: HotspotClass;
	hotspotText: string;
	giZ: number | null;
}

export interface MapView {
	value: MapValue;
	threshold: number;
	breaks: Breaks | null;
	rows: MapRow[];
	/** Areas hatched because of small counts (primary) or to protect them (secondary). */
	suppressed: number;
	secondary: number;
	noPopulation: number;
}

export interface MapViewOptions {
	value: MapValue;
	/** Analyst mode: exact counts in the text (the picture stays board-safe). */
	analyst: boolean;
	threshold?: number;
}

const noPopulationText = 'no population';

export function mapView(areas: readonly MapAreaInput[], options: MapViewOptions): MapView {
	const threshold = options.threshold ?? MAP_THRESHOLD;
	const value = options.value;
	const board = discloseMapAreas(areas, { board: true, threshold, value });
	const shownValue = (i: number): number | null => {
		const d = board[i];
		if (d.status !== 'shown') return null;
		return value === 'rate' ? d.rate : d.count;
	};
	const breaks = choroplethBreaks(areas.map((_, i) => shownValue(i)), { integer: value === 'count' });
	const rows = areas.map((a, i): MapRow => {
		const d = board[i];
		const hidden = d.status === 'suppressed' || d.status === 'secondary';
		const exact = options.analyst;
		const countText = hidden && !exact ? d.text : formatCount(a.count);
		const rateText =
			a.rate === null ? (hidden && !exact ? '–' : noPopulationText) : hidden && !exact ? '–' : formatRate(a.rate);
		const valueText = value === 'count' ? countText : hidden && !exact ? d.text : rateText;
		return {
			code: a.code,
			name: a.name ?? a.code,
			status: d.status,
			cls: breaks ? classOf(shownValue(i), breaks) : null,
			countText: hidden && exact ? `${countText} (${d.status === 'suppressed' ? fewerThanText(threshold) : 'hidden on the map'})` : countText,
			rateText,
			valueText,
			restricted: hidden && exact,
			countSort: hidden && !exact ? null : a.count,
			rateSort: hidden && !exact ? null : a.rate,
			hotspot: a.hotspot,
			hotspotText: HOTSPOT_LABELS[a.hotspot],
			giZ: a.giZ
		};
	});
	return {
		value,
		threshold,
		breaks,
		rows,
		suppressed: board.filter((d) => d.status === 'suppressed').length,
		secondary: board.filter((d) => d.status === 'secondary').length,
		noPopulation: board.filter((d) => d.status === 'no-data').length
	};
}

// ---------------------------------------------------------------------------------------------
// Colours and line styles.

/**
 * The choropleth's colours are the printed report's (charts/choropleth.ts): one blue ramp, light to
 * dark, distinct in greyscale, so the map on screen and the map in the board paper read alike.
 */
export { CHOROPLETH_COLOURS, classColour } from '$lib/charts/choropleth';

/** Fill for areas that have no colour class (hatched ones are drawn over it, in grey lines). */
export const UNCLASSED_FILL = '#f7f7f7';
export const HATCH_COLOUR = '#6b6b6b';
export const BOUNDARY_COLOUR = '#555d69';

/** How each Gi* class is outlined: hot solid, cold dashed, thicker for more confidence; never colour alone. */
export interface HotspotStyle {
	colour: string;
	/** Line width in CSS pixels. */
	width: number;
	/** Dash pattern in line widths (MapLibre's unit); null for solid. */
	dash: readonly number[] | null;
}

/**
 * Hot red, cold a dark violet that stands apart from the blue ramp; both drawn over a white casing
 * (GI_CASING) so they show on the lightest and the darkest fill alike.
 */
const HOT = '#c0261a';
const COLD = '#4b1d6b';
/** Extra width of the white line under each Gi* outline, in pixels. */
export const GI_CASING = 2;
/** Widths by confidence: distinct at a glance and still inside small areas at 99%. */
const WIDTH_90 = 1.5;
const WIDTH_95 = 3;
const WIDTH_99 = 4.5;
/** Cold spots dashed: 2 widths on, 1 off reads as a dash at every width above. */
const COLD_DASH = [2, 1] as const;

export const HOTSPOT_STYLES: Record<Exclude<HotspotClass, 'none'>, HotspotStyle> = {
	'hot-99': { colour: HOT, width: WIDTH_99, dash: null },
	'hot-95': { colour: HOT, width: WIDTH_95, dash: null },
	'hot-90': { colour: HOT, width: WIDTH_90, dash: null },
	'cold-90': { colour: COLD, width: WIDTH_90, dash: COLD_DASH },
	'cold-95': { colour: COLD, width: WIDTH_95, dash: COLD_DASH },
	'cold-99': { colour: COLD, width: WIDTH_99, dash: COLD_DASH }
};

// ---------------------------------------------------------------------------------------------
// Legend.

export interface LegendEntry {
	kind: 'colour' | 'hatch' | 'plain';
	colour: string;
	label: string;
}

export function legendEntries(view: Pick<MapView, 'breaks' | 'threshold' | 'suppressed' | 'secondary' | 'noPopulation' | 'value'>): LegendEntry[] {
	const out: LegendEntry[] = [];
	const n = view.breaks?.upper.length ?? 0;
	view.breaks?.labels.forEach((label, k) => out.push({ kind: 'colour', colour: classColour(k, n), label }));
	if (view.suppressed) out.push({ kind: 'hatch', colour: UNCLASSED_FILL, label: fewerThanText(view.threshold) });
	if (view.secondary) out.push({ kind: 'hatch', colour: UNCLASSED_FILL, label: SECONDARY_TEXT });
	if (view.noPopulation) out.push({ kind: 'plain', colour: UNCLASSED_FILL, label: 'no population loaded (no rate)' });
	return out;
}

export interface HotspotLegendEntry extends HotspotStyle {
	cls: Exclude<HotspotClass, 'none'>;
	label: string;
}

/** The Gi* classes in legend order, each with its outline and words. */
export function hotspotLegend(): HotspotLegendEntry[] {
	return (['hot-99', 'hot-95', 'hot-90', 'cold-90', 'cold-95', 'cold-99'] as const).map((cls) => ({
		cls,
		...HOTSPOT_STYLES[cls],
		label: `${HOTSPOT_LABELS[cls]} (${cls.startsWith('hot') ? 'solid' : 'dashed'} outline)`
	}));
}

// ---------------------------------------------------------------------------------------------
// Text.

/** The hover text for an area: its name and value (as it may be shown), and its Gi* class if any. */
export function tooltipText(row: MapRow, value: MapValue, unit: string): string {
	const hidden = (row.status === 'suppressed' || row.status === 'secondary') && !row.restricted;
	let shown = `${row.countText} ${unit}`;
	if (value === 'rate' && row.rateSort !== null) shown = `${row.rateText} per 10,000 children (${row.countText} ${unit})`;
	else if (value === 'rate' && !hidden) shown = `${row.countText} ${unit}, no rate (no population loaded)`;
	const hot = row.hotspot === 'none' ? '' : `. ${row.hotspotText}`;
	return `${row.name}: ${shown}${hot}`;
}

/** How many names a sentence lists before "and N more": a summary, not the table. */
export const NAMES_LISTED = 5;

/** "A, B, C" or "A, B, C, D, E and 7 more". */
export function nameList(names: readonly string[], max = NAMES_LISTED): string {
	if (names.length <= max) return names.join(', ');
	return `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}

/** "the 3rd highest of 20 wards" — ordinal in words for the panel. */
export function ordinal(n: number): string {
	const mod100 = n % 100;
	const suffix = mod100 >= 11 && mod100 <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
	return `${n}${suffix}`;
}

export interface AreaComparison {
	/** Sentences for the side panel, all already disclosure-checked. */
	lines: string[];
	partnershipCount: number;
	partnershipRate: number | null;
}

/**
 * How one area compares with the whole partnership (all areas of the map): its share of the
 * count, its rate against the partnership's rate, and its rank. Withheld for an area the board
 * rule hides, unless analyst mode is on (the figures would give the small count away).
 */
export function compareWithPartnership(
	code: string,
	areas: readonly MapAreaInput[],
	view: MapView,
	options: { unit: string; levelNoun: string; analyst: boolean }
): AreaComparison {
	const area = areas.find((a) => a.code === code);
	const row = view.rows.find((r) => r.code === code);
	const partnershipCount = areas.reduce((s, a) => s + a.count, 0);
	const withPop = areas.filter((a) => a.population !== null);
	const partnershipRate = withPop.length
		? ratePer10k(withPop.reduce((s, a) => s + a.count, 0), withPop.reduce((s, a) => s + (a.population ?? 0), 0))
		: null;
	const lines: string[] = [];
	const partnershipRateText = partnershipRate === null ? null : `${formatRate(partnershipRate)} per 10,000 children`;
	if (!area || !row) return { lines, partnershipCount, partnershipRate };
	const hidden = row.status === 'suppressed' || row.status === 'secondary';
	if (hidden && !options.analyst) {
		lines.push(`The count here is not shown (${row.countText}), so its share, rate and rank are not shown either.`);
		if (partnershipRateText) lines.push(`The partnership as a whole: ${partnershipRateText}.`);
		return { lines, partnershipCount, partnershipRate };
	}
	if (partnershipCount > 0) {
		const share = Math.round((area.count / partnershipCount) * 1000) / 10;
		lines.push(`${formatCount(area.count)} of the partnership's ${formatCount(partnershipCount)} ${options.unit} (${formatRate(share)}%) across ${formatCount(areas.length)} ${options.levelNoun}.`);
	}
	if (area.rate !== null && partnershipRate !== null) {
		const ratio = partnershipRate > 0 ? area.rate / partnershipRate : null;
		const relative =
			ratio === null ? '' : ratio >= 1.05 ? `, ${formatRate(ratio)} times` : ratio <= 0.95 ? `, ${formatRate(ratio)} times` : ', about the same as';
		lines.push(`Rate ${formatRate(area.rate)} per 10,000 children${relative} the partnership's ${partnershipRateText}.`);
	} else if (partnershipRateText) {
		lines.push(`No population is loaded for this area, so it has no rate (the partnership: ${partnershipRateText}).`);
	}
	const higher = areas.filter((a) => a.count > area.count).length;
	lines.push(`The ${ordinal(higher + 1)} highest count of ${formatCount(areas.length)} ${options.levelNoun}${areas.some((a) => a !== area && a.count === area.count) ? ' (shared with others)' : ''}.`);
	return { lines, partnershipCount, partnershipRate };
}

// ---------------------------------------------------------------------------------------------
// GeoJSON.

export interface AreaFeatureProperties {
	code: string;
	name: string;
	/** Colour class, −1 for none (MapLibre expressions want a number, not null). */
	cls: number;
	/** The colour itself, so the layer needs no expression per class count. */
	fill: string;
	status: MapValueStatus;
	hatched: boolean;
	hotspot: HotspotClass;
}

export interface AreaFeatureCollection {
	type: 'FeatureCollection';
	features: { type: 'Feature'; id: number; properties: AreaFeatureProperties; geometry: AreaGeometry }[];
}

/** The map's GeoJSON: one feature per area, carrying only what the picture shows (no counts). */
export function mapFeatures(shapes: readonly { code: string; geometry: AreaGeometry }[], view: MapView): AreaFeatureCollection {
	const byCode = new Map(view.rows.map((r) => [r.code, r]));
	const n = view.breaks?.upper.length ?? 0;
	return {
		type: 'FeatureCollection',
		features: shapes.map((s, i) => {
			const row = byCode.get(s.code);
			const cls = row?.cls ?? null;
			const status = row?.status ?? 'no-data';
			return {
				type: 'Feature',
				id: i,
				properties: {
					code: s.code,
					name: row?.name ?? s.code,
					cls: cls ?? -1,
					fill: cls === null ? UNCLASSED_FILL : classColour(cls, n),
					status,
					hatched: status === 'suppressed' || status === 'secondary',
					hotspot: row?.hotspot ?? 'none'
				},
				geometry: s.geometry
			};
		})
	};
}

/** The box around every area, to fit the map to; null when there are none. */
export function boundsOf(shapes: readonly { geometry: AreaGeometry }[]): BBox | null {
	if (!shapes.length) return null;
	const out: BBox = [Infinity, Infinity, -Infinity, -Infinity];
	for (const s of shapes) {
		const [x0, y0, x1, y1] = bboxOf(s.geometry);
		out[0] = Math.min(out[0], x0);
		out[1] = Math.min(out[1], y0);
		out[2] = Math.max(out[2], x1);
		out[3] = Math.max(out[3], y1);
	}
	return out;
}

// ---------------------------------------------------------------------------------------------
// Attribution.

/** GSS codes of England, Wales and Scotland areas (E01…, W05…, S12…): ONS/OS boundaries. */
const GSS_CODE = /^[EWS]\d{8}$/;

/**
 * Where the boundaries came from, for the map's footnote and its PNG: the boundary files loaded
 * and, when the codes are real ONS codes, the attribution ONS's Open Government Licence asks for.
 */
export function boundaryAttribution(files: readonly { fileName: string; mappingName: string | null }[], codes: readonly string[]): string {
	const list = files.map((f) => (f.mappingName ? `${f.fileName} (${f.mappingName.replace(/^Boundaries: /, '')})` : f.fileName));
	const from = list.length ? `Boundaries: ${list.join('; ')}.` : 'Boundaries: none loaded.';
	const ons = codes.some((c) => GSS_CODE.test(c))
		? ' Source: Office for National Statistics licensed under the Open Government Licence v.3.0. Contains OS data © Crown copyright and database right.'
		: '';
	return `${from}${ons}`;
}
