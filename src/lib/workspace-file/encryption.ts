/**
 * Passphrase encryption for exported workspaces: AES-256-GCM with a key derived by PBKDF2
 * (SHA-256). GCM authenticates as well as encrypts, so a wrong passphrase and a tampered file
 * are both detected before anything is restored.
 */
const MAGIC = new TextEncoder().encode('CSEPROFILE-ENC1\n');
/** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256. */
export const PBKDF2_ITERATIONS = 600_000;
const SALT_BYTES = 16;
const IV_BYTES = 12;

export class DecryptionError extends Error {}

async function deriveKey(passphrase: string, salt: Uint8Array, iterations: number): Promise<CryptoKey> {
	const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(passphrase), 'PBKDF2', false, ['deriveKey']);
	return crypto.subtle.deriveKey(
		{ name: 'PBKDF2', hash: 'SHA-256', salt: salt as Uint8Array<ArrayBuffer>, iterations },
		material,
		{ name: 'AES-GCM', length: 256 },
		false,
		['encrypt', 'decrypt']
	);
}

export function isEncrypted(bytes: Uint8Array): boolean {
	return bytes.length >= MAGIC.length && MAGIC.every((b, i) => bytes[i] === b);
}

export async function encrypt(plain: Uint8Array, passphrase: string, iterations = PBKDF2_ITERATIONS): Promise<Uint8Array> {
	const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
	const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
	const key = await deriveKey(passphrase, salt, iterations);
	const cipher = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, plain as Uint8Array<ArrayBuffer>));
	const head = new Uint8Array(4);
	new DataView(head.buffer).setUint32(0, iterations);
	const out = new Uint8Array(MAGIC.length + 4 + SALT_BYTES + IV_BYTES + cipher.length);
	out.set(MAGIC, 0);
	out.set(head, MAGIC.length);
	out.set(salt, MAGIC.length + 4);
	out.set(iv, MAGIC.length + 4 + SALT_BYTES);
	out.set(cipher, MAGIC.length + 4 + SALT_BYTES + IV_BYTES);
	return out;
}

export async function decrypt(bytes: Uint8Array, passphrase: string): Promise<Uint8Array> {
	if (!isEncrypted(bytes) || bytes.length < MAGIC.length + 4 + SALT_BYTES + IV_BYTES + 16) {
		throw new DecryptionError('This is not an encrypted CSE Profile workspace, or it is truncated.');
	}
	let p = MAGIC.length;
	const iterations = new DataView(bytes.buffer, bytes.byteOffset + p, 4).getUint32(0);
	p += 4;
	const salt = bytes.slice(p, p + SALT_BYTES);
	const iv = bytes.slice(p + SALT_BYTES, p + SALT_BYTES + IV_BYTES);
	const key = await deriveKey(passphrase, salt, iterations);
	try {
		return new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv }, key, bytes.slice(p + SALT_BYTES + IV_BYTES)));
	} catch {
		throw new DecryptionError('The passphrase is wrong, or the file has been changed or damaged since it was exported.');
	}
}
