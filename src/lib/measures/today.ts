/** Today's date in the user's own time zone, as ISO `YYYY-MM-DD` (what "today" means to them). */
export function todayIso(now: Date = new Date()): string {
	const p = (n: number) => String(n).padStart(2, '0');
	return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}
