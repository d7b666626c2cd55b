// Links to the same list with some query parameters changed (a page, an export of the same
// filters), keeping the others.

/** `url`'s path and query with `changes` applied; undefined removes a parameter. */
export function hrefWith(
	url: URL,
	changes: Record<string, string | undefined>,
	pathname = url.pathname
) {
	const params = new URLSearchParams(url.searchParams);
	for (const [name, value] of Object.entries(changes)) {
		if (value === undefined) params.delete(name);
		else params.set(name, value);
	}
	const query = params.toString();
	return `${pathname}${query ? `?${query}` : ''}`;
}
