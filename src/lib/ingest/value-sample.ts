/**
 * How often each value occurs in each column, counted over a spread of a file's records while it
 * is staged. The conversion uses it only to put the common values of a coded column first
 * (load-mapped.ts: valueMapSql): DuckDB tries a CASE's branches, and `list_position` a list's
 * keys, in order, so a flag column of `0`/`1` matched against fifteen yes/no spellings cost about
 * 4 ms per 100,000 rows each, most of it comparing cells with spellings the file never uses.
 * Nothing depends on the sample being representative: every spelling is still tried, only later.
 */

/** The first records are all counted (the ones a user sees in the preview)… */
const SAMPLE_FIRST = 32;

/**
 * …and then one record in this many (a power of two, for a mask), spread over the whole file:
 * exports are often sorted by date or team, so the first records alone can mislead. That is 195
 * records per 100,000, and splitting them into cells costs well under a millisecond.
 */
const SAMPLE_EVERY = 512;

/** For each staged column (by position), how many sampled records held each trimmed cell. A blank cell counts as ''. */
export type ValueSample = Map<string, number>[];

export function emptyValueSample(width: number): ValueSample {
	return Array.from({ length: width }, () => new Map());
}

/** Whether the record at this 0-based position among the data records is counted. */
export function isSampledRecord(index: number): boolean {
	return index < SAMPLE_FIRST || (index & (SAMPLE_EVERY - 1)) === 0;
}

/** Count one record's cells (trimmed; cells past the sample's width are ignored). */
export function addToValueSample(sample: ValueSample, cells: readonly string[]): void {
	const n = Math.min(cells.length, sample.length);
	for (let i = 0; i < n; i++) sample[i].set(cells[i], (sample[i].get(cells[i]) ?? 0) + 1);
}
