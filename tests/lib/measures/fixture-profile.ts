/**
 * A second hand-made partnership, for the trends, profile and agency measures: children with
 * months of birth, sexes, ethnic groups, disability/SEN, home areas, agencies and exploitation
 * types, in and around Apr–Sep 2025. Every expected value in the tests was worked out by hand from
 * these rows; the reasoning sits beside each assertion. (Areas and population are copied from
 * fixture.ts, with one more ward.)
 *
 * Current period: Apr–Sep 2025 (2025-04-01 … 2025-09-30). Previous: Oct 2024–Mar 2025. A year
 * earlier: Apr–Sep 2024.
 *
 * Child  Agency     Dated       Level   Type   Sex     Born     Ethnic  SEN    Status (closed)        Home area
 * A      Police     2025-04-20  high    cse    female  2009-07  white   yes    open                   X01000001
 * A      CSC        2025-08-01  medium  cse    female  2009-07  white   –      open                   X01000001
 * B      CSC        2024-11-15  low     cce    male    2012-02  black   no     open                   X01000002
 * C      Health     2025-01-20  medium  other  female  2011-01  asian  –      – (one-off)            –
 * D      Police     2024-12-01  high    cse    male    2008-09  mixed   –      closed (2025-04-15)    X01000003
 * E      Voluntary  2025-09-30  medium  –      –       age 12   –       –      – (one-off)            –
 * F      Police     2025-10-01  low     cse    female  2011-05  white   –      open                   –
 * G      CSC        2025-08-08  –       both   male    2013-03  other   –      open                   –
 * H      Police     2025-06-06  low     cce    male    2010-06  white   –      – (one-off)            –
 * H      Health     2025-06-06  high    cse    male    2010-06  white   –      – (one-off)            –
 * I      Voluntary  2025-05-05  medium  cse    female  2008-04  mixed   no     – (one-off)            –
 * I      Police     2025-05-25  medium  cse    female  2008-04  mixed   –      – (one-off)            –
 * I      Health     2025-09-01  low     other  female  2008-04  mixed   –      – (one-off)            –
 * K      Education  2024-10-05  low     cse    female  2011-11  white   –      closed (2025-03-01)    –
 * L      Police     2024-06-10  medium  cse    male    2010-01  white   –      closed (2024-12-20)    –
 * L      CSC        2025-07-15  high    cce    male    2010-01  white   yes    open                   –
 *
 * Small areas X01000001 and X01000002 lie in ward X05000001; X01000003 in ward X05000002.
 */
import type { Engine } from '$lib/db/engine';

interface Concern {
	child: string;
	agency: string;
	on: string;
	level?: string;
	type?: string;
	sex?: string;
	/** Month of birth, `YYYY-MM`. */
	born?: string;
	age?: number;
	ethnic?: string;
	sen?: boolean;
	status?: 'open' | 'closed';
	closed?: string;
	area?: string;
}

const str = (v: string | undefined) => (v === undefined ? 'NULL' : `'${v}'`);
const date = (v: string | undefined) => (v === undefined ? 'NULL' : `DATE '${v}'`);

const row = (c: Concern) =>
	`(1, 0, ${str(c.child)}, ${str(c.agency)}, ${date(c.on)}, ${str(c.level)}, ${str(c.type)}, ${str(c.sex)},
	  ${date(c.born && `${c.born}-01`)}, ${c.age ?? 'NULL'}, ${str(c.ethnic)}, ${c.sen ?? 'NULL'}, ${str(c.status)}, ${date(c.closed)}, ${str(c.area)})`;

export const PROFILE_CONCERNS: Concern[] = [
	{ child: 'A', agency: 'Police', on: '2025-04-20', level: 'high', type: 'cse', sex: 'female', born: '2009-07', ethnic: 'white', sen: true, status: 'open', area: 'X01000001' },
	{ child: 'A', agency: 'CSC', on: '2025-08-01', level: 'medium', type: 'cse', sex: 'female', born: '2009-07', ethnic: 'white', status: 'open', area: 'X01000001' },
	{ child: 'B', agency: 'CSC', on: '2024-11-15', level: 'low', type: 'cce', sex: 'male', born: '2012-02', ethnic: 'black', sen: false, status: 'open', area: 'X01000002' },
	{ child: 'C', agency: 'Health', on: '2025-01-20', level: 'medium', type: 'other', sex: 'female', born: '2011-01', ethnic: 'asian' },
	{ child: 'D', agency: 'Police', on: '2024-12-01', level: 'high', type: 'cse', sex: 'male', born: '2008-09', ethnic: 'mixed', status: 'closed', closed: '2025-04-15', area: 'X01000003' },
	{ child: 'E', agency: 'Voluntary', on: '2025-09-30', level: 'medium', age: 12 },
	{ child: 'F', agency: 'Police', on: '2025-10-01', level: 'low', type: 'cse', sex: 'female', born: '2011-05', ethnic: 'white', status: 'open' },
	{ child: 'G', agency: 'CSC', on: '2025-08-08', type: 'both', sex: 'male', born: '2013-03', ethnic: 'other', status: 'open' },
	{ child: 'H', agency: 'Police', on: '2025-06-06', level: 'low', type: 'cce', sex: 'male', born: '2010-06', ethnic: 'white' },
	{ child: 'H', agency: 'Health', on: '2025-06-06', level: 'high', type: 'cse', sex: 'male', born: '2010-06', ethnic: 'white' },
	{ child: 'I', agency: 'Voluntary', on: '2025-05-05', level: 'medium', type: 'cse', sex: 'female', born: '2008-04', ethnic: 'mixed', sen: false },
	{ child: 'I', agency: 'Police', on: '2025-05-25', level: 'medium', type: 'cse', sex: 'female', born: '2008-04', ethnic: 'mixed' },
	{ child: 'I', agency: 'Health', on: '2025-09-01', level: 'low', type: 'other', sex: 'female', born: '2008-04', ethnic: 'mixed' },
	{ child: 'K', agency: 'Education', on: '2024-10-05', level: 'low', type: 'cse', sex: 'female', born: '2011-11', ethnic: 'white', status: 'closed', closed: '2025-03-01' },
	{ child: 'L', agency: 'Police', on: '2024-06-10', level: 'medium', type: 'cse', sex: 'male', born: '2010-01', ethnic: 'white', status: 'closed', closed: '2024-12-20' },
	{ child: 'L', agency: 'CSC', on: '2025-07-15', level: 'high', type: 'cce', sex: 'male', born: '2010-01', ethnic: 'white', sen: true, status: 'open' }
];

export async function loadProfileFixture(engine: Engine): Promise<void> {
	await engine.exec(`
		INSERT INTO concerns (import_id, line, child_id, agency, identified_on, risk_level, exploitation_type, sex,
		                      birth_month, age_years, ethnic_group, disability_sen, status, closed_on, home_area)
		VALUES ${PROFILE_CONCERNS.map(row).join(',\n')};
		INSERT INTO areas (area_code, area_name, level, parent_code) VALUES
			('X06000099', 'Testshire', 'la', NULL),
			('X06000098', 'Elsewhere', 'la', NULL),
			('X05000001', 'Ward One', 'ward', 'X06000099'),
			('X05000002', 'Ward Two', 'ward', 'X06000099'),
			('X01000001', 'Testshire 001A', 'small_area', 'X05000001'),
			('X01000002', 'Testshire 001B', 'small_area', 'X05000001'),
			('X01000003', 'Testshire 002A', 'small_area', 'X05000002');
		INSERT INTO population (area_code, year, age_from, age_to, count) VALUES
			('X01000001', 2024, 0, 9, 1000), ('X01000001', 2024, 10, 17, 2000), ('X01000001', 2024, 18, 24, 999),
			('X01000002', 2024, 0, 17, 3000), ('X01000002', 2024, 0, 9, 1200), ('X01000002', 2024, 10, 17, 1800),
			('X01000001', 2023, 0, 17, 5000),
			('X06000098', 2024, 0, 17, 99999);
	`);
}
