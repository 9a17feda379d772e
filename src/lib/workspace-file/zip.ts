/**
 * A minimal ZIP writer and reader (stored entries, no compression): enough to put a workspace's
 * files in one download that any unzip tool can open, with a CRC-32 per entry so a damaged or
 * truncated file is detected. Arrow files barely compress, so "stored" costs little.
 */

const CRC_TABLE = (() => {
	const table = new Uint32Array(256);
	for (let n = 0; n < 256; n++) {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		table[n] = c >>> 0;
	}
	return table;
})();

export function crc32(bytes: Uint8Array): number {
	let crc = 0xffffffff;
	for (let i = 0; i < bytes.length; i++) crc = CRC_TABLE[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
	return (crc ^ 0xffffffff) >>> 0;
}

export class ZipError extends Error {}

const LOCAL = 0x04034b50;
const CENTRAL = 0x02014b50;
const END = 0x06054b50;

export function writeZip(files: Record<string, Uint8Array>): Uint8Array {
	const encoder = new TextEncoder();
	const entries = Object.entries(files).map(([name, data]) => ({ name: encoder.encode(name), data, crc: crc32(data), offset: 0 }));
	const localSize = entries.reduce((n, e) => n + 30 + e.name.length + e.data.length, 0);
	const centralSize = entries.reduce((n, e) => n + 46 + e.name.length, 0);
	const out = new Uint8Array(localSize + centralSize + 22);
	const view = new DataView(out.buffer);
	let p = 0;
	for (const e of entries) {
		e.offset = p;
		view.setUint32(p, LOCAL, true);
		view.setUint16(p + 4, 20, true); // version needed
		view.setUint16(p + 8, 0, true); // stored
		view.setUint32(p + 14, e.crc, true);
		view.setUint32(p + 18, e.data.length, true);
		view.setUint32(p + 22, e.data.length, true);
		view.setUint16(p + 26, e.name.length, true);
		out.set(e.name, p + 30);
		out.set(e.data, p + 30 + e.name.length);
		p += 30 + e.name.length + e.data.length;
	}
	const centralStart = p;
	for (const e of entries) {
		view.setUint32(p, CENTRAL, true);
		view.setUint16(p + 4, 20, true);
		view.setUint16(p + 6, 20, true);
		view.setUint32(p + 16, e.crc, true);
		view.setUint32(p + 20, e.data.length, true);
		view.setUint32(p + 24, e.data.length, true);
		view.setUint16(p + 28, e.name.length, true);
		view.setUint32(p + 42, e.offset, true);
		out.set(e.name, p + 46);
		p += 46 + e.name.length;
	}
	view.setUint32(p, END, true);
	view.setUint16(p + 8, entries.length, true);
	view.setUint16(p + 10, entries.length, true);
	view.setUint32(p + 12, p - centralStart, true);
	view.setUint32(p + 16, centralStart, true);
	return out;
}

/** Read a stored ZIP made by writeZip (or any tool, if its entries are stored). Throws ZipError if damaged. */
export function readZip(bytes: Uint8Array): Record<string, Uint8Array> {
	if (bytes.length < 22) throw new ZipError('The file is too short to be a workspace.');
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const end = bytes.length - 22;
	if (view.getUint32(end, true) !== END) throw new ZipError('The file is incomplete or not a workspace (no end record).');
	const count = view.getUint16(end + 10, true);
	let p = view.getUint32(end + 16, true);
	const decoder = new TextDecoder();
	const files: Record<string, Uint8Array> = {};
	for (let i = 0; i < count; i++) {
		if (p + 46 > bytes.length || view.getUint32(p, true) !== CENTRAL) throw new ZipError('The workspace file is damaged (directory).');
		const method = view.getUint16(p + 10, true);
		const crc = view.getUint32(p + 16, true);
		const size = view.getUint32(p + 20, true);
		const nameLength = view.getUint16(p + 28, true);
		const extraLength = view.getUint16(p + 30, true);
		const commentLength = view.getUint16(p + 32, true);
		const offset = view.getUint32(p + 42, true);
		const name = decoder.decode(bytes.subarray(p + 46, p + 46 + nameLength));
		if (method !== 0) throw new ZipError(`The workspace file has a compressed entry (${name}); it must be exported by CSE Profile.`);
		if (offset + 30 > bytes.length || view.getUint32(offset, true) !== LOCAL) throw new ZipError('The workspace file is damaged (entry).');
		const start = offset + 30 + view.getUint16(offset + 26, true) + view.getUint16(offset + 28, true);
		if (start + size > bytes.length) throw new ZipError(`The workspace file is truncated (${name}).`);
		const data = bytes.slice(start, start + size);
		if (crc32(data) !== crc) throw new ZipError(`The workspace file is damaged: ${name} does not match its checksum.`);
		files[name] = data;
		p += 46 + nameLength + extraLength + commentLength;
	}
	return files;
}
