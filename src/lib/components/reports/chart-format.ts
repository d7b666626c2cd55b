// Axis and tooltip formats shared by the report charts.
const dayFormat = new Intl.DateTimeFormat('en-GB', {
	day: 'numeric',
	month: 'short',
	timeZone: 'UTC'
});

/** A report day (YYYY-MM-DD) as a Date at UTC midnight, which the charts' time axes place. */
export const dayDate = (day: string) => new Date(`${day.slice(0, 10)}T00:00:00Z`);

export const formatDay = (value: unknown) =>
	value instanceof Date ? dayFormat.format(value) : String(value ?? '');

export const formatCount = (value: unknown) =>
	typeof value === 'number' ? value.toLocaleString('en-GB') : String(value ?? '');
