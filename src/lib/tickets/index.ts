export * from './status';
export * from './types';
export { describeActivity, isMessage } from './activity';
export { newTicketForm, ticketUpdateForm } from './forms';
export type { WriteError } from './mutations';
