// The reliability suite's figures, printed as one line per measure so a CI log shows them.

export function report(title: string, figures: Record<string, number | string>): void {
	const cells = Object.entries(figures).map(([name, value]) => `${name}=${value}`);
	console.log(`[reliability] ${title}: ${cells.join(' ')}`);
}
