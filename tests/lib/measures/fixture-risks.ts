/**
 * A second hand-made partnership, for the core-risk, missing, data-quality and comparison
 * measures. Every expected value in the tests that use it was worked out by hand from these rows;
 * the reasoning sits beside each assertion.
 *
 * Current period: Apr–Sep 2025 (2025-04-01 … 2025-09-30).
 *
 * The cohort of the period is K1–K6 (six children). K7's only record is from March (the previous
 * period), K8's is from October (the next), and K6's 2024 record was closed in February.
 *
 * | child | records active in the period                         | looked after | care leaver | flags (any active record)          | missing episodes in the period |
 * |-------|------------------------------------------------------|--------------|-------------|------------------------------------|--------------------------------|
 * | K1    | Police 10 Apr                                        | yes          |             | substance, online                  | none                           |
 * | K2    | CSC 20 May                                           | yes          |             | gangs, self-harm, mental health    | e1, e2, e3 (from care)         |
 * | K3    | Health 15 Jun                                        | no           |             | older partner, sexual health, MH   | none                           |
 * | K4    | Police 1 Jul; Education 1 Aug                        | no / blank   |             | missing, CCE (Police); school, online (Education) | none            |
 * | K5    | Voluntary 30 Sep                                     | blank        | yes         | none                               | none                           |
 * | K6    | CSC 15 Jan 2025, still open (carried in)             | no           |             | substance                          | e4, e7 (from home)             |
 */
import type { Engine } from '$lib/db/engine';
import { CORE_RISK_FLAGS, type CoreRiskFlag } from '$lib/db/schema';

interface Concern {
	child: string;
	agency: string;
	on: string;
	level?: string;
	type?: string;
	sex?: string;
	birth?: string;
	age?: number;
	ethnic?: string;
	home?: string;
	lac?: boolean;
	leaver?: boolean;
	flags?: CoreRiskFlag[];
	/** Flags recorded as an explicit "no". */
	no?: CoreRiskFlag[];
	status?: string;
	closed?: string;
}

const str = (v: string | undefined) => (v === undefined ? 'NULL' : `'${v}'`);
const date = (v: string | undefined) => (v === undefined ? 'NULL' : `DATE '${v}'`);
const val = (v: number | boolean | undefined) => (v === undefined ? 'NULL' : String(v));

const CONCERN_COLUMNS = [
	'import_id', 'line', 'child_id', 'agency', 'identified_on', 'risk_level', 'exploitation_type', 'sex', 'birth_month', 'age_years',
	'ethnic_group', 'home_area', 'looked_after', 'care_leaver', ...CORE_RISK_FLAGS.map((f) => `flag_${f}`), 'status', 'closed_on'
];

const concern = (c: Concern, line: number) =>
	`(1, ${line}, '${c.child}', '${c.agency}', DATE '${c.on}', ${str(c.level)}, ${str(c.type)}, ${str(c.sex)}, ${date(c.birth)}, ${val(c.age)},
	  ${str(c.ethnic)}, ${str(c.home)}, ${val(c.lac)}, ${val(c.leaver)},
	  ${CORE_RISK_FLAGS.map((f) => (c.flags?.includes(f) ? 'true' : c.no?.includes(f) ? 'false' : 'NULL')).join(', ')},
	  ${str(c.status)}, ${date(c.closed)})`;

export const CONCERNS: Concern[] = [
	// K1: police, fully recorded, looked after.
	{ child: 'K1', agency: 'Police', on: '2025-04-10', level: 'high', type: 'cse', sex: 'female', birth: '2010-03-01', ethnic: 'white',
	  home: 'X01000001', lac: true, flags: ['substance', 'online'], status: 'open' },
	// K2: CSC, fully recorded, looked after; three missing episodes from care.
	{ child: 'K2', agency: 'CSC', on: '2025-05-20', level: 'medium', type: 'both', sex: 'female', birth: '2011-06-01', ethnic: 'mixed',
	  home: 'X01000002', lac: true, leaver: false, flags: ['gangs', 'self_harm', 'mental_health'], status: 'open' },
	// K3: a one-off health concern; age recorded, no ethnic group or home area; lives at home, never missing.
	{ child: 'K3', agency: 'Health', on: '2025-06-15', level: 'low', type: 'cse', sex: 'male', age: 15, lac: false,
	  flags: ['older_partner', 'sexual_health', 'mental_health'] },
	// K4: police (flagged missing, CCE; online explicitly "no") and education (school, online) records.
	{ child: 'K4', agency: 'Police', on: '2025-07-01', level: 'medium', type: 'cce', sex: 'male', ethnic: 'unknown', home: 'X01000001',
	  lac: false, flags: ['missing', 'cce'], no: ['online'], status: 'open' },
	{ child: 'K4', agency: 'Education', on: '2025-08-01', home: 'X01000001', flags: ['school', 'online'] },
	// K5: voluntary sector on the last day of the period; a care leaver, looked-after status blank, sex "unknown".
	{ child: 'K5', agency: 'Voluntary', on: '2025-09-30', type: 'cse', sex: 'unknown', age: 14, ethnic: 'black', home: 'X01000002',
	  leaver: true },
	// K6: CSC case opened in January and still open: carried into the period. Its 2024 case (trafficking) closed in February.
	{ child: 'K6', agency: 'CSC', on: '2025-01-15', level: 'high', type: 'cse', sex: 'female', birth: '2009-01-01', ethnic: 'white',
	  home: 'X01000001', lac: false, flags: ['substance'], status: 'open' },
	{ child: 'K6', agency: 'CSC', on: '2024-10-01', level: 'medium', type: 'cse', sex: 'female', flags: ['trafficking'], status: 'closed',
	  closed: '2025-02-01' },
	// K7: health concern in March (previous period only); has a missing episode in May.
	{ child: 'K7', agency: 'Health', on: '2025-03-01', level: 'medium' },
	// K8: police, 2 October: after the period.
	{ child: 'K8', agency: 'Police', on: '2025-10-02', level: 'low', status: 'open' }
];

interface Episode {
	id: string;
	child: string;
	start: string;
	end?: string;
	type?: 'missing' | 'away';
	setting?: 'home' | 'care';
	offered?: boolean;
	accepted?: boolean;
	rhiOn?: string;
}

export const EPISODES: Episode[] = [
	// Starts 31 Mar at 23:00: before the period, though it ends inside it.
	{ id: 'e0', child: 'K2', start: '2025-03-31 23:00', end: '2025-04-01 02:00', type: 'missing', setting: 'care' },
	// 12 hours; interview on 5 May, exactly 3 days after the end date (2 May): within 72 hours.
	{ id: 'e1', child: 'K2', start: '2025-05-01 20:00', end: '2025-05-02 08:00', type: 'missing', setting: 'care', offered: true, accepted: true, rhiOn: '2025-05-05' },
	// 6 hours; interview on 15 Jun, 4 days after the end date (11 Jun): one day too late.
	{ id: 'e2', child: 'K2', start: '2025-06-10 22:00', end: '2025-06-11 04:00', type: 'away', setting: 'care', offered: true, accepted: true, rhiOn: '2025-06-15' },
	// Still open: no end time.
	{ id: 'e3', child: 'K2', start: '2025-07-20 18:00', type: 'missing', setting: 'care' },
	// 36 hours; interview offered, declined.
	{ id: 'e4', child: 'K6', start: '2025-04-02 21:00', end: '2025-04-04 09:00', type: 'missing', setting: 'home', offered: true, accepted: false },
	// K7 is not in the cohort. 2 hours; nothing recorded about type or setting; interview not offered.
	{ id: 'e5', child: 'K7', start: '2025-05-05 10:00', end: '2025-05-05 12:00', offered: false },
	// Starts 30 Sep at 23:30, the period's last half hour; 20 hours; interview the next day.
	{ id: 'e7', child: 'K6', start: '2025-09-30 23:30', end: '2025-10-01 19:30', type: 'missing', setting: 'home', offered: true, accepted: true, rhiOn: '2025-10-02' },
	// Starts after the period.
	{ id: 'e8', child: 'K6', start: '2025-10-01 00:30', end: '2025-10-01 05:00', type: 'missing', setting: 'home' }
];

const episode = (e: Episode, line: number) =>
	`(2, ${line}, '${e.child}', 'CSC', TIMESTAMP '${e.start}', ${e.end ? `TIMESTAMP '${e.end}'` : 'NULL'}, ${str(e.type)}, ${str(e.setting)},
	  ${val(e.offered)}, ${val(e.accepted)}, ${date(e.rhiOn)})`;

interface Published {
	period: string;
	level: string;
	code: string;
	name: string;
	measure: string;
	raw: string;
	/** Stored number; defaults to the raw cell read as a number, NULL for a symbol. */
	value?: number | null;
	importId?: number;
}

const LA = { level: 'Local authority', code: 'X06000099', name: 'Testshire' };
const REGION = { level: 'Regional', code: 'E12000006', name: 'East of England' };
const ENGLAND = { level: 'National', code: 'E92000001', name: 'England' };
const NEIGHBOUR = { level: 'Local authority', code: 'X06000098', name: 'Elsewhere' };

const five = (
	period: string,
	area: { level: string; code: string; name: string },
	raws: [string, string, string, string, string],
	importId = 3
): Published[] =>
	['Child_sexual_exploitation', 'Going_missing', 'Child_criminal_exploitation', 'Gangs', 'Trafficking'].map((measure, i) => ({
		period, ...area, measure, raw: raws[i], importId
	}));

export const PUBLISHED: Published[] = [
	// 2022 is the oldest year: beyond "latest 2".
	...five('2022', LA, ['20', '15', '5', '4', '1']),
	...five('2023', LA, ['25', '18', '7', 'c', '0']),
	...five('2024', LA, ['30', '22', '9', '6', 'c']),
	...five('2023', REGION, ['1,200', '900', '400', '300', '80']),
	...five('2024', REGION, ['1,250', '950', '420', '310', '85']),
	...five('2023', ENGLAND, ['15,000', '12,000', '14,000', '11,000', '2,000']),
	...five('2024', ENGLAND, ['15,270', '12,400', '16,940', '12,590', '2,250']),
	// The neighbour published 2023 only; its gangs figure is "x" (not available).
	...five('2023', NEIGHBOUR, ['40', '31', '12', 'x', '3']),
	// A second release (imported later) restates Testshire's 2024 CSE figure, with the column name in lower case.
	{ period: '2024', ...LA, measure: 'child_sexual_exploitation', raw: '31', importId: 4 },
	// A figure that rounds to zero, stored (wrongly) as 0 by some other loader: it must still not show as 0.
	{ period: '2023', ...ENGLAND, measure: 'Going missing', raw: 'low', value: 0, importId: 5 },
	// Other factors and a later year with only other factors: not compared, and they do not make 2025 "latest".
	{ period: '2024', ...LA, measure: 'Self_harm', raw: '50' },
	{ period: '2025', ...ENGLAND, measure: 'Self_harm', raw: '36,000' }
];

const published = (s: Published, line: number) => {
	const value = s.value !== undefined ? s.value : /^[\d,]+$/.test(s.raw) ? Number(s.raw.replaceAll(',', '')) : null;
	return `(${s.importId ?? 3}, ${line}, '${s.period}', 'Reporting year', '${s.level}', '${s.code}', '${s.name}',
	  'category=Factors identified at the end of assessment', '${s.measure}', ${value ?? 'NULL'}, '${s.raw}')`;
};

export async function loadRiskFixture(engine: Engine): Promise<void> {
	await engine.exec(`
		INSERT INTO concerns (${CONCERN_COLUMNS.join(', ')})
		VALUES ${CONCERNS.map((c, i) => concern(c, i + 2)).join(',\n')};
		INSERT INTO missing_episodes (import_id, line, child_id, agency, started_at, ended_at, missing_or_away, setting,
		                              rhi_offered, rhi_accepted, rhi_on)
		VALUES ${EPISODES.map((e, i) => episode(e, i + 2)).join(',\n')};
		INSERT INTO published_stats (import_id, line, time_period, time_identifier, geographic_level, area_code, area_name, breakdown,
		                             measure, value, raw_value)
		VALUES ${PUBLISHED.map((s, i) => published(s, i + 2)).join(',\n')};
		INSERT INTO imports (import_id, file_name, agency, kind, fingerprint, rows_read, rows_loaded, rows_rejected, imported_at) VALUES
			(1, 'concerns-2025.csv', 'Police', 'concerns', 'f1', 14, 10, 4, TIMESTAMP '2025-10-05 10:00'),
			(2, 'missing-2025.csv', 'CSC', 'missing_episodes', 'f2', 8, 8, 0, TIMESTAMP '2025-10-05 10:05'),
			(3, 'c3_factors_2018_to_2024.csv', 'Department for Education', 'published_stats', 'f3', 10, 9, 1, TIMESTAMP '2025-10-05 10:10'),
			(4, 'c3_factors_2024_revised.csv', 'Department for Education', 'published_stats', 'f4', 1, 1, 0, TIMESTAMP '2025-10-06 09:00');
		INSERT INTO rejected_rows (import_id, line, raw, reasons) VALUES
			(1, 3, 'x', ['REQ01:identified_on']),
			-- Two REQ01 reasons on one row: the row counts once for REQ01.
			(1, 7, 'x', ['REQ01:child_id', 'REQ01:identified_on', 'DAT01:identified_on']),
			(1, 9, 'x', ['COD01:risk_level']),
			(1, 12, 'x', ['DAT01:birth_month']),
			(3, 5, 'x', ['NUM01:Going_missing']);
		INSERT INTO areas (area_code, area_name, level, parent_code) VALUES
			('X06000099', 'Testshire', 'la', NULL),
			('X06000098', 'Elsewhere', 'la', NULL),
			('X05000001', 'Ward One', 'ward', 'X06000099'),
			('X05000002', 'Ward Two', 'ward', 'X06000099'),
			('X01000001', 'Testshire 001A', 'small_area', 'X05000001'),
			('X01000002', 'Testshire 002A', 'small_area', 'X05000002');
	`);
}
