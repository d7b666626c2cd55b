// The traffic cop: a message that arrived while an agent was writing holds their send, so nobody
// answers a question the customer has since changed, or repeats what a colleague just said.

export interface TimelineMessage {
	id: number;
	kind: string;
	author: { id: string } | null;
}

/**
 * The messages by other people (replies, and notes by colleagues) that arrived after `seenId`, the
 * newest activity the agent had seen when they last looked.
 */
export function arrivedSince<M extends TimelineMessage>(
	activities: M[],
	seenId: number,
	viewerId: string
): M[] {
	return activities.filter(
		(activity) =>
			activity.id > seenId &&
			(activity.kind === 'reply' || activity.kind === 'note') &&
			activity.author?.id !== viewerId
	);
}

/** The newest activity id in a timeline (0 for none). */
export const newestId = (activities: { id: number }[]) =>
	activities.reduce((newest, activity) => Math.max(newest, activity.id), 0);
