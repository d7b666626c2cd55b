import { guardPortal } from '$lib/server/guard-portal';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals, url }) => guardPortal('admin', locals, url);
