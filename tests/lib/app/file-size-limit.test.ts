import { describe, expect, it } from 'vitest';
import { clampFileLimit, DEFAULT_MAX_FILE_MB, fileSizeProblem, HARD_MAX_FILE_MB } from '$lib/app/file-size-limit';

const MB = 1024 ** 2;

describe('file size limit', () => {
	it('accepts a file up to the limit and refuses one byte over, naming the file, its size and what to do', () => {
		expect(fileSizeProblem('a.csv', DEFAULT_MAX_FILE_MB * MB, DEFAULT_MAX_FILE_MB)).toBeNull();
		const problem = fileSizeProblem('big.csv', DEFAULT_MAX_FILE_MB * MB + 1, DEFAULT_MAX_FILE_MB)!;
		expect(problem.fileName).toBe('big.csv');
		expect(problem.detail).toBe('is 1.0 GB, over the 1.0 GB limit for one file.');
		expect(problem.advice).toMatch(/split the file/);
	});

	it('follows a lower limit set by the user', () => {
		expect(fileSizeProblem('a.csv', 60 * MB, 50)?.detail).toBe('is 60.0 MB, over the 50.0 MB limit for one file.');
		expect(fileSizeProblem('a.csv', 40 * MB, 50)).toBeNull();
	});

	it('keeps the setting within what a tab can hold', () => {
		expect(clampFileLimit(0)).toBe(1);
		expect(clampFileLimit(99_999)).toBe(HARD_MAX_FILE_MB);
		expect(clampFileLimit(Number.NaN)).toBe(DEFAULT_MAX_FILE_MB);
		expect(fileSizeProblem('a.csv', 2000 * MB, 99_999)?.detail).toMatch(/over the 1\.5 GB limit/);
	});
});
