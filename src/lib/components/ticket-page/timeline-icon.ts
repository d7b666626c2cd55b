/** The icons the timeline draws once and references (timeline-icons.svelte). */
export type TimelineIconName = 'history' | 'lock' | 'paperclip';

export const timelineIconId = (name: TimelineIconName) => `timeline-icon-${name}`;
