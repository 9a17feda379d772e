/**
 * Detection of identifying columns (minimal data): by header, by content, and never on the
 * product's sample files or on real published data (police.uk, ONS, DfE).
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import {
	detectIdentifyingColumns,
	headerKey,
	isFullPostcode,
	isUkPhoneNumber,
	isValidNhsNumber,
	isValidUpn,
	looksPseudonymised,
	type ColumnPrivacy
} from '$lib/ingest/privacy';

/** A valid NHS number from 9 digits: append the modulus-11 check digit (null if it would be 10). */
function nhsFrom(nine: string): string | null {
	let sum = 0;
	for (let i = 0; i < 9; i++) sum += Number(nine[i]) * (10 - i);
	const check = 11 - (sum % 11);
	if (check === 10) return null;
	return nine + String(check === 11 ? 0 : check);
}

/** Detect on one column given as header + values. */
function one(header: string, values: string[] = []): ColumnPrivacy | undefined {
	const found = detectIdentifyingColumns([header], values.map((v) => [v]));
	expect(found.length).toBeLessThanOrEqual(1);
	return found[0];
}

function parseCsv(path: string): { header: string[]; rows: string[][] } {
	const parsed = Papa.parse<string[]>(readFileSync(path, 'utf8'), { skipEmptyLines: true });
	const [header, ...rows] = parsed.data;
	return { header, rows };
}

const SAFE_ROWS = ['X01000001', 'X01000002', 'X01000003'];

describe('header rules', () => {
	const cases: [string, ColumnPrivacy['kind'], ColumnPrivacy['action']][] = [
		['Name', 'name', 'drop'],
		['First Name', 'name', 'drop'],
		['first_name', 'name', 'drop'],
		['FirstName', 'name', 'drop'],
		['Forename', 'name', 'drop'],
		['Forenames', 'name', 'drop'],
		['SURNAME', 'name', 'drop'],
		['Last Name', 'name', 'drop'],
		['Full name', 'name', 'drop'],
		['Child Name', 'name', 'drop'],
		["Child's name", 'name', 'drop'],
		['Known As', 'name', 'drop'],
		['Alias', 'name', 'drop'],
		['Surname (legal)', 'name', 'drop'],
		['Address', 'address', 'drop'],
		['Address Line 1', 'address', 'drop'],
		['address_line_2', 'address', 'drop'],
		['Home Address', 'address', 'drop'],
		['Street', 'address', 'drop'],
		['House', 'address', 'drop'],
		['Flat', 'address', 'drop'],
		['Postcode', 'postcode', 'drop'],
		['Post Code', 'postcode', 'drop'],
		['postal_code', 'postcode', 'drop'],
		['Home postcode', 'postcode', 'drop'],
		['DOB', 'date_of_birth', 'degrade_to_month'],
		['D.O.B.', 'date_of_birth', 'degrade_to_month'],
		['Date of Birth', 'date_of_birth', 'degrade_to_month'],
		['date_of_birth', 'date_of_birth', 'degrade_to_month'],
		['DateOfBirth', 'date_of_birth', 'degrade_to_month'],
		['Birth Date', 'date_of_birth', 'degrade_to_month'],
		['Child DOB', 'date_of_birth', 'degrade_to_month'],
		['Date of birth (dd/mm/yyyy)', 'date_of_birth', 'degrade_to_month'],
		['NHS', 'nhs_number', 'drop'],
		['NHS No', 'nhs_number', 'drop'],
		['NHS Number', 'nhs_number', 'drop'],
		['NHSNumber', 'nhs_number', 'drop'],
		['nhs_no.', 'nhs_number', 'drop'],
		['UPN', 'upn', 'drop'],
		['Unique Pupil Number', 'upn', 'drop'],
		['Former UPN', 'upn', 'drop'],
		['ULN', 'upn', 'drop'],
		['Phone', 'phone', 'drop'],
		['Telephone Number', 'phone', 'drop'],
		['Mobile', 'phone', 'drop'],
		['Contact Number', 'phone', 'drop'],
		['Email', 'email', 'drop'],
		['E-mail address', 'email', 'drop'],
		['Case ID', 'case_id', 'pseudonymise'],
		['Case Ref', 'case_id', 'pseudonymise'],
		['Mosaic ID', 'case_id', 'pseudonymise'],
		['LCS ID', 'case_id', 'pseudonymise'],
		['Person ID', 'case_id', 'pseudonymise'],
		['child_id', 'case_id', 'pseudonymise'],
		['Subject ID', 'case_id', 'pseudonymise'],
		['CRN', 'case_id', 'pseudonymise'],
		['Police Ref', 'case_id', 'pseudonymise'],
		['Police Reference', 'case_id', 'pseudonymise']
	];
	it.each(cases)('%s → %s (%s)', (header, kind, action) => {
		const found = one(header, ['1234']);
		expect(found).toMatchObject({ column: header, index: 0, kind, action });
		expect(found?.evidence === 'header' || found?.evidence === 'both').toBe(true);
		expect(found?.message).toContain(`'${header}'`);
	});

	it('ignores case, spaces, underscores and punctuation', () => {
		expect(headerKey(' Date_of  Birth ')).toBe('dateofbirth');
		expect(headerKey('\uFEFFD.O.B.')).toBe('dob');
		expect(headerKey('NHSNumber')).toBe('nhsnumber');
	});

	it.each([
		'Postcode sector', 'postcode_district', 'Postcode (sector)', 'Postcode area', 'month_of_birth', 'Month of birth',
		'Year of birth', 'DOB (mm/yyyy)', 'LSOA name', 'la_name', 'ward_name', 'area_name', 'country_name', 'Crime ID',
		'Ref No', 'Location', 'Concerning phone use', 'Phone/internet concern', 'Agency', 'Patient Pseudo ID',
		'Hashed NHS number', 'MOB', 'Age', 'Home LSOA', 'Reported by', 'NHS Trust', 'Name of school'
	])('does not flag %s by its header', (header) => {
		expect(one(header, SAFE_ROWS)).toBeUndefined();
	});

	it('reports the index of each flagged column and leaves the others alone', () => {
		const found = detectIdentifyingColumns(['Risk', 'Surname', 'Home LSOA', 'DOB'], [['High', 'Smith', 'X01000001', '01/02/2011']]);
		expect(found.map((f) => [f.column, f.index, f.kind])).toEqual([
			['Surname', 1, 'name'],
			['DOB', 3, 'date_of_birth']
		]);
		expect(found[1].evidence).toBe('both');
	});
});

describe('case identifiers', () => {
	it('are left alone when they are already pseudonyms', () => {
		expect(one('Child ID', ['NB-1A2B3C4D', 'NB-00FA8FCC', 'NB-F766D5D4'])).toBeUndefined();
		expect(one('Case ID', ['P-0123456789ABCDEF', 'P-FEDCBA9876543210'])).toBeUndefined();
		expect(one('Person ID', ['2eee82f6d1e7a839af75ed0e71aadcaf11180d46fd0be3ecce42dc2d004f2cfc'])).toBeUndefined();
	});

	it('are pseudonymised when they are raw system numbers', () => {
		expect(one('Mosaic ID', ['123456', '234567', '345678'])).toMatchObject({ kind: 'case_id', action: 'pseudonymise', evidence: 'header' });
		// Prefixed plain numbers are a system's own references, not pseudonyms.
		expect(one('Child ID', ['AB-12345678', 'AB-23456789'])).toMatchObject({ kind: 'case_id' });
		// One raw value among pseudonyms is enough to pseudonymise the column.
		expect(one('Child ID', ['NB-1A2B3C4D', 'NB-00FA8FCC', '123456'])).toMatchObject({ kind: 'case_id' });
	});

	it('recognises pseudonym-shaped columns', () => {
		expect(looksPseudonymised(['NB-1A2B3C4D', 'NB-00FA8FCC'])).toBe(true);
		expect(looksPseudonymised(['NB-12345678', 'NB-23456789'])).toBe(false);
		expect(looksPseudonymised([])).toBe(false);
	});

	it('take the stricter reading when the header says case ID but the values are NHS numbers', () => {
		expect(one('Child ID', ['943 476 5919', '401 023 2137'])).toMatchObject({ kind: 'nhs_number', action: 'drop', evidence: 'both' });
	});
});

describe('content rules', () => {
	it('full UK postcodes, with or without the space, but not sectors or districts', () => {
		for (const p of ['SS1 2AB', 'ss12ab', 'EC1A 1BB', 'M1 1AE', 'B33 8TH', 'W1A 0AX', 'CR2 6XH', 'DN55 1PT']) expect(isFullPostcode(p), p).toBe(true);
		for (const p of ['SS1 2', 'SS1', 'SS', 'E01015833', 'X01000001', 'SS1 2AC', '12345']) expect(isFullPostcode(p), p).toBe(false);
		expect(one('Where', ['SS1 2AB', 'ss12ab', '', 'SS0 7QT'])).toMatchObject({ kind: 'postcode', evidence: 'content', action: 'drop' });
		expect(one('Where', ['SS1 2', 'SS0 7', 'SS2 4'])).toBeUndefined();
		expect(one('Postcode sector', ['SS1 2', 'SS0 7'])).toBeUndefined();
	});

	it('NHS numbers only when the modulus-11 check digit is right', () => {
		expect(isValidNhsNumber('943 476 5919')).toBe(true);
		expect(isValidNhsNumber('9434765919')).toBe(true);
		expect(isValidNhsNumber('943-476-5919')).toBe(true);
		expect(isValidNhsNumber('943 476 5918')).toBe(false); // wrong check digit
		expect(isValidNhsNumber('1111111111')).toBe(false); // arithmetic passes, never issued
		expect(isValidNhsNumber('94347659190')).toBe(false);
		const valid = ['943476591', '401023213', '485777345', '612345678', '701234567'].map(nhsFrom).filter((n): n is string => !!n);
		expect(valid.length).toBeGreaterThanOrEqual(4);
		expect(one('Ref', valid)).toMatchObject({ kind: 'nhs_number', evidence: 'content', action: 'drop' });
		// Ten-digit numbers that fail the check are not NHS numbers.
		const failing = valid.map((n) => n.slice(0, 9) + String((Number(n[9]) + 1) % 10));
		for (const n of failing) expect(isValidNhsNumber(n)).toBe(false);
		expect(one('Ref', failing)).toBeUndefined();
	});

	it('UPNs with a valid check letter, permanent and temporary', () => {
		expect(isValidUpn('B801200005001')).toBe(true);
		// 207000016049: 2×2 + 7×4 + 1×9 + 6×10 + 4×12 + 9×13 = 266 = 11×23 + 13 → P (A=0 … H=7, J=8 … N=12, P=13).
		expect(isValidUpn('P207000016049')).toBe(true);
		expect(isValidUpn('M80120000500A')).toBe(true); // temporary: final letter counts as its place in the alphabet
		expect(isValidUpn('A801200005001')).toBe(false);
		expect(isValidUpn('B207000016049')).toBe(false);
		expect(isValidUpn('I801200005001')).toBe(false);
		expect(one('Pupil', ['B801200005001', 'P207000016049'])).toMatchObject({ kind: 'upn', evidence: 'content' });
		expect(one('Pupil', ['A801200005001', 'B207000016049'])).toBeUndefined();
	});

	it('email addresses and UK phone numbers', () => {
		expect(one('Contact', ['jo.bloggs@example.org', 'x@y.co.uk'])).toMatchObject({ kind: 'email', evidence: 'content' });
		for (const p of ['07700 900123', '01702 123456', '+44 7700 900123', '+44 (0)1702 123456', '020 7946 0018', '0117 496 0123'])
			expect(isUkPhoneNumber(p), p).toBe(true);
		for (const p of ['0.661293', '51.566926', '12183016', '9434765919', '2022-01', '00000000000']) expect(isUkPhoneNumber(p), p).toBe(false);
		expect(one('Contact', ['07700 900123', '01702 123456'])).toMatchObject({ kind: 'phone', evidence: 'content' });
	});

	it('addresses: a house number and street, or text ending in a full postcode', () => {
		expect(one('Where', ['12 High Street', 'Flat 3, 4 Park Road', '221b Baker St'])).toMatchObject({ kind: 'address', evidence: 'content' });
		expect(one('Where', ['12 Hill View, Southend SS1 2AB', 'Oak House, Leigh SS9 1AA'])).toMatchObject({ kind: 'address' });
		// police.uk locations are snapped to streets, not addresses.
		expect(one('Where', ['On or near Victoria Avenue', 'On or near Willow Close', 'On or near Supermarket'])).toBeUndefined();
	});

	it('dates of birth by content only with a hint in the header', () => {
		expect(one('Born', ['01/02/2011', '15/03/2010'])).toMatchObject({ kind: 'date_of_birth', action: 'degrade_to_month' });
		expect(one('Date (birth)', ['2011-02-01', '2010-03-15'])).toMatchObject({ kind: 'date_of_birth' });
		expect(one('Date Identified', ['01/02/2011', '15/03/2010'])).toBeUndefined();
		expect(one('Month of birth', ['2011-02', '2010-03'])).toBeUndefined();
		expect(one('Birth month', ['01/02/2011'])).toBeUndefined();
		expect(one('DOB', ['01/02/2011'])).toMatchObject({ evidence: 'both' });
	});

	it('personal names by content, conservatively', () => {
		const people = ['Olivia Smith', 'Jack Jones', 'Amelia Taylor-Brown', "Harry O'Neill", 'Grace Williams', 'Daniel McDonald'];
		expect(one('Young person', people)).toMatchObject({ kind: 'name', evidence: 'content', action: 'drop' });
		expect(one('Referred', ['SMITH, Olivia', 'JONES, Jack', 'TAYLOR, Amelia'])).toMatchObject({ kind: 'name' });
		// Capitalised phrases that are places, organisations or categories are not people.
		expect(one('Where', ['North East', 'West Midlands', 'South East', 'North West'])).toBeUndefined();
		expect(one('Reported by', ['Essex Police', 'Essex Police', 'Essex Police'])).toBeUndefined();
		expect(one('Team', ['Jack Jones', 'Olivia Smith', 'Grace Williams'])).toBeUndefined();
		expect(one('ward_name', ['Hollins Moor', 'Milton Keynes', 'Tower Hamlets'])).toBeUndefined();
		expect(one('Whatever', ['Tower Hamlets', 'Milton Keynes', 'Kingston Upon Thames', 'Brent'])).toBeUndefined();
		// Capitalised words without common first names do not fire either.
		expect(one('Whatever', ['Orange Blossom', 'Silver Birch', 'Golden Eagle'])).toBeUndefined();
	});

	it('ignores empty cells and ragged rows', () => {
		expect(detectIdentifyingColumns(['A', 'B'], [['x'], [], ['', '']])).toEqual([]);
		expect(detectIdentifyingColumns(['Where', 'B'], [['SS1 2AB'], [], ['', ''], ['SS0 7QT', 'y']])).toHaveLength(1);
	});
});

describe('real-looking files are not flagged', () => {
	it('the police.uk street-level crime header and rows', () => {
		const header = ['Crime ID', 'Month', 'Reported by', 'Falls within', 'Longitude', 'Latitude', 'Location', 'LSOA code',
			'LSOA name', 'Crime type', 'Last outcome category', 'Context'];
		const rows = [
			['', '2022-01', 'Essex Police', 'Essex Police', '0.661293', '51.566926', 'On or near Willow Close', 'E01015833',
				'Southend-on-Sea 001A', 'Anti-social behaviour', '', ''],
			['2eee82f6d1e7a839af75ed0e71aadcaf11180d46fd0be3ecce42dc2d004f2cfc', '2022-01', 'Essex Police', 'Essex Police',
				'0.661293', '51.566926', 'On or near Victoria Avenue', 'E01015833', 'Southend-on-Sea 001A', 'Public order',
				'Unable to prosecute suspect', '']
		];
		expect(detectIdentifyingColumns(header, rows)).toEqual([]);
	});

	it('every CSV of the sample partnership (data-samples/northbrook)', () => {
		const dir = join(process.cwd(), 'data-samples', 'northbrook');
		const files = readdirSync(dir).filter((f) => f.endsWith('.csv'));
		expect(files.length).toBeGreaterThanOrEqual(8);
		for (const f of files) {
			const { header, rows } = parseCsv(join(dir, f));
			expect(rows.length, f).toBeGreaterThan(0);
			expect(detectIdentifyingColumns(header, rows), f).toEqual([]);
		}
	});

	it('the real published files in ../shared/realdata (police.uk, ONS, DfE)', () => {
		const dir = join(process.cwd(), '..', 'shared', 'realdata');
		if (!existsSync(dir)) {
			console.warn(`privacy.test: ${dir} is missing, so real published files were not checked.`);
			return;
		}
		const files = ['police-uk', 'population', 'dfe'].flatMap((sub) =>
			existsSync(join(dir, sub)) ? readdirSync(join(dir, sub)).filter((f) => f.endsWith('.csv')).map((f) => join(dir, sub, f)) : []
		);
		expect(files.length).toBeGreaterThanOrEqual(5);
		for (const f of files) {
			const { header, rows } = parseCsv(f);
			expect(rows.length, f).toBeGreaterThan(100);
			expect(detectIdentifyingColumns(header, rows), f).toEqual([]);
			// Also on the first rows alone, as the import preview would see them.
			expect(detectIdentifyingColumns(header, rows.slice(0, 20)), f).toEqual([]);
		}
	});
});
