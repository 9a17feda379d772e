/**
 * An area's profile against the whole partnership, for the map's side panel: the children at
 * risk whose home area is in the area, by age band and by sex, as counts and shares beside the
 * partnership's shares. Pure: the page runs the profile measures (measures/profile.ts), once with
 * the `ward` filter and once without, and this decides what may be printed.
 *
 * Disclosure as the panel does elsewhere: the map's threshold (10), board rules unless analyst
 * mode is on. Each table's cells add up to the total shown above them, so a lone hidden cell
 * could be worked out by subtraction: they are suppressed together (suppressWithTotal), and a
 * share is shown only where its count is. The partnership's column gets the same treatment.
 */
import { fewerThanText } from '$lib/geo/breaks';
import { formatCount, isSuppressed, suppressWithTotal, type DisclosedNumber } from '$lib/disclosure/suppress';

export interface ProfileCategory {
	label: string;
	children: number;
}

export interface ProfileCounts {
	ageBand: readonly ProfileCategory[];
	sex: readonly ProfileCategory[];
}

export interface ProfileRowView {
	label: string;
	/** Children here, as it may be printed. */
	areaCount: string;
	/** Their share of the area's children ("34%"), or why it is not shown. */
	areaShare: string;
	/** The same group's share of the partnership's children. */
	partnershipShare: string;
}

export interface ProfileSectionView {
	id: 'age' | 'sex';
	title: string;
	rows: ProfileRowView[];
	/** One sentence: where the area differs most from the partnership, as far as may be said. */
	summary: string;
}

export interface AreaProfileView {
	/** "23 children at risk" or "fewer than 10 children at risk". */
	totalText: string;
	partnershipTotalText: string;
	/** Empty when the area's total is too small to show anything. */
	sections: ProfileSectionView[];
	/** Shown instead of the sections, or under them. */
	note: string | null;
	/** Analyst mode shows a count the board rules would hide. */
	restricted: boolean;
}

export interface AreaProfileOptions {
	analyst: boolean;
	threshold: number;
}

/** Share points an area must differ by before the summary calls it different. */
export const NOTABLE_DIFFERENCE = 5;

const SECTIONS = [
	{ id: 'age', title: 'By age', key: 'ageBand' },
	{ id: 'sex', title: 'By sex', key: 'sex' }
] as const;

const total = (rows: readonly ProfileCategory[]) => rows.reduce((s, r) => s + r.children, 0);
const pct = (n: number, of: number) => Math.round((n / of) * 100);

interface Disclosed {
	cells: DisclosedNumber[];
	total: DisclosedNumber;
	/** Some cell or the total is one the board rules hide (shown anyway in analyst mode). */
	restricted: boolean;
}

function disclose(rows: readonly ProfileCategory[], options: AreaProfileOptions): Disclosed {
	const counts = rows.map((r) => r.children);
	const board = suppressWithTotal(counts, options.threshold);
	const restricted = board.total.suppressed || board.cells.some((c) => c.suppressed);
	if (!options.analyst) return { ...board, restricted: false };
	const exact = (n: number): DisclosedNumber => ({ value: n, text: formatCount(n), suppressed: false });
	return { cells: counts.map(exact), total: exact(total(rows)), restricted };
}

/** What a hidden count says: "fewer than 10" when it is small, else that it protects another. */
function hiddenText(count: number, threshold: number): string {
	return isSuppressed(count, threshold) ? fewerThanText(threshold) : 'not shown (protects a smaller count)';
}

export function areaProfileView(area: ProfileCounts, partnership: ProfileCounts, options: AreaProfileOptions): AreaProfileView {
	const { threshold } = options;
	const areaTotal = total(area.ageBand);
	const partnershipTotal = total(partnership.ageBand);
	const shownTotal = (n: number) => (options.analyst || !isSuppressed(n, threshold) ? formatCount(n) : fewerThanText(threshold));
	const totalText = `${shownTotal(areaTotal)} children at risk`;
	const partnershipTotalText = `${shownTotal(partnershipTotal)} children at risk`;
	if (areaTotal === 0) {
		return { totalText, partnershipTotalText, sections: [], note: 'No children at risk live here in this period.', restricted: false };
	}
	if (!options.analyst && isSuppressed(areaTotal, threshold)) {
		return {
			totalText,
			partnershipTotalText,
			sections: [],
			note: `With ${fewerThanText(threshold)} children at risk here, their ages and sexes are not shown.`,
			restricted: false
		};
	}
	let restricted = false;
	const sections = SECTIONS.map(({ id, title, key }): ProfileSectionView => {
		const here = area[key];
		const all = partnership[key];
		const a = disclose(here, options);
		const p = disclose(all, options);
		restricted ||= a.restricted || p.restricted;
		const rows = here.map((r, i): ProfileRowView => {
			const cell = a.cells[i];
			const other = all.find((x) => x.label === r.label);
			const j = other ? all.indexOf(other) : -1;
			const pCell = j >= 0 ? p.cells[j] : null;
			return {
				label: r.label,
				areaCount: cell.suppressed ? hiddenText(r.children, threshold) : cell.text,
				areaShare: cell.suppressed || a.total.suppressed ? '–' : `${pct(r.children, areaTotal)}%`,
				partnershipShare: !other || !pCell || pCell.suppressed || p.total.suppressed || partnershipTotal === 0 ? '–' : `${pct(other.children, partnershipTotal)}%`
			};
		});
		// The largest difference in share among groups whose shares are both shown.
		const differences = here
			.map((r, i) => ({ r, i, other: all.find((x) => x.label === r.label) }))
			.filter(({ i, other }) => rows[i].areaShare !== '–' && rows[i].partnershipShare !== '–' && other)
			.map(({ r, i, other }) => ({ label: r.label, here: pct(r.children, areaTotal), there: pct(other!.children, partnershipTotal), i }))
			.sort((x, y) => Math.abs(y.here - y.there) - Math.abs(x.here - x.there));
		const top = differences[0];
		const partial = differences.length < rows.length ? 'Among the groups that can be shown: ' : '';
		const summary = !top
			? 'Too few children to compare with the partnership.'
			: Math.abs(top.here - top.there) < NOTABLE_DIFFERENCE
				? `${partial}much like the partnership, no group's share differs by ${NOTABLE_DIFFERENCE} points or more.`.replace(/^much/, 'Much')
				: `${partial}the largest difference is “${top.label}”, ${top.here}% of children here against ${top.there}% across the partnership.`.replace(/^the/, 'The');
		return { id, title, rows, summary };
	});
	return { totalText, partnershipTotalText, sections, note: null, restricted };
}
