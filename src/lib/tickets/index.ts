export * from './status';
export * from './types';
export { describeActivity, isMessage } from './activity';
export { newTicketForm, replyForm, ticketId, ticketUpdateForm } from './forms';
export * from './customer';
export * from './sla';
