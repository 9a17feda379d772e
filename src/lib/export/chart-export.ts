/**
 * Exporting a chart as SVG or PNG, from the page itself. The SVG is serialised as drawn; the PNG
 * is the SVG painted onto a canvas at twice the size, on white, so it prints and pastes sharply.
 */
import { downloadText } from './csv';

function svgOf(figure: Element): SVGSVGElement | null {
	return figure instanceof SVGSVGElement ? figure : figure.querySelector('svg');
}

export function svgText(figure: Element): string {
	const svg = svgOf(figure);
	if (!svg) throw new Error('There is no chart to export.');
	const copy = svg.cloneNode(true) as SVGSVGElement;
	copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
	return new XMLSerializer().serializeToString(copy);
}

export function downloadSvg(figure: Element, fileStem: string): void {
	downloadText(`${fileStem}.svg`, svgText(figure), 'image/svg+xml;charset=utf-8');
}

export async function downloadPng(figure: Element, fileStem: string, scale = 2): Promise<void> {
	const svg = svgOf(figure);
	if (!svg) throw new Error('There is no chart to export.');
	const { width, height } = svg.getBoundingClientRect();
	const url = URL.createObjectURL(new Blob([svgText(figure)], { type: 'image/svg+xml;charset=utf-8' }));
	try {
		const image = new Image();
		image.src = url;
		await image.decode();
		const canvas = document.createElement('canvas');
		canvas.width = Math.ceil(width * scale);
		canvas.height = Math.ceil(height * scale);
		const ctx = canvas.getContext('2d')!;
		ctx.fillStyle = 'white';
		ctx.fillRect(0, 0, canvas.width, canvas.height);
		ctx.drawImage(image, 0, 0, canvas.width, canvas.height);
		const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
		if (!blob) throw new Error('The chart could not be turned into a PNG.');
		const pngUrl = URL.createObjectURL(blob);
		const a = document.createElement('a');
		a.href = pngUrl;
		a.download = `${fileStem}.png`;
		document.body.append(a);
		a.click();
		a.remove();
		setTimeout(() => URL.revokeObjectURL(pngUrl), 1000);
	} finally {
		URL.revokeObjectURL(url);
	}
}
