/**
 * CSV for downloads. Cells that a spreadsheet would run as a formula (starting with = + - @, a
 * tab or a carriage return) get a leading apostrophe, so opening an export in Excel can never
 * execute text that came from a data file (OWASP "CSV injection").
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function safeCell(value: string | number | boolean | null | undefined): string {
	if (value === null || value === undefined) return '';
	let text = String(value);
	if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
	return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | boolean | null | undefined)[])[]): string {
	return [header, ...rows].map((r) => r.map(safeCell).join(',')).join('\r\n') + '\r\n';
}

/** Offer `text` as a file download, from the page itself (no server involved). */
export function downloadText(fileName: string, text: string, type = 'text/csv;charset=utf-8'): void {
	downloadBlob(fileName, new Blob([text], { type }));
}

/** Offer a blob (a PNG, a ZIP…) as a file download, from the page itself. */
export function downloadBlob(fileName: string, blob: Blob): void {
	const url = URL.createObjectURL(blob);
	const a = document.createElement('a');
	a.href = url;
	a.download = fileName;
	document.body.append(a);
	a.click();
	a.remove();
	// The click has started the download by the next task; free the blob shortly after.
	setTimeout(() => URL.revokeObjectURL(url), 1000);
}
