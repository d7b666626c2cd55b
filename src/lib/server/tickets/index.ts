export * from './queries';
export { addMessage, fileTicket, updateTicket, type WriteError } from './mutations';
export { postMessage, ticketIdFrom } from './ticket-page';
