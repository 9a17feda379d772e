/**
 * A small hand-made partnership for measure tests. Every expected value in the tests below was
 * worked out by hand from these rows; the reasoning sits beside each assertion.
 *
 * Current period: Apr–Sep 2025 (2025-04-01 … 2025-09-30). Previous: Oct 2024–Mar 2025.
 */
import type { Engine } from '$lib/db/engine';

const concern = (
	child: string, agency: string, on: string, level: string | null,
	extra: { status?: string; closed?: string; lac?: boolean; missing?: boolean } = {}
) =>
	`(1, 0, '${child}', '${agency}', DATE '${on}', ${level ? `'${level}'` : 'NULL'}, ${extra.status ? `'${extra.status}'` : 'NULL'},
	  ${extra.closed ? `DATE '${extra.closed}'` : 'NULL'}, ${extra.lac ?? 'NULL'}, ${extra.missing ?? 'NULL'})`;

export const FIXTURE_ROWS = [
	// A: new in the current period, police then CSC; latest assessment (1 Jul) is medium; looked after.
	concern('A', 'Police', '2025-05-10', 'high', { status: 'open', lac: true }),
	concern('A', 'CSC', '2025-07-01', 'medium', { status: 'open' }),
	// B: CSC case opened Nov 2024 and still open: continuing into the current period, low.
	concern('B', 'CSC', '2024-11-15', 'low', { status: 'open' }),
	// C: a one-off health concern in January 2025 (no status): previous period only.
	concern('C', 'Health', '2025-01-20', 'medium'),
	// D: police case from Dec 2024 closed 15 Apr 2025: active in both periods; went missing in June.
	concern('D', 'Police', '2024-12-01', 'high', { status: 'closed', closed: '2025-04-15' }),
	// E: voluntary sector referral on the last day of the period, flagged as going missing.
	concern('E', 'Voluntary', '2025-09-30', 'medium', { missing: true }),
	// F: the day after the period ends: not in it.
	concern('F', 'Police', '2025-10-01', 'low', { status: 'open' }),
	// G: CSC record with no risk level recorded.
	concern('G', 'CSC', '2025-08-08', null),
	// H: police (low) and health (high) on the same day: the higher level wins the tie.
	concern('H', 'Police', '2025-06-06', 'low'),
	concern('H', 'Health', '2025-06-06', 'high')
];

export async function loadFixture(engine: Engine): Promise<void> {
	await engine.exec(`
		INSERT INTO concerns (import_id, line, child_id, agency, identified_on, risk_level, status, closed_on, looked_after, flag_missing)
		VALUES ${FIXTURE_ROWS.join(',\n')};
		INSERT INTO missing_episodes (import_id, line, child_id, agency, started_at, ended_at)
		VALUES (1, 0, 'D', 'CSC', TIMESTAMP '2025-06-03 22:00', TIMESTAMP '2025-06-04 09:00'),
		       (1, 0, 'C', 'CSC', TIMESTAMP '2025-02-01 20:00', NULL);
		INSERT INTO areas (area_code, area_name, level, parent_code) VALUES
			('X06000099', 'Testshire', 'la', NULL),
			('X06000098', 'Elsewhere', 'la', NULL),
			('X05000001', 'Ward One', 'ward', 'X06000099'),
			('X01000001', 'Testshire 001A', 'small_area', 'X05000001'),
			('X01000002', 'Testshire 001B', 'small_area', 'X05000001');
		INSERT INTO population (area_code, year, age_from, age_to, count) VALUES
			('X01000001', 2024, 0, 9, 1000), ('X01000001', 2024, 10, 17, 2000), ('X01000001', 2024, 18, 24, 999),
			('X01000002', 2024, 0, 17, 3000), ('X01000002', 2024, 0, 9, 1200), ('X01000002', 2024, 10, 17, 1800),
			('X01000001', 2023, 0, 17, 5000),
			('X06000098', 2024, 0, 17, 99999);
	`);
}
