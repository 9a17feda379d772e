import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { generateSamples } from '../../data-samples/generate.ts';

// The headers are the published shape of each file: pinned here literally on purpose.
const HEADERS: Record<string, string> = {
	'areas.csv': 'area_code,area_name,ward_code,ward_name,la_code,la_name',
	'population.csv': 'area_code,mid_year,age_band,population',
	'police-cse-referrals.csv':
		'Ref No,Subject ID,Date Identified,Risk Level,Exploitation Type,Gender,Age at Referral,Ethnicity,Home LSOA,Missing From Home,Looked After,Status,Date Closed',
	'csc-seraf-assessments.csv':
		'child_ref,assessment_date,seraf_score,seraf_category,exploitation_type,sex,month_of_birth,ethnicity_code,disability,home_area,looked_after,care_leaver,missing,school_exclusion,substance_misuse,gang_association,trafficking,older_partner,gifts_money,online_risk,sexual_health,self_harm,mental_health,case_status,closed_date',
	'health-exploitation-log.csv':
		'Patient Pseudo ID,Date of Concern,Concern Level,Concern Type,Sex,Age (yrs),Ethnic Group,Home LSOA,Sexual Health Concern,Self Harm,Substance Use,Mental Health Concern,LAC',
	'voluntary-sector-referrals.csv':
		'Case ID,Referral Date,Risk,Primary Concern,Gender,Age,Ethnicity,Home Area Code,Going Missing,In Care,Online Grooming,Older Partner,Gifts or Money',
	'missing-episodes.csv':
		'Child ID,Episode Start,Episode End,Placement Type,Missing/Away,Location Found (LSOA),RHI Offered,RHI Accepted,RHI Date,CSE Concern',
	'locations-of-concern.csv': 'Month,Area Code,Location Type,Count,Agency'
};
const GEOJSON = ['small-areas.geojson', 'wards.geojson'];
const ALL_FILES = [...Object.keys(HEADERS), ...GEOJSON].sort();

const FIRST_DAY = Date.UTC(2023, 9, 1);
const LAST_DAY = Date.UTC(2026, 8, 30);
const AREA = /^X01\d{6}$/;
const WARD = /^X05\d{6}$/;
const PSEUDONYM = /^NB-[0-9A-F]{8}$/;

type Row = Record<string, string>;

/** Minimal RFC 4180 parser (quotes, doubled quotes; LF line ends). */
function parseCsv(text: string): { header: string; rows: Row[] } {
	const records: string[][] = [];
	let field = '';
	let record: string[] = [];
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const ch = text[i];
		if (quoted) {
			if (ch === '"' && text[i + 1] === '"') {
				field += '"';
				i++;
			} else if (ch === '"') quoted = false;
			else field += ch;
		} else if (ch === '"') quoted = true;
		else if (ch === ',') {
			record.push(field);
			field = '';
		} else if (ch === '\n') {
			record.push(field);
			records.push(record);
			record = [];
			field = '';
		} else field += ch;
	}
	if (field !== '' || record.length > 0) {
		record.push(field);
		records.push(record);
	}
	const names = records[0];
	const rows = records.slice(1).map((r) => {
		expect(r.length).toBe(names.length);
		return Object.fromEntries(names.map((n, i) => [n, r[i]]));
	});
	return { header: text.slice(0, text.indexOf('\n')), rows };
}

/** Parse a date in the given format, checking it is a real calendar date; returns UTC ms. */
function parseDate(s: string, format: 'dmy' | 'iso' | 'dmy-hm' | 'ym'): number {
	const patterns = {
		dmy: /^(\d{2})\/(\d{2})\/(\d{4})$/,
		iso: /^(\d{4})-(\d{2})-(\d{2})$/,
		'dmy-hm': /^(\d{2})\/(\d{2})\/(\d{4}) (\d{2}):(\d{2})$/,
		ym: /^(\d{4})-(\d{2})$/
	};
	const m = patterns[format].exec(s);
	if (!m) throw new Error(`"${s}" is not ${format}`);
	const [y, mo, d, h, mi] =
		format === 'iso' ? [+m[1], +m[2], +m[3], 0, 0] : format === 'ym' ? [+m[1], +m[2], 1, 0, 0] : [+m[3], +m[2], +m[1], format === 'dmy-hm' ? +m[4] : 0, format === 'dmy-hm' ? +m[5] : 0];
	const t = Date.UTC(y, mo - 1, d, h, mi);
	const back = new Date(t);
	if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59) throw new Error(`"${s}" is not a real date`);
	return t;
}

function expectInPeriod(values: string[], format: 'dmy' | 'iso' | 'dmy-hm' | 'ym'): void {
	for (const v of values) {
		const t = parseDate(v, format);
		const day = Date.UTC(new Date(t).getUTCFullYear(), new Date(t).getUTCMonth(), new Date(t).getUTCDate());
		if (format === 'ym') expect(t >= Date.UTC(2023, 9, 1) && t <= Date.UTC(2026, 8, 1), v).toBe(true);
		else expect(day >= FIRST_DAY && day <= LAST_DAY, v).toBe(true);
	}
}

const dirs: string[] = [];
function tempDir(): string {
	const d = mkdtempSync(join(tmpdir(), 'cse-samples-test-'));
	dirs.push(d);
	return d;
}

let a = '';
let b = '';
let c = '';
const csv: Record<string, { header: string; rows: Row[] }> = {};

beforeAll(async () => {
	a = tempDir();
	b = tempDir();
	c = tempDir();
	await generateSamples({ children: 120, seed: 7, outDir: a });
	await generateSamples({ children: 120, seed: 7, outDir: b });
	await generateSamples({ children: 120, seed: 8, outDir: c });
	for (const f of Object.keys(HEADERS)) csv[f] = parseCsv(readFileSync(join(a, f), 'utf8'));
});

afterAll(() => {
	for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('data-samples generator', () => {
	it('writes exactly the expected files and returns them with a record count', async () => {
		expect(readdirSync(a).sort()).toEqual(ALL_FILES);
		const d = tempDir();
		const res = await generateSamples({ children: 30, seed: 1, outDir: d });
		expect(res.files.map((p) => basename(p)).sort()).toEqual(ALL_FILES);
		expect(res.records).toBeGreaterThan(120 + 20 + 120 + 1440);
	});

	it('is deterministic: the same seed and options give byte-identical files', () => {
		for (const f of ALL_FILES) expect(readFileSync(join(b, f)).equals(readFileSync(join(a, f))), f).toBe(true);
	});

	it('a different seed gives different files', () => {
		for (const f of ['police-cse-referrals.csv', 'csc-seraf-assessments.csv', 'missing-episodes.csv', 'small-areas.geojson'])
			expect(readFileSync(join(c, f)).equals(readFileSync(join(a, f))), f).toBe(false);
	});

	it('every CSV has exactly its header, UTF-8 without BOM, LF line ends', () => {
		for (const [f, header] of Object.entries(HEADERS)) {
			const text = readFileSync(join(a, f), 'utf8');
			expect(text.charCodeAt(0), f).not.toBe(0xfeff);
			expect(text.includes('\r'), f).toBe(false);
			expect(text.endsWith('\n'), f).toBe(true);
			expect(csv[f].header, f).toBe(header);
			expect(csv[f].rows.length, f).toBeGreaterThan(0);
		}
	});

	it('dates parse in their stated format and fall inside 1 Oct 2023 – 30 Sep 2026', () => {
		const col = (f: string, name: string): string[] => csv[f].rows.map((r) => r[name]).filter((v) => v !== '');
		expectInPeriod(col('police-cse-referrals.csv', 'Date Identified'), 'dmy');
		expectInPeriod(col('police-cse-referrals.csv', 'Date Closed'), 'dmy');
		expectInPeriod(col('csc-seraf-assessments.csv', 'assessment_date'), 'iso');
		expectInPeriod(col('csc-seraf-assessments.csv', 'closed_date'), 'iso');
		expectInPeriod(col('health-exploitation-log.csv', 'Date of Concern'), 'dmy');
		expectInPeriod(col('voluntary-sector-referrals.csv', 'Referral Date'), 'dmy');
		expectInPeriod(col('missing-episodes.csv', 'Episode Start'), 'dmy-hm');
		expectInPeriod(col('missing-episodes.csv', 'Episode End'), 'dmy-hm');
		expectInPeriod(col('missing-episodes.csv', 'RHI Date'), 'dmy');
		expectInPeriod(col('locations-of-concern.csv', 'Month'), 'ym');
		for (const r of csv['csc-seraf-assessments.csv'].rows) parseDate(r.month_of_birth, 'ym');
		// Closed rows have a closure date, open rows none; an episode ends after it starts.
		for (const r of csv['police-cse-referrals.csv'].rows) expect(r['Date Closed'] === '').toBe(r.Status === 'Open');
		for (const r of csv['csc-seraf-assessments.csv'].rows) expect(r.closed_date === '').toBe(r.case_status === 'open');
		for (const r of csv['missing-episodes.csv'].rows)
			if (r['Episode End']) expect(parseDate(r['Episode End'], 'dmy-hm')).toBeGreaterThan(parseDate(r['Episode Start'], 'dmy-hm'));
	});

	it('uses fictional X-prefixed area and ward codes', () => {
		const areas = csv['areas.csv'].rows;
		expect(areas.length).toBe(120);
		expect(new Set(areas.map((r) => r.ward_code)).size).toBe(20);
		for (const r of areas) {
			expect(r.area_code).toMatch(AREA);
			expect(r.ward_code).toMatch(WARD);
			expect(r.la_code).toBe('X06000001');
		}
		const known = new Set(areas.map((r) => r.area_code));
		const checks: Array<[string, string, boolean]> = [
			['population.csv', 'area_code', false],
			['police-cse-referrals.csv', 'Home LSOA', false],
			['csc-seraf-assessments.csv', 'home_area', false],
			['health-exploitation-log.csv', 'Home LSOA', false],
			['voluntary-sector-referrals.csv', 'Home Area Code', false],
			['missing-episodes.csv', 'Location Found (LSOA)', true],
			['locations-of-concern.csv', 'Area Code', false]
		];
		for (const [f, name, blankOk] of checks)
			for (const r of csv[f].rows) {
				if (blankOk && r[name] === '') continue;
				expect(r[name], `${f} ${name}`).toMatch(AREA);
				expect(known.has(r[name])).toBe(true);
			}
	});

	it('shares pseudonyms across agencies: some children are known to two and to three agencies', () => {
		const ids = {
			police: new Set(csv['police-cse-referrals.csv'].rows.map((r) => r['Subject ID'])),
			csc: new Set(csv['csc-seraf-assessments.csv'].rows.map((r) => r.child_ref)),
			health: new Set(csv['health-exploitation-log.csv'].rows.map((r) => r['Patient Pseudo ID'])),
			voluntary: new Set(csv['voluntary-sector-referrals.csv'].rows.map((r) => r['Case ID']))
		};
		const all = new Set([...ids.police, ...ids.csc, ...ids.health, ...ids.voluntary]);
		for (const id of all) expect(id).toMatch(PSEUDONYM);
		for (const r of csv['missing-episodes.csv'].rows) expect(r['Child ID']).toMatch(PSEUDONYM);
		const counts = [...all].map((id) => Object.values(ids).filter((s) => s.has(id)).length);
		expect(counts.filter((n) => n === 2).length).toBeGreaterThan(0);
		expect(counts.filter((n) => n >= 3).length).toBeGreaterThan(0);
		expect(counts.filter((n) => n === 1).length).toBeGreaterThan(all.size / 2);
		// Every child in the --children count appears somewhere.
		const everyone = new Set([...all, ...csv['missing-episodes.csv'].rows.map((r) => r['Child ID'])]);
		expect(everyone.size).toBe(120);
	});

	it('children are mostly aged 13–17, all 8–17, and more girls than boys', () => {
		const ages = [
			...csv['police-cse-referrals.csv'].rows.map((r) => Number(r['Age at Referral'])),
			...csv['health-exploitation-log.csv'].rows.map((r) => Number(r['Age (yrs)'])),
			...csv['voluntary-sector-referrals.csv'].rows.map((r) => Number(r.Age))
		];
		for (const age of ages) {
			expect(Number.isInteger(age)).toBe(true);
			expect(age).toBeGreaterThanOrEqual(8);
			expect(age).toBeLessThanOrEqual(17);
		}
		expect(ages.filter((x) => x >= 13 && x <= 17).length / ages.length).toBeGreaterThan(0.6);
		const police = csv['police-cse-referrals.csv'].rows;
		expect(police.filter((r) => r.Gender === 'F').length).toBeGreaterThan(police.filter((r) => r.Gender === 'M').length);
		const csc = csv['csc-seraf-assessments.csv'].rows;
		expect(csc.filter((r) => r.sex === 'Female').length).toBeGreaterThan(csc.filter((r) => r.sex === 'Male').length);
	});

	it('keeps each agency in its own vocabulary, SERAF score consistent with category', () => {
		for (const r of csv['police-cse-referrals.csv'].rows) {
			expect(['High', 'Medium', 'Low']).toContain(r['Risk Level']);
			expect(['CSE', 'CCE', 'CSE & CCE', 'Other']).toContain(r['Exploitation Type']);
			expect(['F', 'M', 'U']).toContain(r.Gender);
		}
		for (const r of csv['csc-seraf-assessments.csv'].rows) {
			const score = Number(r.seraf_score);
			const expected = score <= 5 ? 1 : score <= 10 ? 2 : score <= 15 ? 3 : 4;
			expect(Number(r.seraf_category)).toBe(expected);
			expect(['cse', 'cce', 'both', 'other']).toContain(r.exploitation_type);
		}
		for (const r of csv['health-exploitation-log.csv'].rows) {
			expect(['Emerging', 'Moderate', 'Significant']).toContain(r['Concern Level']);
			expect(r['Ethnic Group']).toMatch(/^[A-HJ-NPRSZ]$/);
		}
		for (const r of csv['voluntary-sector-referrals.csv'].rows) {
			expect(['At risk', 'Significant', 'Serious']).toContain(r.Risk);
			for (const f of ['Going Missing', 'In Care', 'Online Grooming', 'Older Partner', 'Gifts or Money']) expect(['Yes', 'No', '']).toContain(r[f]);
		}
		for (const r of csv['missing-episodes.csv'].rows) {
			expect(['Home', 'Foster care', 'Residential', 'Semi-independent']).toContain(r['Placement Type']);
			expect(['M', 'A']).toContain(r['Missing/Away']);
		}
		for (const r of csv['locations-of-concern.csv'].rows) expect(Number(r.Count)).toBeGreaterThanOrEqual(1);
	});

	it('GeoJSON has 120 small-area and 20 ward polygons with closed rings', () => {
		const expected: Record<string, { n: number; code: string; pattern: RegExp }> = {
			'small-areas.geojson': { n: 120, code: 'LSOA21CD', pattern: AREA },
			'wards.geojson': { n: 20, code: 'WD24CD', pattern: WARD }
		};
		for (const [f, { n, code, pattern }] of Object.entries(expected)) {
			const fc = JSON.parse(readFileSync(join(a, f), 'utf8'));
			expect(fc.type).toBe('FeatureCollection');
			expect(fc.features.length).toBe(n);
			for (const feat of fc.features) {
				expect(feat.properties[code]).toMatch(pattern);
				expect(feat.geometry.type).toBe('Polygon');
				const ring: number[][] = feat.geometry.coordinates[0];
				expect(ring.length).toBeGreaterThanOrEqual(4);
				expect(ring[ring.length - 1]).toEqual(ring[0]);
				// Counter-clockwise exterior ring (RFC 7946): positive signed area.
				let twiceArea = 0;
				for (let i = 0; i < ring.length - 1; i++) twiceArea += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
				expect(twiceArea).toBeGreaterThan(0);
				for (const [lon, lat] of ring) {
					expect(lon).toBeGreaterThan(-2);
					expect(lon).toBeLessThan(-1.6);
					expect(lat).toBeGreaterThan(52.8);
					expect(lat).toBeLessThan(53.1);
				}
			}
		}
	});
});
