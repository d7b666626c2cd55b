// Timestamps as GoTrue's JSON shows them (Go's RFC 3339 in UTC, fraction without trailing zeros),
// from the text PostgreSQL prints for a timestamptz or the ISO form to_jsonb gives it.
const pattern =
	/^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:([+-])(\d{2})(?::?(\d{2}))?(?::?(\d{2}))?|Z)?$/;

export function goTime(text: string): string;
export function goTime(text: string | null): string | null;
export function goTime(text: string | null): string | null {
	if (text === null) return null;
	const match = pattern.exec(text);
	if (!match) return text;
	const [, year, month, day, hour, minute, second, fraction = '', sign, oh, om, os] = match;
	const digits = fraction.replace(/0+$/, '').replace(/^\.$/, '');
	const offsetSeconds =
		(sign === '-' ? -1 : 1) * (Number(oh ?? 0) * 3600 + Number(om ?? 0) * 60 + Number(os ?? 0));
	if (offsetSeconds === 0) {
		return `${year}-${month}-${day}T${hour}:${minute}:${second}${digits}Z`;
	}
	const utc = new Date(
		Date.UTC(+year, +month - 1, +day, +hour, +minute, +second) - offsetSeconds * 1000
	);
	return `${utc.toISOString().slice(0, 19)}${digits}Z`;
}
