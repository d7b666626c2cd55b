// Shared by the primitives: class merging (later classes win over the variant's), and the prop shape
// of a primitive that renders one element and exposes it as a bindable `ref`.
export { cn } from 'tailwind-variants';
export type {
	WithElementRef,
	WithoutChildren,
	WithoutChild,
	WithoutChildrenOrChild
} from 'bits-ui';

/** The focus ring every interactive primitive shares. */
export const focusRing =
	'outline-none focus-visible:ring-2 focus-visible:ring-ring focus-visible:ring-offset-1 focus-visible:ring-offset-surface';
