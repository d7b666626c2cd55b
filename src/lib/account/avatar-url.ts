// Profile pictures are public (the `avatars` bucket), so a page links them straight from storage.
import { publicSupabaseEnv } from '$lib/supabase';

/** The public URL of the picture at `path` in the `avatars` bucket, or undefined without one. */
export function avatarSrc(path: string | null | undefined): string | undefined {
	if (!path) return undefined;
	const escaped = path.split('/').map(encodeURIComponent).join('/');
	return `${publicSupabaseEnv().url}/storage/v1/object/public/avatars/${escaped}`;
}
