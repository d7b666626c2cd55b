// The one clock every SLA countdown on screen reads: it ticks each second while any is shown, so a
// target seconds away turns red on time, and a hundred rows still cost one timer.
import { Clock } from '$lib/components/ui/relative-time';

export const slaClock = new Clock(1_000);
