/**
 * Reporting periods. Six-monthly reports follow financial-year halves (April–September and
 * October–March, DfE's "Part 1"/"Part 2") by default, or calendar halves where a partnership
 * prefers. Dates are ISO strings (`YYYY-MM-DD`), never JS Dates, so no time zone can move a
 * record into the wrong month.
 */
export type PeriodScheme = 'financial' | 'calendar';

export interface Period {
	/** First day, inclusive. */
	start: string;
	/** Last day, inclusive. */
	end: string;
	label: string;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const iso = (y: number, m: number, d: number) =>
	`${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

function daysInMonth(y: number, m: number): number {
	return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function parts(date: string): [number, number] {
	return [Number(date.slice(0, 4)), Number(date.slice(5, 7))];
}

/** The period that starts in month `m` (1–12) of year `y` and runs six months. */
function sixMonthsFrom(y: number, m: number): Period {
	const endMonthIndex = m - 1 + 5;
	const ey = y + Math.floor(endMonthIndex / 12);
	const em = (endMonthIndex % 12) + 1;
	const label = ey === y ? `${MONTHS[m - 1]}–${MONTHS[em - 1]} ${y}` : `${MONTHS[m - 1]} ${y}–${MONTHS[em - 1]} ${ey}`;
	return { start: iso(y, m, 1), end: iso(ey, em, daysInMonth(ey, em)), label };
}

/** The period containing `date`. */
export function periodContaining(date: string, scheme: PeriodScheme = 'financial'): Period {
	const [y, m] = parts(date);
	if (scheme === 'calendar') return sixMonthsFrom(y, m <= 6 ? 1 : 7);
	if (m >= 4 && m <= 9) return sixMonthsFrom(y, 4);
	return m >= 10 ? sixMonthsFrom(y, 10) : sixMonthsFrom(y - 1, 10);
}

/** The period `n` periods after `p` (negative for earlier). */
export function shiftPeriod(p: Period, n: number, scheme: PeriodScheme = 'financial'): Period {
	const [y, m] = parts(p.start);
	const index = y * 12 + (m - 1) + 6 * n;
	return periodContaining(iso(Math.floor(index / 12), (index % 12) + 1, 1), scheme);
}

export const previousPeriod = (p: Period, scheme: PeriodScheme = 'financial') => shiftPeriod(p, -1, scheme);
export const samePeriodLastYear = (p: Period, scheme: PeriodScheme = 'financial') => shiftPeriod(p, -2, scheme);

/**
 * The latest period that is over (ended before `today`) and whose final month has data, so a
 * period is never reported half-collected. Null when no period qualifies.
 */
export function latestCompletePeriod(lastDataDate: string, today: string, scheme: PeriodScheme = 'financial'): Period | null {
	let p = periodContaining(lastDataDate, scheme);
	const lastDataMonth = lastDataDate.slice(0, 7);
	while (p.end >= today || p.end.slice(0, 7) > lastDataMonth) {
		p = previousPeriod(p, scheme);
		if (p.end < '2000-01-01') return null;
	}
	return p;
}

/**
 * The mid-year population estimate to use as the denominator for a period: DfE uses the year
 * before its reporting year ends (mid-2024 for the year ending March 2025).
 */
export function denominatorYear(p: Period, scheme: PeriodScheme = 'financial'): number {
	const [y, m] = parts(p.start);
	if (scheme === 'calendar') return y - 1;
	const reportingYearEnds = m >= 4 ? y + 1 : y;
	return reportingYearEnds - 1;
}

/** Every month (first day, ISO) from `from` to `to`, inclusive. */
export function monthsBetween(from: string, to: string): string[] {
	const out: string[] = [];
	let [y, m] = parts(from);
	const [ty, tm] = parts(to);
	while (y < ty || (y === ty && m <= tm)) {
		out.push(iso(y, m, 1));
		m += 1;
		if (m > 12) [y, m] = [y + 1, 1];
	}
	return out;
}

/** The first day of the month `months − 1` months before `date`'s month: a window of `months` months ending with it. */
export function monthsBack(date: string, months: number): string {
	const [y, m] = parts(date);
	const index = y * 12 + (m - 1) - (months - 1);
	return iso(Math.floor(index / 12), (index % 12) + 1, 1);
}

export function monthLabel(month: string): string {
	const [y, m] = parts(month);
	return `${MONTHS[m - 1]} ${y}`;
}

/** Every complete period from the one containing `firstDataDate` to the latest complete one, newest first. */
export function completePeriods(firstDataDate: string, lastDataDate: string, today: string, scheme: PeriodScheme = 'financial'): Period[] {
	const out: Period[] = [];
	let p = latestCompletePeriod(lastDataDate, today, scheme);
	while (p && p.end >= firstDataDate) {
		out.push(p);
		p = previousPeriod(p, scheme);
	}
	return out;
}

/**
 * The period a label names, in `scheme`, or null when the label names no period of that scheme.
 * Accepts the labels `periodContaining` makes ("Apr–Sep 2024", "Oct 2024–Mar 2025"), the same
 * with a hyphen for the dash (what people type), and the financial-year form "Oct–Mar 2024/25".
 * Case and spacing around the dash do not matter.
 */
export function parsePeriod(label: string, scheme: PeriodScheme = 'financial'): Period | null {
	const text = label.trim().replace(/\s*[–—-]\s*/g, '–').replace(/\s+/g, ' ');
	const month = (name: string) => MONTHS.findIndex((m) => m.toLowerCase() === name.toLowerCase()) + 1;
	let startMonth: number;
	let startYear: number;
	let endMonth: number;
	let endYear: number;
	let m: RegExpMatchArray | null;
	if ((m = text.match(/^([a-z]{3})–([a-z]{3}) (\d{4})$/i))) {
		[startMonth, endMonth, startYear] = [month(m[1]), month(m[2]), Number(m[3])];
		endYear = endMonth < startMonth ? startYear + 1 : startYear;
		// "Oct–Mar 2024" is ambiguous (which year ends it?): only a period within one year reads this way.
		if (endYear !== startYear) return null;
	} else if ((m = text.match(/^([a-z]{3}) (\d{4})–([a-z]{3}) (\d{4})$/i))) {
		[startMonth, startYear, endMonth, endYear] = [month(m[1]), Number(m[2]), month(m[3]), Number(m[4])];
	} else if ((m = text.match(/^([a-z]{3})–([a-z]{3}) (\d{4})\/(\d{2}|\d{4})$/i))) {
		[startMonth, endMonth, startYear] = [month(m[1]), month(m[2]), Number(m[3])];
		endYear = m[4].length === 2 ? Math.floor(startYear / 100) * 100 + Number(m[4]) : Number(m[4]);
		// The year after a century's last year ("2099/00").
		if (endYear < startYear) endYear += 100;
		if (endYear !== startYear + 1) return null;
	} else {
		return null;
	}
	if (!startMonth || !endMonth) return null;
	const period = periodContaining(iso(startYear, startMonth, 1), scheme);
	const wantedEnd = `${String(endYear).padStart(4, '0')}-${String(endMonth).padStart(2, '0')}`;
	return period.start === iso(startYear, startMonth, 1) && period.end.slice(0, 7) === wantedEnd ? period : null;
}

/** How a scheme's periods are described to a user, e.g. in the period picker. */
export const PERIOD_SCHEME_LABELS: Record<PeriodScheme, string> = {
	financial: 'April–September and October–March',
	calendar: 'January–June and July–December'
};
