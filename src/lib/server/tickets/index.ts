export * from './queries';
export {
	addMessage,
	fileTicket,
	openFollowUp,
	rateTicket,
	updateTicket,
	type WriteError
} from './mutations';
export { postMessage, ticketIdFrom } from './ticket-page';
export { listAttachments, attachmentsQuery, type TicketAttachment } from './attachments';
