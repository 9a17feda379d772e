/**
 * The baseline for the Summary: papaparse + plain JavaScript computing the same figures as
 * src/lib/measures/summary.ts from CSV rows held in memory, the way a dashboard without a
 * database would. The rows are the canonical tables (written as CSV by native DuckDB from the
 * tables the page loaded), so the baseline answers from the same records as the app; parsing
 * them is timed apart (`parse_ms`), the figures are what the case times.
 *
 * The counting rules are cohort-sql.ts's and child-population.ts's, restated in JavaScript:
 * active records, one row per child, latest risk level (higher level on a same-day tie), new to
 * the partnership, looked after, went missing (flag on a record dated in the period, or a
 * missing episode starting in it), several agencies, population and rate, and the monthly trend.
 * Only the period arithmetic (which period, which months) is borrowed from the app's periods.ts.
 */
import Papa from 'papaparse';
import {
	denominatorYear, latestCompletePeriod, monthsBack, monthsBetween, previousPeriod, samePeriodLastYear, type Period, type PeriodScheme
} from '$lib/measures/periods';

type CsvRow = Record<string, string>;

interface Concern {
	child: string;
	agency: string;
	on: string;
	closed: string | null;
	open: boolean;
	level: string | null;
	rank: number;
	lookedAfter: boolean;
	missingFlag: boolean;
}

interface Store {
	concerns: Concern[];
	missingStarts: { child: string; on: string }[];
	areas: CsvRow[];
	population: { area: string; year: number; from: number; to: number; count: number }[];
	firstSeen: Map<string, string>;
}

let store: Store | null = null;

const RANK: Record<string, number> = { high: 4, medium: 3, low: 2, none: 1 };
const LEVEL_ORDER = ['high', 'medium', 'low', 'none', 'not_recorded'];
const blank = (s: string | undefined) => (s === undefined || s === '' ? null : s);

/** Fetch (untimed) and parse (timed apart) the canonical tables' CSVs. */
export async function baselineLoadTables(base: string) {
	store = null;
	window.gc?.();
	const texts = await Promise.all(['concerns', 'missing_episodes', 'areas', 'population'].map(async (t) => {
		const res = await fetch(`${base}/${t}.csv`);
		// (The preview server answers a missing file with the page itself.)
		if (!res.ok || res.headers.get('content-type')?.includes('html')) throw new Error(`${t}.csv: HTTP ${res.status}`);
		return res.text();
	}));
	const t0 = performance.now();
	const [c, m, a, p] = texts.map((text) => Papa.parse<CsvRow>(text, { header: true, skipEmptyLines: true }).data);
	const concerns = c.map((r) => ({
		child: r.child_id,
		agency: r.agency,
		on: r.identified_on,
		closed: blank(r.closed_on),
		open: r.status === 'open',
		level: blank(r.risk_level),
		rank: RANK[r.risk_level] ?? 0,
		lookedAfter: r.looked_after === 'true',
		missingFlag: r.flag_missing === 'true'
	}));
	const firstSeen = new Map<string, string>();
	for (const r of concerns) {
		const f = firstSeen.get(r.child);
		if (f === undefined || r.on < f) firstSeen.set(r.child, r.on);
	}
	store = {
		concerns,
		missingStarts: m.map((r) => ({ child: r.child_id, on: r.started_at.slice(0, 10) })),
		areas: a,
		population: p.map((r) => ({ area: r.area_code, year: Number(r.year), from: Number(r.age_from), to: Number(r.age_to), count: Number(r.count) })),
		firstSeen
	};
	return { parse_ms: Math.round((performance.now() - t0) * 10) / 10, rows: { concerns: c.length, missing_episodes: m.length, areas: a.length, population: p.length } };
}

function cohort(s: Store, p: Period) {
	const children = new Map<string, { level: string | null; on: string; rank: number; lookedAfter: boolean; flagged: boolean; agencies: Set<string> }>();
	for (const r of s.concerns) {
		if (r.on > p.end || !(r.on >= p.start || (r.closed !== null && r.closed >= p.start) || (r.closed === null && r.open))) continue;
		let c = children.get(r.child);
		if (!c) children.set(r.child, (c = { level: null, on: '', rank: -1, lookedAfter: false, flagged: false, agencies: new Set() }));
		if (r.level !== null && (r.on > c.on || (r.on === c.on && r.rank > c.rank))) {
			c.level = r.level;
			c.on = r.on;
			c.rank = r.rank;
		}
		if (r.lookedAfter) c.lookedAfter = true;
		if (r.missingFlag && r.on >= p.start) c.flagged = true;
		c.agencies.add(r.agency);
	}
	const missing = new Set<string>();
	for (const e of s.missingStarts) if (e.on >= p.start && e.on <= p.end) missing.add(e.child);
	const out = { children: 0, newChildren: 0, continuingChildren: 0, multiAgencyChildren: 0, lookedAfter: 0, wentMissing: 0 };
	const levels: Record<string, number> = {};
	for (const [child, c] of children) {
		out.children++;
		if (s.firstSeen.get(child)! >= p.start) out.newChildren++;
		else out.continuingChildren++;
		if (c.agencies.size > 1) out.multiAgencyChildren++;
		if (c.lookedAfter) out.lookedAfter++;
		if (c.flagged || missing.has(child)) out.wentMissing++;
		const level = c.level ?? 'not_recorded';
		levels[level] = (levels[level] ?? 0) + 1;
	}
	return { cohort: out, byRiskLevel: LEVEL_ORDER.map((level) => ({ level, children: levels[level] ?? 0 })) };
}

function population(s: Store, year: number) {
	const las = new Set(s.areas.filter((a) => a.level === 'la' && s.areas.some((c) => c.parent_code === a.area_code)).map((a) => a.area_code));
	const levelOf = new Map(s.areas.map((a) => [a.area_code, a.level]));
	const usable = s.population.filter((r) => {
		const level = levelOf.get(r.area);
		return (level === 'small_area' || (level === 'la' && las.has(r.area))) && r.from >= 0 && r.to <= 17;
	});
	const exact = new Set(usable.filter((r) => r.from === 0 && r.to === 17).map((r) => `${r.area}|${r.year}`));
	const bands = usable.filter((r) => (exact.has(`${r.area}|${r.year}`) ? r.from === 0 && r.to === 17 : true));
	if (!bands.length) return { children: null, ages: null, year: null, requestedYear: year };
	const years = bands.map((r) => r.year);
	const earlier = years.filter((y) => y <= year);
	const chosen = earlier.length ? Math.max(...earlier) : Math.min(...years);
	const byLevel = new Map<string, { children: number; from: number; to: number }>();
	for (const r of bands) {
		if (r.year !== chosen) continue;
		const level = levelOf.get(r.area)!;
		const l = byLevel.get(level) ?? { children: 0, from: Infinity, to: -Infinity };
		l.children += r.count;
		l.from = Math.min(l.from, r.from);
		l.to = Math.max(l.to, r.to);
		byLevel.set(level, l);
	}
	const pick = byLevel.get('la') ?? byLevel.get('small_area')!;
	return { children: pick.children, ages: [pick.from, pick.to] as [number, number], year: chosen, requestedYear: year };
}

const rate = (count: number, pop: number | null) => (pop ? Math.round((count / pop) * 100_000) / 10 : null);

/** Month index (year × 12 + month) of an ISO date. */
const monthIndex = (iso: string) => Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7)) - 1;

function trend(s: Store, from: string, to: string) {
	const months = monthsBetween(from, to);
	const first = monthIndex(months[0]);
	const last = monthIndex(months[months.length - 1]);
	const active = months.map(() => new Set<string>());
	for (const r of s.concerns) {
		const start = monthIndex(r.on);
		// Last month the record is active in (cohort rule applied to months; see trends.ts).
		const end = r.closed !== null ? Math.max(start, monthIndex(r.closed)) : r.open ? Infinity : start;
		for (let m = Math.max(start, first); m <= Math.min(end, last); m++) active[m - first].add(r.child);
	}
	return months.map((month, k) => {
		let newChildren = 0;
		for (const child of active[k]) if (monthIndex(s.firstSeen.get(child)!) === first + k) newChildren++;
		return { month, children: active[k].size, newChildren };
	});
}

/** The Summary's figures, as summary() returns them. */
export function baselineSummary(options: { period?: Period; scheme: PeriodScheme; today: string }) {
	const s = store;
	if (!s) throw new Error('baselineLoadTables first');
	window.gc?.();
	const t0 = performance.now();
	let firstDate: string | null = null;
	let lastDate: string | null = null;
	for (const list of [s.concerns, s.missingStarts]) {
		for (const { on } of list) {
			if (firstDate === null || on < firstDate) firstDate = on;
			if (lastDate === null || on > lastDate) lastDate = on;
		}
	}
	const withChildren = s.areas.filter((a) => a.level === 'la' && s.areas.some((c) => c.parent_code === a.area_code)).map((a) => a.area_name);
	const partnershipName = withChildren.length
		? [...new Set(withChildren)].sort().join(' and ')
		: (s.areas.filter((a) => a.level === 'la').map((a) => a.area_name).sort()[0] ?? null);
	const period = options.period ?? latestCompletePeriod(lastDate!, options.today, options.scheme);
	if (!period || !firstDate || !lastDate) return { ms: performance.now() - t0, data: null };
	const figures = (p: Period) => {
		const { cohort: c, byRiskLevel } = cohort(s, p);
		const pop = population(s, denominatorYear(p, options.scheme));
		return { period: p, cohort: c, byRiskLevel, population: pop, ratePer10k: rate(c.children, pop.children) };
	};
	const trendStart = monthsBack(period.end, 36);
	const data = {
		partnershipName,
		scheme: options.scheme,
		current: figures(period),
		previous: figures(previousPeriod(period, options.scheme)),
		yearEarlier: figures(samePeriodLastYear(period, options.scheme)),
		trend: trend(s, trendStart < firstDate ? firstDate : trendStart, period.end),
		dataFrom: firstDate,
		dataTo: lastDate
	};
	return { ms: Math.round((performance.now() - t0) * 10) / 10, data };
}
