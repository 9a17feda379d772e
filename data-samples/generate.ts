/**
 * Seeded, deterministic generator of FICTIONAL sample data for CSE Profile.
 *
 *   npx tsx data-samples/generate.ts [--children 600] [--seed 2026] [--out data-samples/northbrook]
 *
 * Everything describes "Northbrook" (local authority X06000001), an invented place.
 * All codes start with X so they cannot be mistaken for ONS GSS codes (E01…, E05…).
 *
 * Determinism: one small seeded PRNG (mulberry32) per child and one for the geography,
 * integer day numbers from 1 Oct 2023, dates formatted by hand from Date.UTC, no
 * Math.random, no Date.now, no local time zone and no transcendental maths. Same seed
 * and options give byte-identical files, whatever the chunk size.
 *
 * Scale: children are generated in chunks; agency rows go to small per-month (or
 * per-pseudonym-prefix) bucket files in a temporary folder, which are then sorted one
 * at a time and appended to the final CSVs, so memory stays bounded by one bucket.
 */
import { appendFileSync, closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface GenerateOptions {
	children: number;
	seed: number;
	outDir: string;
}

export interface GenerateResult {
	/** Absolute paths of the files written. */
	files: string[];
	/** Data rows written across all files (CSV rows without headers, plus GeoJSON features). */
	records: number;
}

export const DEFAULTS = { children: 600, seed: 2026, outDir: 'data-samples/northbrook' } as const;

export const HEADERS = {
	areas: 'area_code,area_name,ward_code,ward_name,la_code,la_name',
	population: 'area_code,mid_year,age_band,population',
	police:
		'Ref No,Subject ID,Date Identified,Risk Level,Exploitation Type,Gender,Age at Referral,Ethnicity,Home LSOA,Missing From Home,Looked After,Status,Date Closed',
	csc: 'child_ref,assessment_date,seraf_score,seraf_category,exploitation_type,sex,month_of_birth,ethnicity_code,disability,home_area,looked_after,care_leaver,missing,school_exclusion,substance_misuse,gang_association,trafficking,older_partner,gifts_money,online_risk,sexual_health,self_harm,mental_health,case_status,closed_date',
	health:
		'Patient Pseudo ID,Date of Concern,Concern Level,Concern Type,Sex,Age (yrs),Ethnic Group,Home LSOA,Sexual Health Concern,Self Harm,Substance Use,Mental Health Concern,LAC',
	voluntary:
		'Case ID,Referral Date,Risk,Primary Concern,Gender,Age,Ethnicity,Home Area Code,Going Missing,In Care,Online Grooming,Older Partner,Gifts or Money',
	missing:
		'Child ID,Episode Start,Episode End,Placement Type,Missing/Away,Location Found (LSOA),RHI Offered,RHI Accepted,RHI Date,CSE Concern',
	locations: 'Month,Area Code,Location Type,Count,Agency'
} as const;

export const FILE_NAMES = {
	areas: 'areas.csv',
	smallAreas: 'small-areas.geojson',
	wards: 'wards.geojson',
	population: 'population.csv',
	police: 'police-cse-referrals.csv',
	csc: 'csc-seraf-assessments.csv',
	health: 'health-exploitation-log.csv',
	voluntary: 'voluntary-sector-referrals.csv',
	missing: 'missing-episodes.csv',
	locations: 'locations-of-concern.csv'
} as const;

// ---------------------------------------------------------------------------
// PRNG and hashing
// ---------------------------------------------------------------------------

type Rng = () => number;

/** mulberry32: tiny, fast, good enough for synthetic data. Returns [0, 1). */
function mulberry32(seed: number): Rng {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** murmur3 finaliser: a bijection on 32-bit integers. */
function fmix32(x: number): number {
	let h = x >>> 0;
	h ^= h >>> 16;
	h = Math.imul(h, 0x85ebca6b);
	h ^= h >>> 13;
	h = Math.imul(h, 0xc2b2ae35);
	h ^= h >>> 16;
	return h >>> 0;
}

function randInt(rng: Rng, lo: number, hi: number): number {
	return lo + Math.floor(rng() * (hi - lo + 1));
}

/** Cumulative, normalised weights for pickW. */
function cum(weights: readonly number[]): Float64Array {
	const out = new Float64Array(weights.length);
	let total = 0;
	for (const w of weights) total += w;
	let acc = 0;
	for (let i = 0; i < weights.length; i++) {
		acc += weights[i] / total;
		out[i] = acc;
	}
	out[weights.length - 1] = 1;
	return out;
}

/** Index drawn from cumulative weights (binary search). */
function pickW(rng: Rng, c: Float64Array): number {
	const u = rng();
	let lo = 0;
	let hi = c.length - 1;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (u < c[mid]) hi = mid;
		else lo = mid + 1;
	}
	return lo;
}

// ---------------------------------------------------------------------------
// Calendar: day 0 = 1 Oct 2023, last day = 30 Sep 2026. All UTC, all integers.
// ---------------------------------------------------------------------------

const DAY_MS = 86_400_000;
const START_MS = Date.UTC(2023, 9, 1);
const END_MS = Date.UTC(2026, 8, 30);
const DAYS = (END_MS - START_MS) / DAY_MS + 1; // 1096
const LAST = DAYS - 1;
const LAST_MINUTE = DAYS * 1440 - 1; // 30/09/2026 23:59
const MONTHS = 36;
/** First day of the final year (1 Oct 2025), when the emerging hotspot appears. */
const FINAL_YEAR_START = dayOf(2025, 10, 1);

function dayOf(y: number, m: number, d: number): number {
	return (Date.UTC(y, m - 1, d) - START_MS) / DAY_MS;
}

const pad2 = (n: number): string => (n < 10 ? '0' + n : '' + n);
const padN = (n: number, w: number): string => {
	const s = '' + n;
	return s.length >= w ? s : '0'.repeat(w - s.length) + s;
};

const D_Y = new Uint16Array(DAYS);
const D_M = new Uint8Array(DAYS);
const D_D = new Uint8Array(DAYS);
const D_DOW = new Uint8Array(DAYS); // 0 = Sunday
const D_MONTH = new Uint8Array(DAYS); // 0 = Oct 2023 … 35 = Sep 2026
const DMY: string[] = new Array(DAYS);
const ISO: string[] = new Array(DAYS);
const MONTH_LABEL: string[] = [];
for (let i = 0; i < DAYS; i++) {
	const dt = new Date(START_MS + i * DAY_MS);
	const y = dt.getUTCFullYear();
	const m = dt.getUTCMonth() + 1;
	const d = dt.getUTCDate();
	D_Y[i] = y;
	D_M[i] = m;
	D_D[i] = d;
	D_DOW[i] = dt.getUTCDay();
	D_MONTH[i] = (y - 2023) * 12 + m - 10;
	DMY[i] = `${pad2(d)}/${pad2(m)}/${y}`;
	ISO[i] = `${y}-${pad2(m)}-${pad2(d)}`;
	if (d === 1) MONTH_LABEL.push(`${y}-${pad2(m)}`);
}

/** Move a weekend day to Monday (or back to Friday if Monday is past the period). */
function weekday(day: number): number {
	const dow = D_DOW[day];
	if (dow === 6) return day + 2 <= LAST ? day + 2 : day - 1;
	if (dow === 0) return day + 1 <= LAST ? day + 1 : day - 2;
	return day;
}

function ageOn(by: number, bm: number, bd: number, day: number): number {
	const m = D_M[day];
	const d = D_D[day];
	return D_Y[day] - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** Approximate English school holidays in the period (inclusive ranges). */
const HOLIDAYS: Array<[number, number, number, number, number, number]> = [
	[2023, 10, 23, 2023, 10, 27],
	[2023, 12, 21, 2024, 1, 3],
	[2024, 2, 12, 2024, 2, 16],
	[2024, 3, 29, 2024, 4, 12],
	[2024, 5, 27, 2024, 5, 31],
	[2024, 7, 23, 2024, 9, 3],
	[2024, 10, 28, 2024, 11, 1],
	[2024, 12, 20, 2025, 1, 3],
	[2025, 2, 17, 2025, 2, 21],
	[2025, 4, 7, 2025, 4, 21],
	[2025, 5, 26, 2025, 5, 30],
	[2025, 7, 22, 2025, 9, 2],
	[2025, 10, 27, 2025, 10, 31],
	[2025, 12, 19, 2026, 1, 2],
	[2026, 2, 16, 2026, 2, 20],
	[2026, 3, 30, 2026, 4, 10],
	[2026, 5, 25, 2026, 5, 29],
	[2026, 7, 22, 2026, 9, 2]
];

/** Identification intensity by day: seasonal (summer, school holidays) × a modest rise. */
const IDENT_CUM: Float64Array = (() => {
	//                 Jan   Feb  Mar  Apr   May   Jun  Jul  Aug   Sep   Oct  Nov  Dec
	const monthW = [0, 0.82, 0.88, 0.94, 1.0, 1.04, 1.1, 1.3, 1.36, 1.04, 1.0, 0.9, 0.84];
	const w = new Array<number>(DAYS);
	const holiday = new Uint8Array(DAYS);
	for (const [y1, m1, d1, y2, m2, d2] of HOLIDAYS) {
		for (let d = Math.max(0, dayOf(y1, m1, d1)); d <= Math.min(LAST, dayOf(y2, m2, d2)); d++) holiday[d] = 1;
	}
	for (let d = 0; d < DAYS; d++) {
		const trend = 1 + 0.3 * (d / LAST);
		w[d] = monthW[D_M[d]] * trend * (holiday[d] ? 1.18 : 1);
	}
	return cum(w);
})();

// ---------------------------------------------------------------------------
// Geography of Northbrook: 12 × 10 grid of small areas, wards = 3 × 2 blocks.
// ---------------------------------------------------------------------------

const LA_CODE = 'X06000001';
const LA_NAME = 'Northbrook';
const COLS = 12;
const ROWS = 10; // row 0 = south
const LON0 = -1.9;
const LON1 = -1.7;
const LAT0 = 52.9;
const LAT1 = 53.05;
const N_AREAS = COLS * ROWS; // 120

/** Ward names by block position [blockRow from north][blockCol from west]. */
const WARD_GRID: string[][] = [
	['Hollins Moor', 'Northfield', 'Ashby Green', 'Kettlewell'],
	['Westgate', 'Abbey', 'Castle Hill', 'Eastwood'],
	['Millbrook', 'Market Cross', 'Station Quarter', 'Brookside'],
	['Oakley', "St Luke's", 'Riverside', 'Docklands'],
	['Fenwick', 'Harrowby', 'Southgate', 'Lowfield']
];

interface Area {
	code: string;
	name: string;
	col: number;
	row: number;
	ward: number; // index into WARDS
}
interface Ward {
	code: string;
	name: string;
	bc: number; // block column 0..3
	br: number; // block row 0..4 (0 = south)
	areas: number[];
}

const WARDS: Ward[] = (() => {
	const list: Array<{ name: string; bc: number; br: number }> = [];
	for (let fromNorth = 0; fromNorth < 5; fromNorth++)
		for (let bc = 0; bc < 4; bc++) list.push({ name: WARD_GRID[fromNorth][bc], bc, br: 4 - fromNorth });
	list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
	return list.map((w, i) => ({ code: 'X05' + padN(i + 1, 6), name: w.name, bc: w.bc, br: w.br, areas: [] }));
})();

/** Areas numbered like LSOA names: "MSOA" = ward block (north→south, west→east), letter within. */
const AREAS: Area[] = (() => {
	const out: Area[] = [];
	for (let fromNorth = 0; fromNorth < 5; fromNorth++) {
		for (let bc = 0; bc < 4; bc++) {
			const br = 4 - fromNorth;
			const msoa = fromNorth * 4 + bc + 1;
			const ward = WARDS.findIndex((w) => w.bc === bc && w.br === br);
			let letter = 0;
			for (let row = br * 2 + 1; row >= br * 2; row--) {
				for (let col = bc * 3; col < bc * 3 + 3; col++) {
					const idx = out.length;
					out.push({
						code: 'X01' + padN(idx + 1, 6),
						name: `${LA_NAME} ${padN(msoa, 3)}${String.fromCharCode(65 + letter++)}`,
						col,
						row,
						ward
					});
					WARDS[ward].areas.push(idx);
				}
			}
		}
	}
	return out;
})();

const AREA_AT: number[][] = []; // [col][row] → area index
for (let c = 0; c < COLS; c++) AREA_AT.push(new Array<number>(ROWS).fill(-1));
AREAS.forEach((a, i) => (AREA_AT[a.col][a.row] = i));

// The story's places (grid cells): town centre straddles Market Cross / Station Quarter.
const HOTSPOTS = [AREA_AT[5][5], AREA_AT[5][4], AREA_AT[6][4], AREA_AT[7][4]]; // 2 in Market Cross, 2 in Station Quarter
const STATION = AREA_AT[7][4];
const BUS_STATION = AREA_AT[5][5];
const CENTRE_FRINGE = [AREA_AT[4][4], AREA_AT[4][5], AREA_AT[6][5], AREA_AT[7][5], AREA_AT[5][3], AREA_AT[6][3]];
const EMERGING = AREA_AT[10][2]; // Docklands: new retail park, budget hotel and takeaways
const EMERGING_FRINGE = [AREA_AT[9][2], AREA_AT[10][3], AREA_AT[11][2]];
const DEPRIVED_ESTATES = [AREA_AT[1][0], AREA_AT[1][1], AREA_AT[2][0], AREA_AT[9][8]];
const STATION_HALTS = [AREA_AT[2][7], AREA_AT[10][3]];

/** Vertices and edge midpoints of the grid, jittered from the seed, rounded to 6 dp. */
function buildGeometry(rng: Rng): { cells: number[][][]; wards: number[][][] } {
	const dx = (LON1 - LON0) / COLS;
	const dy = (LAT1 - LAT0) / ROWS;
	const r6 = (v: number): number => Math.round(v * 1e6) / 1e6;
	const jit = (): number => (rng() - 0.5) * 2; // [-1, 1)
	const V: number[][][] = []; // [c][r] → [lon, lat]
	for (let c = 0; c <= COLS; c++) {
		V.push([]);
		for (let r = 0; r <= ROWS; r++) V[c].push([r6(LON0 + (c + 0.2 * jit()) * dx), r6(LAT0 + (r + 0.2 * jit()) * dy)]);
	}
	const H: number[][][] = []; // midpoint of V[c][r]–V[c+1][r]
	for (let c = 0; c < COLS; c++) {
		H.push([]);
		for (let r = 0; r <= ROWS; r++) {
			const a = V[c][r];
			const b = V[c + 1][r];
			H[c].push([r6((a[0] + b[0]) / 2), r6((a[1] + b[1]) / 2 + 0.1 * jit() * dy)]);
		}
	}
	const E: number[][][] = []; // midpoint of V[c][r]–V[c][r+1]
	for (let c = 0; c <= COLS; c++) {
		E.push([]);
		for (let r = 0; r < ROWS; r++) {
			const a = V[c][r];
			const b = V[c][r + 1];
			E[c].push([r6((a[0] + b[0]) / 2 + 0.1 * jit() * dx), r6((a[1] + b[1]) / 2)]);
		}
	}
	// Counter-clockwise (x east, y north): south edge west→east, east edge up, north edge back, west edge down.
	const cells = AREAS.map(({ col: c, row: r }) => [
		V[c][r],
		H[c][r],
		V[c + 1][r],
		E[c + 1][r],
		V[c + 1][r + 1],
		H[c][r + 1],
		V[c][r + 1],
		E[c][r],
		V[c][r]
	]);
	const wards = WARDS.map(({ bc, br }) => {
		const c0 = bc * 3;
		const r0 = br * 2;
		const ring: number[][] = [];
		for (let c = c0; c < c0 + 3; c++) ring.push(V[c][r0], H[c][r0]);
		for (let r = r0; r < r0 + 2; r++) ring.push(V[c0 + 3][r], E[c0 + 3][r]);
		for (let c = c0 + 3; c > c0; c--) ring.push(V[c][r0 + 2], H[c - 1][r0 + 2]);
		for (let r = r0 + 2; r > r0; r--) ring.push(V[c0][r], E[c0][r - 1]);
		ring.push(V[c0][r0]);
		return ring;
	});
	return { cells, wards };
}

// ---------------------------------------------------------------------------
// Vocabularies
// ---------------------------------------------------------------------------

const SEX_CUM = cum([0.7, 0.27, 0.03]); // female, male, unknown/other
const SEX_POLICE = ['F', 'M', 'U'];
const SEX_CSC = ['Female', 'Male', 'Indeterminate'];
const SEX_HEALTH = ['Female', 'Male', 'Not known'];
const SEX_VOL = ['Female', 'Male', 'Prefer not to say'];

// Age at first identification, 8..17.
const AGE_CUM = cum([1, 2, 3, 5, 8, 13, 18, 20, 17, 13]);

// DfE ethnicity codes with a plausible mix for an English town, and mappings.
const ETH_DFE = ['WBRI', 'WIRI', 'WOTH', 'WIRT', 'WROM', 'MWBC', 'MWBA', 'MWAS', 'MOTH', 'AIND', 'APKN', 'ABAN', 'AOTH', 'BCRB', 'BAFR', 'BOTH', 'CHNE', 'OOTH', 'REFU', 'NOBT'];
const ETH_CUM = cum([72, 1, 4, 0.5, 0.5, 3, 1, 1.5, 1.5, 2, 4, 1, 1, 1.5, 2, 0.5, 0.5, 1, 1, 0.5]);
const ETH_NHS = ['A', 'B', 'C', 'C', 'C', 'D', 'E', 'F', 'G', 'H', 'J', 'K', 'L', 'M', 'N', 'P', 'R', 'S', 'Z', 'Z'];
const ETH_BROAD = ['White', 'White', 'White', 'White', 'White', 'Mixed', 'Mixed', 'Mixed', 'Mixed', 'Asian', 'Asian', 'Asian', 'Asian', 'Black', 'Black', 'Black', 'Asian', 'Other', 'Not stated', 'Not stated'];

// Exploitation type: 0 cse, 1 cce, 2 both, 3 other.
const TYPE_CUM_BY_SEX = [cum([72, 7, 14, 7]), cum([30, 40, 20, 10]), cum([60, 15, 15, 10])];
const TYPE_POLICE = ['CSE', 'CCE', 'CSE & CCE', 'Other'];
const TYPE_CSC = ['cse', 'cce', 'both', 'other'];
const TYPE_HEALTH = ['Sexual exploitation', 'Criminal exploitation', 'Both', 'Other'];
const TYPE_VOL = ['CSE', 'CCE', 'Both', 'Other'];

// Level 0..3 (SERAF category 1..4) per agency vocabulary.
const LEVEL_POLICE = ['Low', 'Low', 'Medium', 'High'];
const LEVEL_HEALTH = ['Emerging', 'Emerging', 'Moderate', 'Significant'];
const LEVEL_VOL = ['At risk', 'At risk', 'Significant', 'Serious'];

const PLACEMENT = ['Home', 'Foster care', 'Residential', 'Semi-independent'];

const LOCATION_TYPES = ['Private address', 'Hotel', 'Park/open space', 'Takeaway', 'Shop/centre', 'Transport hub', 'School', 'Vehicle/taxi', 'Online platform', 'Other'];
const LOC_AGENCIES = ['Police', "Children's social care", 'Voluntary sector'];
//                         Priv Hotel Park Take Shop Trans Sch  Veh  Online Other
const LOC_W_CSE = [26, 12, 10, 8, 7, 6, 4, 7, 15, 5];
const LOC_W_CCE = [18, 4, 14, 12, 10, 16, 5, 10, 6, 5];

// Agencies a child can be known to (order of the weights below).
const AG_POLICE = 0;
const AG_CSC = 1;
const AG_HEALTH = 2;
const AG_VOL = 3;
const AGENCY_W = [0.36, 0.34, 0.13, 0.17];
const AGENCY_COUNT_CUM = cum([0.75, 0.2, 0.05]);

const HOUR_CUM = cum([3, 2, 1.5, 1, 0.6, 0.4, 0.4, 0.6, 1, 1.2, 1.3, 1.5, 1.8, 2, 2.5, 3.5, 5, 6, 7, 7.5, 7, 6, 5, 4]);
/** Missing-episode durations in minutes: hours to days. */
const DURATION_BANDS: Array<[number, number]> = [
	[30, 120],
	[120, 360],
	[360, 720],
	[720, 1440],
	[1440, 2880],
	[2880, 5760],
	[5760, 11520]
];
const DURATION_CUM = cum([20, 25, 22, 18, 9, 5, 1]);
const AWAY_DURATION_CUM = cum([45, 35, 15, 5, 0, 0, 0]);
const RHI_DELAY_CUM = cum([15, 35, 32, 6, 5, 3, 2, 1, 1]); // days 0..8 after return

// Population-weighted and story-weighted area distributions (set up from the population).
let AREA_POP_CUM: Float64Array = new Float64Array(0);
let HOME_CUM_EARLY: Float64Array = new Float64Array(0);
let HOME_CUM_FINAL: Float64Array = new Float64Array(0);
const CENTRE_LIST = [...HOTSPOTS, ...CENTRE_FRINGE];
const CENTRE_CUM = cum([...HOTSPOTS.map(() => 3), ...CENTRE_FRINGE.map(() => 1)]);

// ---------------------------------------------------------------------------
// Output plumbing: per-chunk buckets flushed to temporary files, sorted at the end.
// ---------------------------------------------------------------------------

interface Sink {
	police: string[][]; // by month
	csc: string[][]; // by first hex digit of the pseudonym
	health: string[][];
	voluntary: string[][];
	missing: string[][];
	locations: Int32Array; // [month][area][type][agency]
	rows: number;
}

type BucketFile = 'police' | 'csc' | 'health' | 'voluntary' | 'missing';
const BUCKET_FILES: BucketFile[] = ['police', 'csc', 'health', 'voluntary', 'missing'];
const BUCKET_COUNT: Record<BucketFile, number> = { police: MONTHS, csc: 16, health: MONTHS, voluntary: MONTHS, missing: MONTHS };

function emptyBuckets(n: number): string[][] {
	const out: string[][] = [];
	for (let i = 0; i < n; i++) out.push([]);
	return out;
}

function csvField(s: string): string {
	return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

// ---------------------------------------------------------------------------
// Children
// ---------------------------------------------------------------------------

interface Episode {
	start: number; // minute since period start
	end: number; // -1 when still open at the end of the data
}

// Indicator flags, in CSC column order after `missing`:
// 0 school_exclusion, 1 substance_misuse, 2 gang_association, 3 trafficking, 4 older_partner,
// 5 gifts_money, 6 online_risk, 7 sexual_health, 8 self_harm, 9 mental_health.
const FLAG_SUBSTANCE = 1;
const FLAG_OLDER = 4;
const FLAG_GIFTS = 5;
const FLAG_ONLINE = 6;
const FLAG_SEXUAL_HEALTH = 7;
const FLAG_SELF_HARM = 8;
const FLAG_MENTAL = 9;
const N_FLAGS = 10;

interface Ctx {
	seedHash: number;
	idSalt: number;
	idMask: number;
}

function childId(ctx: Ctx, i: number): string {
	const h = (fmix32((i + ctx.idSalt) >>> 0) ^ ctx.idMask) >>> 0;
	return 'NB-' + h.toString(16).toUpperCase().padStart(8, '0');
}

function sampleArea(rng: Rng, c: Float64Array): number {
	return pickW(rng, c);
}

function randomArea(rng: Rng): number {
	return pickW(rng, AREA_POP_CUM);
}

function addLocations(rng: Rng, sink: Sink, day: number, agency: number, type: number, home: number, mean: number): void {
	// k = number of locations of concern named in this record (0..3, mean ≈ `mean`).
	let k = 0;
	for (let j = 0; j < 3; j++) if (rng() < mean / 3) k++;
	if (k === 0) return;
	const t = day / LAST;
	const base = type === 1 ? LOC_W_CCE : type === 2 ? LOC_W_CSE.map((w, i) => (w + LOC_W_CCE[i]) / 2) : LOC_W_CSE;
	const w = base.slice();
	w[8] = base[8] * (0.7 + 1.3 * t); // online platforms grow over the three years
	const c = cum(w);
	const month = D_MONTH[day];
	const finalYear = day >= FINAL_YEAR_START;
	const homeWard = WARDS[AREAS[home].ward].areas;
	for (let j = 0; j < k; j++) {
		const lt = pickW(rng, c);
		let area: number;
		const u = rng();
		switch (lt) {
			case 1: // hotel
			case 3: // takeaway
			case 4: // shop/centre
				if (finalYear && lt !== 4 && u < 0.3) area = EMERGING;
				else if (u < 0.8) area = CENTRE_LIST[pickW(rng, CENTRE_CUM)];
				else area = randomArea(rng);
				break;
			case 5: // transport hub
				area = u < 0.65 ? STATION : u < 0.85 ? BUS_STATION : STATION_HALTS[randInt(rng, 0, STATION_HALTS.length - 1)];
				break;
			case 0: // private address
				area = u < 0.45 ? home : u < 0.75 ? HOTSPOTS[randInt(rng, 0, HOTSPOTS.length - 1)] : randomArea(rng);
				break;
			case 2: // park
			case 6: // school
				area = u < 0.8 ? homeWard[randInt(rng, 0, homeWard.length - 1)] : randomArea(rng);
				break;
			case 7: // vehicle/taxi
				area = u < 0.5 ? CENTRE_LIST[pickW(rng, CENTRE_CUM)] : u < 0.7 ? home : randomArea(rng);
				break;
			case 8: // online: recorded against the child's home area
				area = home;
				break;
			default:
				area = u < 0.4 ? CENTRE_LIST[pickW(rng, CENTRE_CUM)] : randomArea(rng);
		}
		sink.locations[((month * N_AREAS + area) * LOCATION_TYPES.length + lt) * LOC_AGENCIES.length + agency]++;
	}
}

function formatMinute(min: number): string {
	const day = Math.floor(min / 1440);
	const m = min - day * 1440;
	return `${DMY[day]} ${pad2(Math.floor(m / 60))}:${pad2(m % 60)}`;
}

/** Missing episodes for one child between two days; returns them in time order. */
function makeEpisodes(rng: Rng, fromDay: number, toDay: number, n: number, repeat: boolean, away: boolean): Episode[] {
	const eps: Episode[] = [];
	if (toDay < fromDay) return eps;
	// A repeat-missing child goes missing in a cluster of a few months.
	const span = toDay - fromDay;
	let day = fromDay + Math.floor(rng() * (repeat ? Math.max(1, span * 0.6) : span + 1));
	for (let k = 0; k < n; k++) {
		if (day > toDay) break;
		const start = day * 1440 + pickW(rng, HOUR_CUM) * 60 + randInt(rng, 0, 59);
		const isAway = away && rng() < 0.25;
		const [lo, hi] = DURATION_BANDS[pickW(rng, isAway ? AWAY_DURATION_CUM : DURATION_CUM)];
		const end = start + randInt(rng, lo, hi);
		eps.push({ start: isAway ? -start - 1 : start, end: end > LAST_MINUTE ? -1 : end });
		if (end > LAST_MINUTE) break;
		const gap = repeat ? randInt(rng, 2, 24) : randInt(rng, 21, 150);
		day = Math.floor(end / 1440) + gap;
	}
	return eps;
}

function emitEpisodes(rng: Rng, sink: Sink, id: string, eps: Episode[], placement: number, home: number, cseConcern: (day: number) => boolean, hotspotFinds: boolean): void {
	for (const ep of eps) {
		const isAway = ep.start < 0;
		const start = isAway ? -ep.start - 1 : ep.start;
		const open = ep.end < 0;
		let found = '';
		let offered = 'N';
		let accepted = 'N';
		let rhiDate = '';
		let endText = '';
		if (!open) {
			endText = formatMinute(ep.end);
			const u = rng();
			if (u < 0.74) found = AREAS[hotspotFinds && rng() < 0.45 ? HOTSPOTS[randInt(rng, 0, 3)] : rng() < 0.55 ? home : randomArea(rng)].code;
			if (rng() < 0.91) {
				offered = 'Y';
				if (rng() < 0.66) {
					accepted = 'Y';
					const endDay = Math.floor(ep.end / 1440);
					rhiDate = DMY[Math.min(LAST, endDay + pickW(rng, RHI_DELAY_CUM))];
				}
			}
		}
		const startDay = Math.floor(start / 1440);
		const cse = cseConcern(startDay) ? 'Y' : 'N';
		const line = `${padN(start, 7)}${id}\t${id},${formatMinute(start)},${endText},${PLACEMENT[placement]},${isAway ? 'A' : 'M'},${found},${offered},${accepted},${rhiDate},${cse}`;
		sink.missing[D_MONTH[startDay]].push(line);
		sink.rows++;
	}
}

const MISSING_ONLY_SHARE = 0.07;

function generateChild(ctx: Ctx, i: number, sink: Sink): void {
	const rng = mulberry32(fmix32((fmix32((i + 0x9e3779b9) >>> 0) ^ ctx.seedHash) >>> 0));
	const id = childId(ctx, i);
	const hexBucket = parseInt(id.charAt(3), 16);

	if (rng() < MISSING_ONLY_SHARE) {
		// Known only through missing-from-home/care reports, never assessed as at risk.
		const lac = rng() < 0.4;
		const placement = lac ? pickW(rng, cum([0, 0.6, 0.25, 0.15])) : 0;
		const repeat = rng() < 0.1;
		const n = repeat ? randInt(rng, 3, 6) : rng() < 0.75 ? 1 : 2;
		const from = Math.floor(rng() * DAYS);
		let eps = makeEpisodes(rng, from, LAST, n, repeat, lac);
		if (eps.length === 0) eps = makeEpisodes(rng, 0, LAST, 1, false, lac);
		const home = randomArea(rng);
		emitEpisodes(rng, sink, id, eps, placement, home, () => rng() < 0.04, false);
		return;
	}

	// --- who the child is -------------------------------------------------------
	const d0 = pickW(rng, IDENT_CUM); // first identification by any agency
	const sex = pickW(rng, SEX_CUM);
	const age0 = 8 + pickW(rng, AGE_CUM);
	const y0 = D_Y[d0];
	const m0 = D_M[d0];
	const dd0 = D_D[d0];
	const dobHi = dayOf(y0 - age0, m0, dd0);
	const dobLo = dayOf(y0 - age0 - 1, m0, dd0) + 1;
	const dob = dobLo + Math.floor(rng() * (dobHi - dobLo + 1));
	const dobDate = new Date(START_MS + dob * DAY_MS);
	const by = dobDate.getUTCFullYear();
	const bm = dobDate.getUTCMonth() + 1;
	const bd = dobDate.getUTCDate();
	const bday18 = dayOf(by + 18, bm, bd); // first day aged 18: no agency record on/after it
	const lastDay = Math.min(LAST, bday18 - 1);
	const mob = `${by}-${pad2(bm)}`;
	const eth = pickW(rng, ETH_CUM);
	const lac = rng() < (age0 >= 13 ? 0.24 : 0.18);
	const placement = lac ? (age0 >= 16 ? pickW(rng, cum([0, 0.42, 0.28, 0.3])) : pickW(rng, cum([0, 0.62, 0.38, 0]))) : 0;
	const careLeaver = !lac && age0 >= 16 && rng() < 0.12;
	const disability = rng() < 0.13;
	const type = pickW(rng, TYPE_CUM_BY_SEX[sex]);
	const home = sampleArea(rng, d0 >= FINAL_YEAR_START ? HOME_CUM_FINAL : HOME_CUM_EARLY);
	const homeCode = AREAS[home].code;
	const hotspotChild = HOTSPOTS.includes(home) || CENTRE_FRINGE.includes(home) || home === EMERGING;

	// --- risk trajectory (SERAF score over time) -----------------------------
	const cat0 = pickW(rng, cum([0.1, 0.3, 0.35, 0.25]));
	const s0 = cat0 === 0 ? randInt(rng, 2, 5) : cat0 === 1 ? randInt(rng, 6, 10) : cat0 === 2 ? randInt(rng, 11, 15) : randInt(rng, 16, 24);
	const kind = pickW(rng, cum([0.65, 0.2, 0.15])); // improve, stable, escalate
	const rate = 0.5 + rng() * 1.1; // points per month
	const up = 0.8 + rng() * 1.4;
	const peakM = 2 + rng() * 6;
	const scoreAt = (day: number): number => {
		const m = Math.max(0, (day - d0) / 30.44);
		if (kind === 0) return s0 - rate * m;
		if (kind === 1) return s0 + 0.15 * m;
		return m <= peakM ? s0 + up * m : s0 + up * peakM - rate * (m - peakM);
	};
	const noisy = (day: number, spread: number): number => Math.max(0, Math.min(28, Math.round(scoreAt(day) + (rng() - 0.5) * spread)));
	const levelOf = (score: number): number => (score <= 5 ? 0 : score <= 10 ? 1 : score <= 15 ? 2 : 3);
	const agencyLevel = (day: number): number => {
		let lvl = levelOf(noisy(day, 3));
		if (rng() < 0.12) lvl = Math.max(0, Math.min(3, lvl + (rng() < 0.5 ? -1 : 1)));
		return lvl;
	};
	const typeFor = (): number => {
		if (rng() >= 0.08) return type;
		if (type === 2) return rng() < 0.6 ? 0 : 1;
		if (type === 3) return rng() < 0.7 ? 0 : 1;
		return rng() < 0.6 ? 2 : 3;
	};

	// --- vulnerabilities and indicators (baseline) --------------------------------
	const sexual = type === 0 || type === 2;
	const criminal = type === 1 || type === 2;
	const flagP = [
		0.3,
		criminal ? 0.42 : 0.28,
		criminal ? 0.45 : type === 3 ? 0.1 : 0.06,
		criminal ? 0.14 : 0.04,
		sexual ? (sex === 0 ? 0.45 : 0.15) : 0.03,
		0.35,
		0.26 + 0.18 * (d0 / LAST),
		sexual ? (sex === 0 ? 0.26 : 0.05) : 0.03,
		sex === 0 ? 0.26 : 0.12,
		0.36
	];
	let flags = 0;
	for (let f = 0; f < N_FLAGS; f++) if (rng() < flagP[f]) flags |= 1 << f;
	const has = (f: number): boolean => (flags & (1 << f)) !== 0;

	// --- which agencies know the child, and from when ------------------------------
	const nAg = 1 + pickW(rng, AGENCY_COUNT_CUM);
	const w = AGENCY_W.slice();
	if (lac) w[AG_CSC] *= 1.6;
	const start = [-1, -1, -1, -1];
	for (let k = 0; k < nAg; k++) {
		let total = 0;
		for (let a = 0; a < 4; a++) if (start[a] < 0) total += w[a];
		let u = rng() * total;
		let ag = 0;
		for (let a = 0; a < 4; a++) {
			if (start[a] >= 0) continue;
			ag = a;
			u -= w[a];
			if (u < 0) break;
		}
		const offset = k === 0 ? 0 : rng() < 0.3 ? randInt(rng, 0, 20) : Math.floor(rng() * rng() * 200);
		start[ag] = Math.min(lastDay, d0 + offset);
	}

	// --- missing episodes ------------------------------------------------------
	let pMiss = lac ? 0.6 : 0.2;
	if (cat0 === 3) pMiss += 0.1;
	let eps: Episode[] = [];
	if (rng() < pMiss) {
		const repeat = rng() < (lac ? 0.45 : 0.22);
		const n = repeat ? 3 + Math.min(12, Math.floor(rng() * rng() * 14)) : rng() < 0.7 ? 1 : 2;
		eps = makeEpisodes(rng, Math.max(0, d0 - 60), Math.min(lastDay, d0 + 300), n, repeat, lac);
		// A few children recently identified are still missing when the data are extracted.
		const lastEp = eps.length > 0 ? eps[eps.length - 1] : undefined;
		if (lastDay === LAST && d0 > LAST - 300 && rng() < 0.25 && lastEp !== undefined && lastEp.end >= 0 && lastEp.end < (LAST - 3) * 1440) {
			eps.push({ start: (LAST - randInt(rng, 0, 2)) * 1440 + pickW(rng, HOUR_CUM) * 60 + randInt(rng, 0, 59), end: -1 });
		}
	}
	const epDays = eps.map((e) => Math.floor((e.start < 0 ? -e.start - 1 : e.start) / 1440));
	const missingNear = (day: number): boolean => {
		for (const d of epDays) if (d >= day - 120 && d <= day + 14) return true;
		return false;
	};
	const missingBaseline = rng() < 0.08; // missing episodes recorded elsewhere
	const yesNo = (b: boolean): string => (b ? 'Yes' : 'No');
	const yn = (b: boolean): string => (b ? 'Y' : 'N');

	// --- police referrals ----------------------------------------------------------
	if (start[AG_POLICE] >= 0) {
		let day = start[AG_POLICE];
		for (let r = 0; r < 2; r++) {
			const lvl = agencyLevel(day);
			let close = day + randInt(rng, 14, 240);
			if (close >= bday18) close = bday18 - 1;
			const closed = close <= LAST;
			const payload = `${id},${DMY[day]},${LEVEL_POLICE[lvl]},${TYPE_POLICE[typeFor()]},${SEX_POLICE[sex]},${ageOn(by, bm, bd, day)},${rng() < 0.06 ? 'Not stated' : ETH_BROAD[eth]},${homeCode},${yesNo(missingNear(day) || missingBaseline)},${yesNo(lac)},${closed ? 'Closed' : 'Open'},${closed ? DMY[close] : ''}`;
			sink.police[D_MONTH[day]].push(`${padN(day, 4)}${id}${r}\t${payload}`);
			sink.rows++;
			addLocations(rng, sink, day, 0, type, home, 1.2);
			// A few children are referred again in a later period.
			if (!closed || rng() >= 0.08) break;
			const next = close + randInt(rng, 30, 300);
			if (next > lastDay || Math.floor(D_MONTH[next] / 6) === Math.floor(D_MONTH[day] / 6)) break;
			day = next;
		}
	}

	// --- children's social care SERAF assessments ----------------------------------
	if (start[AG_CSC] >= 0) {
		const rows: string[] = [];
		let day = weekday(start[AG_CSC]);
		if (day >= bday18) day = start[AG_CSC];
		let closeDay = -1;
		for (let n = 1; ; n++) {
			const score = noisy(day, 2 + (kind === 1 ? 3 : 0));
			const cat = levelOf(score) + 1;
			const present = (f: number): boolean => (has(f) ? rng() < 0.55 + 0.45 * Math.min(1, score / 16) : rng() < 0.04 * (score / 16));
			const age = ageOn(by, bm, bd, day);
			const f: string[] = [];
			f.push(missingNear(day) || (missingBaseline && rng() < 0.5) ? '1' : '0');
			for (let k = 0; k < N_FLAGS; k++) f.push(present(k) ? '1' : '0');
			rows.push(
				`${ISO[day]},${score},${cat},${TYPE_CSC[n === 1 ? typeFor() : type]},${SEX_CSC[sex]},${mob},${ETH_DFE[eth]},${disability ? 'Y' : 'N'},${homeCode},${lac ? 1 : 0},${careLeaver && age >= 16 ? 1 : 0},${f.join(',')}`
			);
			addLocations(rng, sink, day, 1, type, home, n === 1 ? 1.0 : 0.3);
			// Decide whether the case closes after this assessment.
			if ((score <= 5 && (n >= 2 || rng() < 0.7)) || (score <= 10 && n >= 3 && rng() < 0.5)) {
				closeDay = day + randInt(rng, 7, 28);
			} else if (n >= 10) {
				closeDay = day + randInt(rng, 14, 60);
			}
			if (closeDay >= 0) {
				if (closeDay >= bday18) closeDay = bday18 - 1;
				break;
			}
			const due = day + randInt(rng, 84, 100);
			if (due >= bday18) {
				closeDay = bday18 - 1; // transition to adult services
				break;
			}
			if (due > LAST) break; // still open at the end of the data
			const next = weekday(due);
			if (next >= bday18 || next <= day) break;
			day = next;
		}
		const closed = closeDay >= 0 && closeDay <= LAST;
		const tail = closed ? `,closed,${ISO[closeDay]}` : ',open,';
		rows.forEach((row, k) => {
			sink.csc[hexBucket].push(`${id}${row.slice(0, 10)}${k}\t${id},${row}${tail}`);
		});
		sink.rows += rows.length;
	}

	// --- health concerns -------------------------------------------------------------
	if (start[AG_HEALTH] >= 0) {
		let day = start[AG_HEALTH];
		if (rng() < 0.85) {
			const wd = weekday(day);
			if (wd < bday18) day = wd;
		}
		const n = pickW(rng, cum([0.65, 0.25, 0.1])) + 1;
		const nhsEth = rng() < 0.07 ? 'Z' : ETH_NHS[eth];
		for (let k = 0; k < n; k++) {
			const lvl = agencyLevel(day);
			const sh = has(FLAG_SEXUAL_HEALTH) || (sexual && rng() < 0.1);
			const payload = `${id},${DMY[day]},${LEVEL_HEALTH[lvl]},${TYPE_HEALTH[typeFor()]},${SEX_HEALTH[sex]},${ageOn(by, bm, bd, day)},${nhsEth},${homeCode},${yn(sh)},${yn(has(FLAG_SELF_HARM))},${yn(has(FLAG_SUBSTANCE))},${yn(has(FLAG_MENTAL) || rng() < 0.1)},${yn(lac)}`;
			sink.health[D_MONTH[day]].push(`${padN(day, 4)}${id}${k}\t${payload}`);
			sink.rows++;
			day += randInt(rng, 14, 120);
			if (day > lastDay) break;
		}
	}

	// --- voluntary sector referrals ----------------------------------------------------
	if (start[AG_VOL] >= 0) {
		let day = start[AG_VOL];
		const wd = weekday(day);
		if (wd < bday18) day = wd;
		const volEth = rng() < 0.1 ? 'Not stated' : ETH_BROAD[eth];
		const unk = (b: boolean): string => (rng() < 0.1 ? '' : yesNo(b));
		for (let k = 0; k < 2; k++) {
			const lvl = agencyLevel(day);
			const payload = `${id},${DMY[day]},${LEVEL_VOL[lvl]},${TYPE_VOL[typeFor()]},${SEX_VOL[sex]},${ageOn(by, bm, bd, day)},${volEth},${homeCode},${unk(missingNear(day) || missingBaseline)},${unk(lac)},${unk(has(FLAG_ONLINE))},${unk(has(FLAG_OLDER))},${unk(has(FLAG_GIFTS))}`;
			sink.voluntary[D_MONTH[day]].push(`${padN(day, 4)}${id}${k}\t${payload}`);
			sink.rows++;
			addLocations(rng, sink, day, 2, type, home, 1.0);
			if (rng() >= 0.08) break;
			day += randInt(rng, 150, 400);
			if (day > lastDay) break;
			if (weekday(day) <= lastDay) day = weekday(day);
		}
	}

	// --- missing episodes (emitted last so the flags above could refer to them) ------
	if (eps.length > 0) {
		emitEpisodes(rng, sink, id, eps, placement, home, (day) => rng() < (sexual ? (day >= d0 - 30 ? 0.8 : 0.4) : 0.25), hotspotChild || sexual);
	}
}

// ---------------------------------------------------------------------------
// Static files: areas, boundaries, population
// ---------------------------------------------------------------------------

function writeText(path: string, text: string): void {
	const fd = openSync(path, 'w');
	try {
		writeSync(fd, text);
	} finally {
		closeSync(fd);
	}
}

function featureCollection(features: Array<{ properties: Record<string, string>; ring: number[][] }>): string {
	const lines = features.map((f) => JSON.stringify({ type: 'Feature', properties: f.properties, geometry: { type: 'Polygon', coordinates: [f.ring] } }));
	return '{"type":"FeatureCollection","features":[\n' + lines.join(',\n') + '\n]}\n';
}

const AGE_BANDS = ['0-9', '10-12', '13-15', '16-17'];
const AGE_BAND_SHARE = [10 / 18, 3 / 18, 3 / 18, 2 / 18];

function writeStatic(outDir: string, rng: Rng): { files: string[]; records: number } {
	const files: string[] = [];
	let records = 0;

	// areas.csv
	let text = HEADERS.areas + '\n';
	for (const a of AREAS) {
		const w = WARDS[a.ward];
		text += `${a.code},${csvField(a.name)},${w.code},${csvField(w.name)},${LA_CODE},${LA_NAME}\n`;
	}
	const areasPath = join(outDir, FILE_NAMES.areas);
	writeText(areasPath, text);
	files.push(areasPath);
	records += AREAS.length;

	// boundaries
	const geo = buildGeometry(rng);
	const smallPath = join(outDir, FILE_NAMES.smallAreas);
	writeText(
		smallPath,
		featureCollection(AREAS.map((a, i) => ({ properties: { LSOA21CD: a.code, LSOA21NM: a.name, WD24CD: WARDS[a.ward].code }, ring: geo.cells[i] })))
	);
	const wardsPath = join(outDir, FILE_NAMES.wards);
	writeText(wardsPath, featureCollection(WARDS.map((w, i) => ({ properties: { WD24CD: w.code, WD24NM: w.name, LAD24CD: LA_CODE }, ring: geo.wards[i] }))));
	files.push(smallPath, wardsPath);
	records += AREAS.length + WARDS.length;

	// population.csv: children 0-17 per area, mid-2023..2025, slowly changing.
	const pop2024 = new Float64Array(N_AREAS);
	text = HEADERS.population + '\n';
	AREAS.forEach((a, i) => {
		const base = 250 + Math.round(140 * ((rng() + rng() + rng()) / 3)) + (HOTSPOTS.includes(i) || DEPRIVED_ESTATES.includes(i) ? 25 : 0);
		const growth = -0.015 + rng() * 0.035; // per year
		const shares = AGE_BAND_SHARE.map((s) => s * (0.92 + rng() * 0.16));
		const shareSum = shares.reduce((x, y) => x + y, 0);
		for (let y = 0; y < 3; y++) {
			let total = base;
			for (let k = 0; k < y; k++) total *= 1 + growth;
			total = Math.min(420, Math.max(250, Math.round(total)));
			if (y === 1) pop2024[i] = total;
			let rest = total;
			for (let b = 0; b < 4; b++) {
				const n = b < 3 ? Math.round((total * shares[b]) / shareSum) : rest;
				rest -= n;
				text += `${a.code},${2023 + y},${AGE_BANDS[b]},${n}\n`;
			}
		}
	});
	const popPath = join(outDir, FILE_NAMES.population);
	writeText(popPath, text);
	files.push(popPath);
	records += N_AREAS * 3 * 4;

	// Area distributions used for children's home areas and locations.
	const early = Array.from(pop2024);
	HOTSPOTS.forEach((a) => (early[a] *= 4.5));
	CENTRE_FRINGE.forEach((a) => (early[a] *= 1.6));
	DEPRIVED_ESTATES.forEach((a) => (early[a] *= 1.4));
	const final = early.slice();
	final[EMERGING] *= 8;
	EMERGING_FRINGE.forEach((a) => (final[a] *= 1.8));
	AREA_POP_CUM = cum(Array.from(pop2024));
	HOME_CUM_EARLY = cum(early);
	HOME_CUM_FINAL = cum(final);

	return { files, records };
}

// ---------------------------------------------------------------------------
// Main entry point
// ---------------------------------------------------------------------------

const CHUNK = 4096;

export async function generateSamples(opts: GenerateOptions): Promise<GenerateResult> {
	const children = Math.floor(opts.children);
	if (!Number.isFinite(children) || children < 1) throw new Error(`children must be a positive integer, got ${opts.children}`);
	if (!Number.isInteger(opts.seed)) throw new Error(`seed must be an integer, got ${opts.seed}`);
	const outDir = resolve(opts.outDir);
	mkdirSync(outDir, { recursive: true });
	const tmpDir = join(outDir, '.generate-tmp');
	rmSync(tmpDir, { recursive: true, force: true });
	mkdirSync(tmpDir);

	const seed32 = opts.seed >>> 0;
	const ctx: Ctx = {
		seedHash: fmix32(seed32 ^ 0x5bd1e995),
		idSalt: fmix32(seed32 ^ 0x27d4eb2f),
		idMask: fmix32(seed32 ^ 0x165667b1)
	};

	try {
		const statics = writeStatic(outDir, mulberry32(fmix32(seed32 ^ 0x1b873593)));
		const files = statics.files;
		let records = statics.records;

		// Agency files, child by child, in chunks.
		const locations = new Int32Array(MONTHS * N_AREAS * LOCATION_TYPES.length * LOC_AGENCIES.length);
		const bucketPath = (f: BucketFile, b: number): string => join(tmpDir, `${f}-${padN(b, 2)}.txt`);
		for (let c0 = 0; c0 < children; c0 += CHUNK) {
			const sink: Sink = {
				police: emptyBuckets(MONTHS),
				csc: emptyBuckets(16),
				health: emptyBuckets(MONTHS),
				voluntary: emptyBuckets(MONTHS),
				missing: emptyBuckets(MONTHS),
				locations,
				rows: 0
			};
			const c1 = Math.min(children, c0 + CHUNK);
			for (let i = c0; i < c1; i++) generateChild(ctx, i, sink);
			records += sink.rows;
			for (const f of BUCKET_FILES) {
				sink[f].forEach((lines, b) => {
					if (lines.length > 0) appendFileSync(bucketPath(f, b), lines.join('\n') + '\n');
				});
			}
		}

		// Sort each bucket and append it to the final file.
		const finalName: Record<BucketFile, string> = {
			police: FILE_NAMES.police,
			csc: FILE_NAMES.csc,
			health: FILE_NAMES.health,
			voluntary: FILE_NAMES.voluntary,
			missing: FILE_NAMES.missing
		};
		for (const f of BUCKET_FILES) {
			const path = join(outDir, finalName[f]);
			const fd = openSync(path, 'w');
			try {
				writeSync(fd, HEADERS[f] + '\n');
				const refCounter = new Map<number, number>();
				for (let b = 0; b < BUCKET_COUNT[f]; b++) {
					let content: string;
					try {
						content = readFileSync(bucketPath(f, b), 'utf8');
					} catch {
						continue;
					}
					const lines = content.split('\n');
					lines.pop();
					lines.sort();
					const out: string[] = [];
					for (const line of lines) {
						const tab = line.indexOf('\t');
						const payload = line.slice(tab + 1);
						if (f === 'police') {
							// Reference numbers run in date order within each calendar year.
							const year = D_Y[Number(line.slice(0, 4))];
							const n = (refCounter.get(year) ?? 0) + 1;
							refCounter.set(year, n);
							out.push(`NBP-${year % 100}-${padN(n, 6)},${payload}`);
						} else out.push(payload);
					}
					writeSync(fd, out.join('\n') + '\n');
				}
			} finally {
				closeSync(fd);
			}
			files.push(path);
		}

		// locations-of-concern.csv: aggregated, nonzero rows only.
		const locPath = join(outDir, FILE_NAMES.locations);
		const fd = openSync(locPath, 'w');
		try {
			writeSync(fd, HEADERS.locations + '\n');
			let idx = 0;
			for (let m = 0; m < MONTHS; m++) {
				const out: string[] = [];
				for (let a = 0; a < N_AREAS; a++)
					for (let t = 0; t < LOCATION_TYPES.length; t++)
						for (let g = 0; g < LOC_AGENCIES.length; g++, idx++) {
							const n = locations[idx];
							if (n > 0) out.push(`${MONTH_LABEL[m]},${AREAS[a].code},${LOCATION_TYPES[t]},${n},${LOC_AGENCIES[g]}`);
						}
				if (out.length > 0) writeSync(fd, out.join('\n') + '\n');
				records += out.length;
			}
		} finally {
			closeSync(fd);
		}
		files.push(locPath);

		return { files, records };
	} finally {
		rmSync(tmpDir, { recursive: true, force: true });
	}
}

// ---------------------------------------------------------------------------
// CLI
// ---------------------------------------------------------------------------

function parseArgs(argv: string[]): GenerateOptions {
	const opts: GenerateOptions = { children: DEFAULTS.children, seed: DEFAULTS.seed, outDir: DEFAULTS.outDir };
	for (let i = 0; i < argv.length; i++) {
		let arg = argv[i];
		let value: string | undefined;
		const eq = arg.indexOf('=');
		if (arg.startsWith('--') && eq > 0) {
			value = arg.slice(eq + 1);
			arg = arg.slice(0, eq);
		}
		const next = (): string => {
			if (value !== undefined) return value;
			const v = argv[++i];
			if (v === undefined) throw new Error(`${arg} needs a value`);
			return v;
		};
		const integer = (s: string): number => {
			if (!/^-?\d+$/.test(s)) throw new Error(`${arg} expects an integer, got "${s}"`);
			return Number(s);
		};
		switch (arg) {
			case '--children':
				opts.children = integer(next());
				break;
			case '--seed':
				opts.seed = integer(next());
				break;
			case '--out':
				opts.outDir = next();
				break;
			case '-h':
			case '--help':
				console.log('Usage: npx tsx data-samples/generate.ts [--children N] [--seed S] [--out DIR]');
				process.exit(0);
				break;
			default:
				throw new Error(`unknown option ${arg}`);
		}
	}
	return opts;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
	const opts = parseArgs(process.argv.slice(2));
	const t0 = performance.now();
	generateSamples(opts).then(
		({ files, records }) => {
			const secs = ((performance.now() - t0) / 1000).toFixed(1);
			console.log(`Wrote ${files.length} files, ${records} records to ${resolve(opts.outDir)} in ${secs}s (children ${opts.children}, seed ${opts.seed})`);
		},
		(err: unknown) => {
			console.error(err instanceof Error ? err.message : err);
			process.exit(1);
		}
	);
}
