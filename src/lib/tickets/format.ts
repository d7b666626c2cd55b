// Times as people read them in lists: "just now", "5 min ago", then the date.
const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

export function formatWhen(iso: string, now = Date.now()): string {
	const at = new Date(iso).getTime();
	if (Number.isNaN(at)) return '';
	const ago = now - at;
	if (ago < minute) return 'just now';
	if (ago < hour) return `${Math.floor(ago / minute)} min ago`;
	if (ago < day) return `${Math.floor(ago / hour)} h ago`;
	return new Date(at).toLocaleDateString('en-GB', {
		day: 'numeric',
		month: 'short',
		year: 'numeric'
	});
}
