// Times as people read them: "just now", "5 minutes ago", "yesterday", then the date; and the exact
// time for a tooltip.
const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;
const day = 24 * hour;

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
const sameYear = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short' });
const otherYear = new Intl.DateTimeFormat('en-GB', {
	day: 'numeric',
	month: 'short',
	year: 'numeric'
});
const exact = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

const parse = (value: string | number | Date) => new Date(value).getTime();

/** "just now", "5 minutes ago", "in 2 hours", "yesterday", "3 days ago", "12 Mar", "12 Mar 2025". */
export function formatRelative(value: string | number | Date, now = Date.now()): string {
	const at = parse(value);
	if (Number.isNaN(at)) return '';
	const diff = at - now;
	const size = Math.abs(diff);
	if (size < 45 * second) return 'just now';
	if (size < 45 * minute) return relative.format(Math.round(diff / minute), 'minute');
	if (size < 22 * hour) return relative.format(Math.round(diff / hour), 'hour');
	if (size < 6.5 * day) return relative.format(Math.round(diff / day), 'day');
	const date = new Date(at);
	return (date.getFullYear() === new Date(now).getFullYear() ? sameYear : otherYear).format(date);
}

/** "3 Dec 2026, 09:15" in the reader's time zone. */
export function formatExact(value: string | number | Date): string {
	const at = parse(value);
	return Number.isNaN(at) ? '' : exact.format(at);
}
