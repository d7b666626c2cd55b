export * from './status';
export * from './types';
export { describeActivity, isMessage } from './activity';
export { formatWhen } from './format';
export { newTicketForm, replyForm, ticketId, ticketUpdateForm } from './forms';
