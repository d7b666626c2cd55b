// Rows as the portals read them: typed by the server's queries themselves (their select lists over
// the generated `Database` types), so a page and its query cannot drift apart. Types only: nothing
// of the server's code reaches the browser through here.
export type { Activity, Person, TicketDetail, TicketSummary } from '$lib/server/tickets/queries';
