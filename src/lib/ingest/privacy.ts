/**
 * Minimal data (DESIGN.md): find the columns of an imported file that would identify a child, so
 * that they are dropped, degraded or pseudonymised in the staged table before anything is
 * converted or stored (see `applyPrivacy` in `pseudonym.ts`).
 *
 * Pure functions over the file's header and a sample of its rows (the preview papaparse already
 * read). A column is judged by its header, by its content, or by both:
 *   - headers are compared ignoring case, spaces, punctuation and underscores, against lists of
 *     the names agencies use for names, addresses, postcodes, dates of birth, NHS numbers, UPNs,
 *     phone numbers, email addresses and case identifiers;
 *   - content rules look for values that can only be identifiers: full UK postcodes, NHS numbers
 *     with a valid modulus-11 check digit, UPNs with a valid check letter, email addresses, UK
 *     phone numbers, street addresses, and (conservatively) personal names.
 * Detection errs towards flagging by header (a false alarm costs a column the user can rename;
 * a miss stores an identity), and towards caution by content, where everyday data such as
 * police.uk locations or area names must never be mistaken for people.
 */

export type IdentifierKind =
	| 'name'
	| 'address'
	| 'postcode'
	| 'date_of_birth'
	| 'nhs_number'
	| 'upn'
	| 'phone'
	| 'email'
	| 'case_id';

export type PrivacyAction = 'drop' | 'degrade_to_month' | 'pseudonymise';

export interface ColumnPrivacy {
	/** The header cell as in the file. */
	column: string;
	/** Its position in the header (0-based). */
	index: number;
	kind: IdentifierKind;
	/** What gave it away: the header, the values, or both. */
	evidence: 'header' | 'content' | 'both';
	action: PrivacyAction;
	/** Plain English for the import screen, e.g. "Column 'NHS No' looks like NHS numbers and will not be imported." */
	message: string;
}

export const ACTION_FOR_KIND: Readonly<Record<IdentifierKind, PrivacyAction>> = {
	name: 'drop',
	address: 'drop',
	postcode: 'drop',
	date_of_birth: 'degrade_to_month',
	nhs_number: 'drop',
	upn: 'drop',
	phone: 'drop',
	email: 'drop',
	case_id: 'pseudonymise'
};

/** What a kind of column holds, in words: "Column 'X' looks like {KIND_WORDS}". */
export const KIND_WORDS: Readonly<Record<IdentifierKind, string>> = {
	name: "people's names",
	address: 'home addresses',
	postcode: 'full postcodes',
	date_of_birth: 'dates of birth',
	nhs_number: 'NHS numbers',
	upn: 'unique pupil or learner numbers',
	phone: 'phone numbers',
	email: 'email addresses',
	case_id: 'case identifiers'
};

// ---------------------------------------------------------------------------------------------
// Headers

/**
 * Header cell → lower-case words: BOM removed, camelCase split (`DateOfBirth`, `NHSNumber`),
 * every run of punctuation, underscores or spaces made one space (`D.O.B.` → `d o b`).
 */
export function headerWords(cell: string): string {
	return cell
		.replace(/^\uFEFF/, '')
		.replace(/([a-z])([A-Z])/g, '$1 $2')
		.replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, ' ')
		.trim();
}

/** The header with all separators removed, for matching: `Date_of Birth` → `dateofbirth`. */
export function headerKey(cell: string): string {
	return headerWords(cell).replaceAll(' ', '');
}

/** The header without a trailing bracketed note, e.g. `DOB (dd/mm/yyyy)` → `DOB`, `Surname (legal)` → `Surname`. */
function withoutNote(cell: string): string {
	return cell.replace(/\s*[([][^)\]]*[)\]]\s*$/, '') || cell;
}

/** Whose identifier a column holds, as agencies prefix it: `Child Name`, `Client DOB`, `YP NHS No`. */
const PERSON = '(?:child|childs|children|youngperson|youngpersons|yp|person|persons|client|clients|subject|patient|patients|pupil|pupils|student|learner|serviceuser|victim|victims|mother|mothers|father|fathers|parent|parents|carer|carers|individual|nominal)';

interface HeaderRule {
	kind: IdentifierKind;
	pattern: RegExp;
}

/**
 * Header patterns over `headerKey`, most specific first (`email address` is an email, not an
 * address). Anchored, so `phone` matches `Mobile Phone No` but not `Concerning phone use`; no
 * `mob`, which agencies also use for month of birth.
 */
const HEADER_RULES: readonly HeaderRule[] = [
	{ kind: 'email', pattern: new RegExp(`^(?:${PERSON}|contact|personal|home|work)?e?mail(?:address|addr)?\\d*$`) },
	{
		kind: 'phone',
		pattern: new RegExp(
			`^(?:${PERSON}|contact|home|work|main|alternative|alt|other|emergency)?(?:tele?phone|phone|tel|mobile|landline)(?:no|number|num)?\\d*$|^contact(?:no|number|num|tel)$`
		)
	},
	{ kind: 'nhs_number', pattern: new RegExp(`^${PERSON}?nhs(?:no|number|num|id)?$`) },
	{
		kind: 'upn',
		pattern: new RegExp(
			`^(?:${PERSON}|former|current|previous)?(?:upn|uniquepupilnumber|uniquepupilno|uln|uniquelearnernumber|uniquelearnerno)(?:no|number)?$`
		)
	},
	{ kind: 'date_of_birth', pattern: new RegExp(`^${PERSON}?(?:dob|dateofbirth|birthdate|birthday|datebirth|dateborn|borndate)$`) },
	{
		kind: 'postcode',
		pattern: new RegExp(
			`^(?:${PERSON}|home|current|previous|placement|residential|address|lastknown|school)?(?:postcode|postalcode|pcode|zipcode|zip)$`
		)
	},
	{
		kind: 'address',
		pattern: new RegExp(
			`^(?:${PERSON}|home|current|previous|placement|residential|postal|permanent|temporary|lastknown|main|full)?(?:address|addr)(?:line)?\\d*$` +
				'|^(?:street|streetname|streetaddress|road|roadname|house|housename|housenumber|houseno|housenameornumber|flat|flatno|flatnumber|buildingname|buildingnumber|dwelling)$'
		)
	},
	{
		kind: 'name',
		pattern: new RegExp(
			`^${PERSON}?(?:full|first|last|given|family|middle|preferred|legal|known|maiden|birth|christian|sur|fore|nick)?names?\\d*$` +
				'|forename|surname|firstname|lastname|givenname|familyname|middlename|fullname|maidenname|preferredname' +
				'|^(?:knownas|alsoknownas|alias|aliases|aka|nameofchild|nameofyoungperson|nameofpupil|nameofperson|nameofclient)$'
		)
	},
	{
		kind: 'case_id',
		pattern: new RegExp(
			`^(?:case|${PERSON}|mosaic|lcs|liquidlogic|eclipse|carefirst|frameworki|azeus|paris|swift|protocol|police|niche|athena|socialcare|csc|pnc|cro)` +
				'(?:id|ref|reference|refno|referenceno|referencenumber|no|number|num|identifier)$' +
				'|^(?:crn|pnc|caseno)$'
		)
	}
];

/**
 * Words in a header that say the column is already safe for this kind: a postcode sector or
 * district, a month or year of birth, a value that has been pseudonymised or hashed.
 */
const SAFE_QUALIFIERS: Partial<Record<IdentifierKind, RegExp>> = {
	postcode: /\b(?:sector|district|area|outward|outcode|prefix|partial|truncated|half)\b/,
	date_of_birth: /\b(?:month|year)\b/
};
const PSEUDONYMISED_QUALIFIER = /\b(?:pseudo|pseudonym|pseudonymised|pseudonymized|hash|hashed|anon|anonymised|anonymized|encrypted|masked|token|tokenised)\b/;

function headerKindOf(cell: string): IdentifierKind | null {
	const words = headerWords(cell);
	if (PSEUDONYMISED_QUALIFIER.test(words)) return null;
	const key = headerKey(withoutNote(cell));
	if (!key) return null;
	for (const rule of HEADER_RULES) {
		if (!rule.pattern.test(key)) continue;
		const safe = SAFE_QUALIFIERS[rule.kind];
		if (safe && safe.test(words)) return null;
		// `DOB (mm/yyyy)`: a note with a month and year but no day.
		if (rule.kind === 'date_of_birth' && /\bmm\b/.test(words) && /\byy(?:yy)?\b/.test(words) && !/\bdd\b/.test(words)) return null;
		return rule.kind;
	}
	return null;
}

// ---------------------------------------------------------------------------------------------
// Values

/** Full UK postcode (not a sector or district), with or without its space: `SS1 2AB`, `ss12ab`, `EC1A 1BB`. */
const FULL_POSTCODE = /^(?:[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][ABD-HJLNP-UW-Z]{2}|GIR ?0AA)$/i;
/** A full postcode ending a longer piece of text: `12 High St, Southend SS1 2AB`. */
const TRAILING_POSTCODE = /\S.*[\s,][A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][ABD-HJLNP-UW-Z]{2}$/i;
/** House number (or flat) then a street: `12 High Street`, `Flat 3, 4 Park Road`, `12a Victoria Ave`. */
const STREET_ADDRESS =
	/^(?:(?:flat|apartment|apt|unit)\s*\d+[a-z]?,?\s+)?\d+[a-z]?,?\s+(?:[A-Za-z'-]+\s+){1,4}(?:street|st|road|rd|avenue|ave|close|cl|lane|ln|drive|dr|way|crescent|cres|court|ct|gardens|gdns|place|pl|grove|gr|terrace|hill|park|walk|mews|row|square|sq|green|rise|view|parade|vale)\b/i;
const EMAIL = /^[^\s@,;]+@[^\s@,;]+\.[a-z]{2,}$/i;
/** A cell that can only hold a phone number's characters. */
const PHONE_CHARS = /^\+?[\d\s()-]{9,20}$/;
/** Full dates: `15/03/2011`, `15-03-2011`, `15.3.11`, `2011-03-15` (a time may follow), `15 March 2011`. */
const FULL_DATE =
	/^(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})|\d{4}[/.-]\d{1,2}[/.-]\d{1,2}|\d{1,2}[ -](?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*[ -]\d{2,4})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?)?$/i;

/** True for a UK postcode with both halves (`SS1 2AB`), false for a sector (`SS1 2`) or district (`SS1`). */
export function isFullPostcode(value: string): boolean {
	return FULL_POSTCODE.test(value.trim());
}

/**
 * True when `value` is a 10-digit NHS number (optionally spaced or dashed 3-3-4) whose last digit
 * is its modulus-11 check digit. Numbers of one repeated digit pass the arithmetic but are never
 * issued, so they are refused.
 */
export function isValidNhsNumber(value: string): boolean {
	const v = value.trim();
	if (!/^\d{3}[ -]?\d{3}[ -]?\d{4}$/.test(v)) return false;
	const digits = v.replace(/\D/g, '');
	if (/^(\d)\1{9}$/.test(digits)) return false;
	let sum = 0;
	for (let i = 0; i < 9; i++) sum += Number(digits[i]) * (10 - i);
	const check = 11 - (sum % 11);
	if (check === 10) return false;
	return (check === 11 ? 0 : check) === Number(digits[9]);
}

/** The 23 letters of the UPN check alphabet (no I, O or S), so a letter's index is its value. */
const UPN_LETTERS = 'ABCDEFGHJKLMNPQRTUVWXYZ';

/**
 * True when `value` is a DfE unique pupil number: a check letter, 11 digits, then a 12th digit
 * (permanent UPN) or letter (temporary UPN), where the check letter is the weighted sum of
 * characters 2–13 (weights 2–13, a final letter counting as its place in the check alphabet)
 * modulo 23.
 */
export function isValidUpn(value: string): boolean {
	const v = value.trim().toUpperCase();
	if (!/^[A-HJ-NP-RT-Z]\d{11}[0-9A-HJ-NP-RT-Z]$/.test(v)) return false;
	let sum = 0;
	for (let pos = 2; pos <= 13; pos++) {
		const ch = v[pos - 1];
		const n = /\d/.test(ch) ? Number(ch) : UPN_LETTERS.indexOf(ch);
		sum += n * pos;
	}
	return UPN_LETTERS[sum % 23] === v[0];
}

/** A UK phone number: 01/02 numbers of 10–11 digits, 03/07/08 numbers of 11, or the same after +44. */
export function isUkPhoneNumber(value: string): boolean {
	const v = value.trim();
	if (!PHONE_CHARS.test(v)) return false;
	let digits = v.replace(/\D/g, '');
	if (v.startsWith('+44') || digits.startsWith('0044')) digits = '0' + digits.replace(/^(?:00)?44/, '').replace(/^0/, '');
	return /^0(?:[12]\d{8,9}|[378]\d{9})$/.test(digits);
}

export function isEmail(value: string): boolean {
	return EMAIL.test(value.trim());
}

/** A full date (day, month and year), as opposed to a month (`2011-03`) or a year. */
export function isFullDate(value: string): boolean {
	return FULL_DATE.test(value.trim());
}

/** Addresses are short; longer cells are notes, and the patterns below are slow on long text. */
const LONGEST_ADDRESS = 200;

export function looksLikeAddress(value: string): boolean {
	const v = value.trim();
	if (v.length > LONGEST_ADDRESS) return false;
	return TRAILING_POSTCODE.test(v) || STREET_ADDRESS.test(v);
}

/**
 * Pseudonyms already made before the file reached us: a short prefix and 8+ hex digits
 * (`NB-1A2B3C4D`, our own `P-0123456789ABCDEF`) or a bare hex digest of 16+ characters.
 */
const PSEUDONYM = /^(?:[A-Z]{1,6}-[0-9A-F]{8,64}|[0-9A-F]{16,128})$/i;

/**
 * True when every non-empty value looks like a pseudonym. Hex pseudonyms almost always contain a
 * letter A–F (an 8-digit one is all digits 2% of the time), so a column of prefixed plain numbers
 * (`AB-12345678`, a system's own case numbers) is not taken for one.
 */
export function looksPseudonymised(values: readonly string[]): boolean {
	if (values.length === 0) return false;
	if (!values.every((v) => PSEUDONYM.test(v))) return false;
	const withLetter = values.filter((v) => /[A-F]/i.test(v.replace(/^[A-Z]{1,6}-/i, ''))).length;
	return withLetter >= values.length / 2;
}

// Personal names by content ---------------------------------------------------------------------

/**
 * Common first names of children and young people in England and Wales (ONS baby names,
 * 2000–2020), minus names that are also places, months or everyday words (Victoria, Chelsea,
 * Jordan, April, Hope…), which would make area or location columns look like people.
 */
const FIRST_NAMES = new Set(
	(
		'olivia amelia isla ava emily sophia grace mia poppy ella lily evie isabella sophie ivy freya harper ' +
		'willow charlotte evelyn jessica chloe ellie millie lucy daisy phoebe scarlett ruby alice matilda rosie ' +
		'lola holly megan hannah lauren amy emma katie rebecca abigail bethany laura leah jasmine molly elizabeth ' +
		'eleanor imogen niamh caitlin paige shannon courtney amber zara aisha fatima maryam maisie summer erin ' +
		'eva esme florence ivy layla nancy sienna thea harriet elsie ayesha nicole natasha gemma danielle stacey ' +
		'kayleigh jade rachel sarah jennifer samantha kirsty leanne kelly louise hayley zoe anna maria martha ' +
		'oliver george harry noah jack jacob leo oscar charlie muhammad mohammed mohammad arthur freddie alfie ' +
		'theo thomas james joshua william henry archie lucas ethan isaac max alexander joseph daniel samuel ' +
		'benjamin adam dylan logan ryan kyle callum liam connor luke lewis nathan tyler reece bradley kieran ' +
		'jake matthew michael christopher david andrew john robert richard paul mark steven stephen craig lee ' +
		'ben sam joe tom dan josh harvey riley finley teddy reggie jayden ali ahmed omar ibrahim yusuf hamza ' +
		'zain ayaan aaron elliot owen rhys jamie toby mason edward luca kai ronnie tommy frankie bobby'
	).split(' ')
);

/** Words that make a capitalised phrase a place, organisation or category rather than a person. */
const NOT_PERSON_WORDS = new Set(
	(
		'street road avenue close lane drive way park moor hill green common heath wood woods field fields ' +
		'gardens court place grove terrace walk mews row square crescent rise view parade vale bridge ' +
		'north south east west central upper lower great little saint st new old royal ' +
		'police council service services team trust hospital school academy college centre center university ' +
		'borough city town county district ward region division unit care health social children youth agency ' +
		'limited ltd group partnership board sector department project station church house hall ' +
		'england wales scotland ireland britain kingdom midlands yorkshire humber london essex kent ' +
		'male female unknown other white black asian mixed british irish indian pakistani bangladeshi chinese ' +
		'yes no none not known high medium low open closed'
	).split(' ')
);

/** Headers of columns that hold names, but not of people: areas, organisations, categories. */
const NOT_PERSON_HEADER =
	/area|ward|lsoa|msoa|district|region|country|county|borough|parish|locat|place|town|city|agency|organi[sz]|team|service|provider|school|establishment|setting|force|reportedby|fallswithin|crime|offence|outcome|category|type|status|ethnic|religion|language|nationality|gender|worker|officer|professional|referrer|practitioner|manager|practice|hospital|trust|unit|source|title|label|description|group|month/;
/** Short header words for geography (`la_name`, `LAD24NM`, `WD13NM`). */
const GEOGRAPHY_TOKEN = /^(?:la|lad|laua|ctry|rgn|cty|oa|gss|[a-z]{2,5}\d{2}(?:nm|nmw|cd))$/;

const NAME_WORD = "[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)*";
const MAC_WORD = "(?:Ma?c|O'|O’)[A-Z][a-z'’]+";
const WORD = `(?:${MAC_WORD}|${NAME_WORD})`;
/** `Firstname Surname`, `Firstname Middle Surname`, `SURNAME, Firstname` or `Surname, Firstname`. */
const FULL_NAME = new RegExp(`^${WORD}(?: ${WORD}){1,3}$`);
const SURNAME_FIRST = new RegExp(`^(?:[A-Z][A-Z'’-]+|${WORD}), ${WORD}(?: ${WORD})?$`);

function firstNameOf(value: string): string | null {
	if (SURNAME_FIRST.test(value)) return value.split(', ')[1].split(' ')[0].toLowerCase();
	if (FULL_NAME.test(value)) return value.split(' ')[0].toLowerCase();
	return null;
}

function looksLikePersonName(value: string): boolean {
	if (!FULL_NAME.test(value) && !SURNAME_FIRST.test(value)) return false;
	return !value.toLowerCase().split(/[\s,-]+/).some((w) => NOT_PERSON_WORDS.has(w));
}

/**
 * A column of people's names, judged by content alone, so deliberately strict: most values are
 * two to four capitalised words with no place or organisation words, several of them start with a
 * common first name, they are not all the same few values, and the header is not one of the
 * usual names for area, organisation or category columns.
 */
function looksLikeNameColumn(header: string, values: readonly string[]): boolean {
	const key = headerKey(header);
	if (NOT_PERSON_HEADER.test(key)) return false;
	if (headerWords(header).split(' ').some((w) => GEOGRAPHY_TOKEN.test(w))) return false;
	const names = values.filter(looksLikePersonName);
	if (names.length < 2 || names.length < values.length * 0.6) return false;
	const distinct = new Set(names);
	if (distinct.size < Math.min(3, names.length) || distinct.size < names.length * 0.3) return false;
	const known = [...distinct].filter((n) => {
		const first = firstNameOf(n);
		return first !== null && FIRST_NAMES.has(first);
	}).length;
	return known >= Math.max(1, distinct.size * 0.3);
}

// ---------------------------------------------------------------------------------------------
// Columns

/** A share of a column's non-empty values at or above which a content rule fires. */
const CONTENT_SHARE = 0.5;

/** Header words that hint a column of dates is dates of birth: `Born`, `Birth (date)`, `D.O.B`. */
const BIRTH_HINT = /\b(?:birth|born|dob|d o b|bday|birthday)\b/;
const NOT_BIRTH_DATE = /\b(?:month|year|country|place|town|city|weight|order|registration|certificate|sex|gender|mother|father)\b/;

function contentKindOf(header: string, values: readonly string[]): IdentifierKind | null {
	if (values.length === 0) return null;
	const share = (pred: (v: string) => boolean) => {
		let n = 0;
		for (const v of values) if (pred(v)) n++;
		return n > 0 && n >= values.length * CONTENT_SHARE;
	};
	if (share(isValidNhsNumber)) return 'nhs_number';
	if (share(isValidUpn)) return 'upn';
	if (share(isEmail)) return 'email';
	if (share(isFullPostcode)) return 'postcode';
	if (share(isUkPhoneNumber)) return 'phone';
	if (share(looksLikeAddress)) return 'address';
	const words = headerWords(header);
	if (BIRTH_HINT.test(words) && !NOT_BIRTH_DATE.test(words) && share(isFullDate)) return 'date_of_birth';
	if (looksLikeNameColumn(header, values)) return 'name';
	return null;
}

function messageFor(column: string, kind: IdentifierKind, evidence: ColumnPrivacy['evidence']): string {
	const how = evidence === 'header' ? 'is named like a column of' : evidence === 'content' ? 'holds values that look like' : 'looks like';
	const what = `Column '${column}' ${how} ${KIND_WORDS[kind]}`;
	switch (ACTION_FOR_KIND[kind]) {
		case 'drop':
			return `${what} and will not be imported.`;
		case 'degrade_to_month':
			return `${what}: only the month and year of birth will be kept.`;
		case 'pseudonymise':
			return `${what}: they will be replaced by pseudonyms made with your partnership key, so the same child links across agencies without their case number being stored.`;
	}
}

/** More protective first: when header and content disagree, the stricter reading wins. */
const ACTION_RANK: Readonly<Record<PrivacyAction, number>> = { drop: 0, pseudonymise: 1, degrade_to_month: 2 };

/**
 * The columns of a file that look identifying, with what to do about each. `sample` is rows of
 * cells in header order (the preview); empty cells are ignored. Columns not returned are safe to
 * import as they are.
 */
export function detectIdentifyingColumns(header: string[], sample: string[][]): ColumnPrivacy[] {
	const out: ColumnPrivacy[] = [];
	header.forEach((column, index) => {
		const values: string[] = [];
		for (const row of sample) {
			const cell = row[index];
			if (typeof cell === 'string' && cell.trim() !== '') values.push(cell.trim());
		}
		let byHeader = headerKindOf(column);
		// A case identifier only needs pseudonymising if it is not a pseudonym already.
		if (byHeader === 'case_id' && looksPseudonymised(values)) byHeader = null;
		const byContent = contentKindOf(column, values);
		if (!byHeader && !byContent) return;
		let kind: IdentifierKind;
		if (byHeader && byContent) {
			kind = ACTION_RANK[ACTION_FOR_KIND[byContent]] < ACTION_RANK[ACTION_FOR_KIND[byHeader]] ? byContent : byHeader;
		} else {
			kind = (byHeader ?? byContent) as IdentifierKind;
		}
		const evidence: ColumnPrivacy['evidence'] = byHeader && byContent ? 'both' : byHeader ? 'header' : 'content';
		out.push({ column, index, kind, evidence, action: ACTION_FOR_KIND[kind], message: messageFor(column, kind, evidence) });
	});
	return out;
}
