/** A problem with a whole file: the import is refused and nothing from the file is kept. */
export class ImportError extends Error {
	constructor(
		readonly fileName: string,
		readonly detail: string,
		readonly advice: string
	) {
		super(`${fileName}: ${detail} ${advice}`);
		this.name = 'ImportError';
	}
}
