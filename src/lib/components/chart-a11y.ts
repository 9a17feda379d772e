/**
 * Make a chart drawn by Observable Plot one image for assistive technology: each <svg> gets
 * role="img" and an accessible name (Plot's ariaLabel if the chart set one, else `name`), and
 * Plot's labelled mark groups (<g aria-label="line">, "bar", "rule"...) are marked aria-hidden:
 * ARIA does not allow a label on a plain group, and inside role="img" they are presentational
 * anyway. The figures themselves are in the caption and the table beside every chart.
 *
 * The aria-label attributes stay (end-to-end tests find marks by them).
 */
export function chartAsImage(chart: Element, name: string): void {
	const svgs = chart instanceof SVGSVGElement ? [chart] : [...chart.querySelectorAll('svg')];
	for (const svg of svgs) {
		svg.setAttribute('role', 'img');
		if (!svg.getAttribute('aria-label')) svg.setAttribute('aria-label', name);
		for (const g of svg.querySelectorAll('g[aria-label]')) g.setAttribute('aria-hidden', 'true');
	}
}
