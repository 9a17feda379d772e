/**
 * Secondary suppression for two-way tables (e.g. month × risk level), shown with any of their row
 * totals, column totals and grand total. Primary suppression hides counts 1 to threshold − 1 (in
 * the body and in the totals); then further cells are hidden until no hidden value can be worked
 * out exactly from everything that is shown.
 *
 * "Worked out" is decided exactly, not by looking for a lone hidden cell in a row: a table with
 * its totals is a flow network (grand total → row totals → cells → column totals → back to the
 * grand total), each value the flow on one arc. The values consistent with what is shown are the
 * integer circulations in which shown arcs carry their shown value and hidden arcs lie in what a
 * reader may assume about them. We assume the strongest reader: one who knows which hidden values
 * were small (1 to threshold − 1) and which were hidden only to protect another (threshold or
 * more). The network's matrix is totally unimodular, so the feasible values of any one arc form an
 * unbroken run of integers; a hidden value is therefore exposed exactly when neither its value − 1
 * nor its value + 1 is feasible, and each of those is one max-flow feasibility check.
 */
import { DEFAULT_THRESHOLD, formatCount, isSuppressed, SUPPRESSED_SYMBOL, type DisclosedNumber } from './suppress';

export interface PublishedTotals {
	/** Each row's total is shown (here or elsewhere on the page). */
	rowTotals?: boolean;
	/** Each column's total is shown. */
	columnTotals?: boolean;
	/** The grand total is shown. */
	grandTotal?: boolean;
}

export interface SuppressedTable {
	cells: DisclosedNumber[][];
	/** Null when row totals are not published. */
	rowTotals: DisclosedNumber[] | null;
	columnTotals: DisclosedNumber[] | null;
	grandTotal: DisclosedNumber | null;
}

interface Arc {
	from: number;
	to: number;
	value: number;
	/** Shown at all (a total that is not published is a free unknown, never hidden or shown). */
	published: boolean;
	hidden: boolean;
	/** Row and column of a body cell, for choosing a neighbour to hide. */
	row?: number;
	column?: number;
}

const withheld: DisclosedNumber = { value: null, text: SUPPRESSED_SYMBOL, suppressed: true };
const shown = (n: number): DisclosedNumber => ({ value: n, text: formatCount(n), suppressed: false });

/** Edmonds–Karp max flow on a small dense capacity matrix (tables here have at most a few dozen lines). */
function maxFlow(capacity: number[][], source: number, sink: number): number {
	const n = capacity.length;
	const residual = capacity.map((row) => [...row]);
	let total = 0;
	for (;;) {
		const parent = new Array<number>(n).fill(-1);
		parent[source] = source;
		const queue = [source];
		while (queue.length && parent[sink] === -1) {
			const u = queue.shift()!;
			for (let v = 0; v < n; v++) {
				if (parent[v] === -1 && residual[u][v] > 0) {
					parent[v] = u;
					queue.push(v);
				}
			}
		}
		if (parent[sink] === -1) return total;
		let push = Infinity;
		for (let v = sink; v !== source; v = parent[v]) push = Math.min(push, residual[parent[v]][v]);
		for (let v = sink; v !== source; v = parent[v]) {
			residual[parent[v]][v] -= push;
			residual[v][parent[v]] += push;
		}
		total += push;
	}
}

/** Is there a circulation with every arc within its [lo, hi]? (Hoffman: reduce to one max flow.) */
function feasible(nodes: number, arcs: readonly { from: number; to: number; lo: number; hi: number }[]): boolean {
	const s = nodes;
	const t = nodes + 1;
	const capacity = Array.from({ length: nodes + 2 }, () => new Array<number>(nodes + 2).fill(0));
	const excess = new Array<number>(nodes).fill(0);
	for (const a of arcs) {
		if (a.lo > a.hi) return false;
		capacity[a.from][a.to] += a.hi - a.lo;
		excess[a.to] += a.lo;
		excess[a.from] -= a.lo;
	}
	let needed = 0;
	excess.forEach((e, v) => {
		if (e > 0) {
			capacity[s][v] += e;
			needed += e;
		} else if (e < 0) capacity[v][t] += -e;
	});
	return maxFlow(capacity, s, t) === needed;
}

/**
 * The values a reader may assume for each arc: its value if shown; 1 to threshold − 1 or
 * threshold upwards if hidden (by what kind of value it is); anything if not published. `cap`
 * stands in for "no upper limit": any value above the grand total + 1 is never needed to move
 * one arc by one, so it loses nothing.
 */
function bounds(a: Arc, threshold: number, cap: number): [number, number] {
	if (a.published && !a.hidden) return [a.value, a.value];
	if (!a.published) return [0, cap];
	return isSuppressed(a.value, threshold) ? [1, threshold - 1] : [threshold, cap];
}

/** True when some hidden value is the only value it could be, given everything shown. */
function exposedArc(nodes: number, arcs: readonly Arc[], threshold: number, cap: number): Arc | null {
	const ranges = arcs.map((a) => bounds(a, threshold, cap));
	for (let i = 0; i < arcs.length; i++) {
		const a = arcs[i];
		if (!a.published || !a.hidden) continue;
		const alternative = [a.value - 1, a.value + 1].some((v) => {
			if (v < ranges[i][0] || v > ranges[i][1]) return false;
			return feasible(
				nodes,
				arcs.map((b, j) => ({ from: b.from, to: b.to, lo: j === i ? v : ranges[j][0], hi: j === i ? v : ranges[j][1] }))
			);
		});
		if (!alternative) return a;
	}
	return null;
}

/**
 * Suppress a two-way table of counts (`cells[row][column]`, all rows the same length) shown with
 * the totals named in `published`. Shown values are always true; zeros are always shown.
 */
export function suppressTable(
	cells: readonly (readonly number[])[],
	published: PublishedTotals = {},
	threshold = DEFAULT_THRESHOLD
): SuppressedTable {
	const rows = cells.length;
	const columns = cells[0]?.length ?? 0;
	if (cells.some((r) => r.length !== columns)) throw new Error('suppressTable: every row needs the same number of columns.');
	// Without column totals or a grand total, no constraint links one row to another: each row is a
	// table of its own (much faster for long tables, such as 24 months × 5 risk levels).
	if (rows > 1 && !published.columnTotals && !published.grandTotal) {
		const each = cells.map((r) => suppressTable([r], published, threshold));
		return {
			cells: each.map((t) => t.cells[0]),
			rowTotals: published.rowTotals ? each.map((t) => t.rowTotals![0]) : null,
			columnTotals: null,
			grandTotal: null
		};
	}
	// Nodes: 0 = grand total, 1..rows = rows, then columns, then the node the columns flow into.
	const rowNode = (i: number) => 1 + i;
	const columnNode = (j: number) => 1 + rows + j;
	const sink = 1 + rows + columns;
	const nodes = sink + 1;
	const rowTotals = cells.map((r) => r.reduce((a, b) => a + b, 0));
	const columnTotals = Array.from({ length: columns }, (_, j) => cells.reduce((a, r) => a + r[j], 0));
	const grand = rowTotals.reduce((a, b) => a + b, 0);
	const arc = (from: number, to: number, value: number, isPublished: boolean, at?: [number, number]): Arc => ({
		from, to, value, published: isPublished, hidden: isPublished && isSuppressed(value, threshold),
		...(at ? { row: at[0], column: at[1] } : {})
	});
	const body = cells.flatMap((r, i) => r.map((v, j) => arc(rowNode(i), columnNode(j), v, true, [i, j])));
	const rowArcs = rowTotals.map((v, i) => arc(0, rowNode(i), v, !!published.rowTotals));
	const columnArcs = columnTotals.map((v, j) => arc(columnNode(j), sink, v, !!published.columnTotals));
	const grandArc = arc(sink, 0, grand, !!published.grandTotal);
	const arcs = [...body, ...rowArcs, ...columnArcs, grandArc];
	const cap = grand + 2;

	for (let guard = arcs.length; guard > 0; guard--) {
		const exposed = exposedArc(nodes, arcs, threshold, cap);
		if (!exposed) break;
		const visible = (a: Arc) => a.published && !a.hidden && a.value > 0;
		const smallest = (list: Arc[]) => list.filter(visible).sort((x, y) => x.value - y.value)[0];
		// Hide the smallest shown non-zero cell that shares a line with a published total with the
		// exposed value (a line without one constrains nothing); failing that, any shown cell;
		// failing that, a total (most protective, least informative to lose).
		const sameLine = body.filter((b) =>
			exposed.row !== undefined
				? (!!published.rowTotals && b.row === exposed.row) || (!!published.columnTotals && b.column === exposed.column)
				: b.from === exposed.to || b.to === exposed.from
		);
		const next = smallest(sameLine) ?? smallest(body) ?? smallest([...rowArcs, ...columnArcs]) ?? smallest([grandArc]);
		if (!next) break; // everything that could be hidden is: nothing more to do
		next.hidden = true;
	}

	const disclose = (a: Arc) => (a.hidden ? withheld : shown(a.value));
	return {
		cells: cells.map((r, i) => r.map((_, j) => disclose(body[i * columns + j]))),
		rowTotals: published.rowTotals ? rowArcs.map(disclose) : null,
		columnTotals: published.columnTotals ? columnArcs.map(disclose) : null,
		grandTotal: published.grandTotal ? disclose(grandArc) : null
	};
}
