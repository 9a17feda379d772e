/**
 * The attacker for the two-way suppression tests: given only what a published table shows, how
 * far can each hidden value be pinned down? Solved exactly with a small linear programme (dense
 * two-phase simplex, Bland's rule), written independently of the max-flow check inside
 * suppressTable so the test does not grade the code with its own method. A table with row and
 * column totals has a totally unimodular constraint matrix, so with integer bounds the LP's
 * minimum and maximum of a value are integers and every integer between them is attainable: the
 * LP range IS the range of possible whole-number tables. (tests/lib/disclosure/table.test.ts also
 * checks the solver against brute-force enumeration on small tables.)
 */
import type { SuppressedTable } from '$lib/disclosure/table';

const EPS = 1e-9;

/** min c·x subject to A x = b, x ≥ 0. Null when infeasible, −Infinity when unbounded below. */
export function simplexMin(A: number[][], b: number[], c: number[]): number | null {
	const m = A.length;
	const n = c.length;
	const width = n + m; // original columns, then one artificial per row
	const T = A.map((row, i) => {
		const sign = b[i] < 0 ? -1 : 1;
		return [...row.map((v) => sign * v), ...Array.from({ length: m }, (_, k) => (k === i ? 1 : 0)), sign * b[i]];
	});
	const basis = Array.from({ length: m }, (_, i) => n + i);
	const pivot = (r: number, col: number) => {
		const p = T[r][col];
		for (let j = 0; j <= width; j++) T[r][j] /= p;
		for (let i = 0; i < m; i++) {
			if (i === r || Math.abs(T[i][col]) < EPS) continue;
			const f = T[i][col];
			for (let j = 0; j <= width; j++) T[i][j] -= f * T[r][j];
		}
		basis[r] = col;
	};
	const run = (cost: number[], allowed: (j: number) => boolean): 'optimal' | 'unbounded' => {
		for (;;) {
			let enter = -1;
			for (let j = 0; j < width && enter < 0; j++) {
				if (!allowed(j) || basis.includes(j)) continue;
				let reduced = cost[j];
				for (let i = 0; i < m; i++) reduced -= cost[basis[i]] * T[i][j];
				if (reduced < -EPS) enter = j; // Bland: the first improving column
			}
			if (enter < 0) return 'optimal';
			let leave = -1;
			let best = Infinity;
			for (let i = 0; i < m; i++) {
				if (T[i][enter] <= EPS) continue;
				const ratio = T[i][width] / T[i][enter];
				if (ratio < best - EPS || (Math.abs(ratio - best) <= EPS && basis[i] < basis[leave])) {
					best = ratio;
					leave = i;
				}
			}
			if (leave < 0) return 'unbounded';
			pivot(leave, enter);
		}
	};
	// Phase 1: find a feasible basis by driving the artificials to zero.
	run(Array.from({ length: width }, (_, j) => (j < n ? 0 : 1)), () => true);
	const infeasibility = basis.reduce((a, col, i) => a + (col >= n ? T[i][width] : 0), 0);
	if (infeasibility > 1e-7) return null;
	for (let i = 0; i < m; i++) {
		if (basis[i] < n) continue;
		const j = T[i].findIndex((v, k) => k < n && Math.abs(v) > EPS);
		if (j >= 0) pivot(i, j); // otherwise the row is redundant; its artificial stays at 0
	}
	// Phase 2: the real objective, artificials barred from returning.
	const cost = Array.from({ length: width }, (_, j) => (j < n ? c[j] : 0));
	if (run(cost, (j) => j < n) === 'unbounded') return -Infinity;
	return basis.reduce((a, col, i) => a + (col < n ? c[col] * T[i][width] : 0), 0);
}

/** What the attacker assumes about a hidden value. */
export type Knowledge =
	/** Only that a hidden value is a whole number of at least 1 (zeros are always shown). */
	| 'published'
	/** Also which hidden values were small (1 to threshold − 1) and which were hidden to protect them. */
	| 'classes';

export interface Unknown {
	kind: 'cell' | 'row total' | 'column total' | 'grand total';
	row?: number;
	column?: number;
	truth: number;
	/** Hidden by suppression (as opposed to a total that is not published at all). */
	hidden: boolean;
	min: number;
	max: number;
}

/**
 * Every value the attacker cannot read off the table (hidden cells, hidden totals, totals not
 * published), with its feasible range given all published values. `truth` is the table itself,
 * used only to label the unknowns and to check the attack is sound (truth within range).
 */
export function attack(truth: number[][], shown: SuppressedTable, threshold: number, knowledge: Knowledge): Unknown[] {
	const rows = truth.length;
	const columns = truth[0].length;
	const rowTotal = truth.map((r) => r.reduce((a, b) => a + b, 0));
	const columnTotal = Array.from({ length: columns }, (_, j) => truth.reduce((a, r) => a + r[j], 0));
	const grand = rowTotal.reduce((a, b) => a + b, 0);

	// Each value is either known (a number) or the index of an unknown.
	type Value = { known: number } | { unknown: number };
	const unknowns: Omit<Unknown, 'min' | 'max'>[] = [];
	const value = (d: { value: number | null; suppressed: boolean } | null, u: Omit<Unknown, 'min' | 'max' | 'hidden'>): Value => {
		if (d && !d.suppressed) return { known: d.value! };
		unknowns.push({ ...u, hidden: d !== null });
		return { unknown: unknowns.length - 1 };
	};
	const cell = truth.map((r, i) => r.map((t, j) => value(shown.cells[i][j], { kind: 'cell', row: i, column: j, truth: t })));
	const rowV = rowTotal.map((t, i) => value(shown.rowTotals?.[i] ?? null, { kind: 'row total', row: i, truth: t }));
	const colV = columnTotal.map((t, j) => value(shown.columnTotals?.[j] ?? null, { kind: 'column total', column: j, truth: t }));
	const grandV = value(shown.grandTotal, { kind: 'grand total', truth: grand });

	const bounds = unknowns.map((u): [number, number] => {
		if (!u.hidden) return [0, Infinity];
		if (knowledge === 'published') return [1, Infinity];
		return u.truth < threshold ? [1, threshold - 1] : [threshold, Infinity];
	});
	// Variables: y_k = x_k − lo_k ≥ 0, then one slack per finite upper bound.
	const uppers = bounds.map((b, k) => (Number.isFinite(b[1]) ? k : -1)).filter((k) => k >= 0);
	const n = unknowns.length + uppers.length;
	const A: number[][] = [];
	const b: number[] = [];
	/** Σ parts = whole, with knowns moved to the right-hand side. */
	const equation = (whole: Value, parts: Value[]) => {
		const row = new Array<number>(n).fill(0);
		let rhs = 0;
		const add = (v: Value, sign: number) => {
			if ('known' in v) rhs -= sign * v.known;
			else {
				row[v.unknown] += sign;
				rhs -= sign * bounds[v.unknown][0];
			}
		};
		parts.forEach((p) => add(p, 1));
		add(whole, -1);
		A.push(row);
		b.push(rhs);
	};
	for (let i = 0; i < rows; i++) equation(rowV[i], cell[i]);
	for (let j = 0; j < columns; j++) equation(colV[j], cell.map((r) => r[j]));
	equation(grandV, rowV);
	equation(grandV, colV);
	uppers.forEach((k, s) => {
		const row = new Array<number>(n).fill(0);
		row[k] = 1;
		row[unknowns.length + s] = 1;
		A.push(row);
		b.push(bounds[k][1] - bounds[k][0]);
	});

	return unknowns.map((u, k) => {
		const objective = (sign: number) => Array.from({ length: n }, (_, j) => (j === k ? sign : 0));
		const low = simplexMin(A, b, objective(1));
		const negHigh = simplexMin(A, b, objective(-1));
		if (low === null || negHigh === null) throw new Error(`attack: the published table is inconsistent with ${knowledge} knowledge`);
		return { ...u, min: Math.round(bounds[k][0] + low), max: negHigh === -Infinity ? Infinity : Math.round(bounds[k][0] - negHigh) };
	});
}
