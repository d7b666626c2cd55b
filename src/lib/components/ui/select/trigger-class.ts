// The select trigger's look: the bits-ui trigger's and that of the plain button a deferred select
// draws until it is mounted (SelectField's `deferred`), so both look the same.
import { fieldClasses } from '../input';
import { cn } from '../utils';

export const selectTriggerClass = cn(
	fieldClasses,
	'flex h-9 items-center justify-between gap-2 text-left data-placeholder:text-text-subtle [&>span]:truncate'
);
