/** The map panel's profile of an area against the partnership: shares, and what is withheld. */
import { describe, expect, it } from 'vitest';
import { areaProfileView, type ProfileCounts } from '$lib/views/area-profile';

const counts = (age: number[], sex: number[]): ProfileCounts => ({
	ageBand: ['12 and under', '13 to 15', '16 to 17', '18 and over', 'Age not known'].map((label, i) => ({ label, children: age[i] })),
	sex: ['Female', 'Male', 'Other', 'Not known'].map((label, i) => ({ label, children: sex[i] }))
});

const PARTNERSHIP = counts([100, 200, 150, 40, 10], [300, 180, 10, 10]);
const BOARD = { analyst: false, threshold: 10 };
const ANALYST = { analyst: true, threshold: 10 };

describe('areaProfileView', () => {
	it('shows counts and shares here beside the partnership shares when nothing is small', () => {
		const v = areaProfileView(counts([20, 40, 30, 10, 0], [60, 40, 0, 0]), PARTNERSHIP, BOARD);
		expect(v.totalText).toBe('100 children at risk');
		expect(v.partnershipTotalText).toBe('500 children at risk');
		expect(v.restricted).toBe(false);
		const age = v.sections.find((s) => s.id === 'age')!;
		expect(age.rows[1]).toEqual({ label: '13 to 15', areaCount: '40', areaShare: '40%', partnershipShare: '40%' });
		expect(age.rows[4]).toEqual({ label: 'Age not known', areaCount: '0', areaShare: '0%', partnershipShare: '2%' });
		const sex = v.sections.find((s) => s.id === 'sex')!;
		expect(sex.rows[0]).toEqual({ label: 'Female', areaCount: '60', areaShare: '60%', partnershipShare: '60%' });
		expect(sex.summary).toMatch(/^Much like the partnership/);
		expect(age.summary).toMatch(/^Much like the partnership/);
	});

	it('names the group that differs most from the partnership', () => {
		const v = areaProfileView(counts([10, 70, 10, 10, 0], [50, 50, 0, 0]), PARTNERSHIP, BOARD);
		expect(v.sections[0].summary).toBe('The largest difference is “13 to 15”, 70% of children here against 40% across the partnership.');
	});

	it('hides small counts, their shares, and one more count so the hidden one cannot be worked out', () => {
		const v = areaProfileView(counts([12, 30, 20, 3, 0], [40, 25, 0, 0]), PARTNERSHIP, BOARD);
		const age = v.sections[0].rows;
		expect(age[3]).toMatchObject({ areaCount: 'fewer than 10', areaShare: '–' });
		// 12 is the smallest shown non-zero count: hidden too, as 65 − 30 − 20 would give 3 away.
		expect(age[0]).toMatchObject({ areaCount: 'not shown (protects a smaller count)', areaShare: '–' });
		expect(age[1]).toMatchObject({ areaCount: '30', areaShare: '46%' });
		expect(v.sections[0].summary).toMatch(/^Among the groups that can be shown: /);
		// Nothing printed is a hidden count, and no share of a hidden count.
		const printed = JSON.stringify(v);
		expect(printed).not.toMatch(/"areaCount":"(3|12)"/);
	});

	it('hides the partnership share of a group whose partnership count is small', () => {
		const v = areaProfileView(counts([20, 40, 30, 10, 0], [60, 40, 0, 0]), counts([100, 200, 150, 40, 10], [300, 185, 5, 10]), BOARD);
		const sex = v.sections[1].rows;
		expect(sex[2]).toMatchObject({ label: 'Other', partnershipShare: '–' });
		// …and the partnership's next smallest, so the small one cannot be worked out.
		expect(sex[3]).toMatchObject({ label: 'Not known', partnershipShare: '–' });
		expect(sex[0].partnershipShare).toBe('60%');
	});

	it('shows nothing but the total in words when the area has fewer than the threshold', () => {
		const v = areaProfileView(counts([2, 3, 1, 0, 0], [4, 2, 0, 0]), PARTNERSHIP, BOARD);
		expect(v.totalText).toBe('fewer than 10 children at risk');
		expect(v.sections).toEqual([]);
		expect(v.note).toBe('With fewer than 10 children at risk here, their ages and sexes are not shown.');
		expect(JSON.stringify(v)).not.toMatch(/\b6\b/);
	});

	it('says so when no child at risk lives in the area', () => {
		const v = areaProfileView(counts([0, 0, 0, 0, 0], [0, 0, 0, 0]), PARTNERSHIP, BOARD);
		expect(v).toMatchObject({ totalText: '0 children at risk', sections: [], note: 'No children at risk live here in this period.' });
	});

	it('in analyst mode shows every exact count and marks the profile restricted', () => {
		const v = areaProfileView(counts([2, 3, 1, 0, 0], [4, 2, 0, 0]), PARTNERSHIP, ANALYST);
		expect(v.totalText).toBe('6 children at risk');
		expect(v.restricted).toBe(true);
		expect(v.sections[0].rows[1]).toEqual({ label: '13 to 15', areaCount: '3', areaShare: '50%', partnershipShare: '40%' });
	});

	it('in analyst mode with nothing small, is not restricted', () => {
		expect(areaProfileView(counts([20, 40, 30, 10, 0], [60, 40, 0, 0]), counts([100, 200, 150, 40, 0], [300, 190, 0, 0]), ANALYST).restricted).toBe(false);
	});
});
