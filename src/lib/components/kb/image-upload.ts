// Article images go to the public `kb` bucket straight from the browser, under the agent's JWT
// (storage policies let staff upload); the article links them by their public URL.
import type { AppSupabaseClient } from '$lib/supabase';

export const imageTypes = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];
export const maxImageBytes = 5 * 1024 * 1024;

/** The Markdown that shows the uploaded image, or a message saying why it was not uploaded. */
export async function uploadArticleImage(
	supabase: AppSupabaseClient,
	file: File
): Promise<{ markdown: string } | { message: string }> {
	if (!imageTypes.includes(file.type)) return { message: 'Upload a PNG, JPEG, GIF or WebP image.' };
	if (file.size > maxImageBytes) return { message: 'Images can be up to 5 MB.' };
	const name = file.name.replace(/[^A-Za-z0-9._-]+/g, '-').slice(-80) || 'image';
	const path = `articles/${crypto.randomUUID()}/${name}`;
	const { error } = await supabase.storage
		.from('kb')
		.upload(path, file, { contentType: file.type, upsert: false });
	if (error) return { message: `The image could not be uploaded: ${error.message}` };
	const { publicUrl } = supabase.storage.from('kb').getPublicUrl(path).data;
	const alt = file.name.replace(/\.[^.]+$/, '').replace(/[[\]]/g, '');
	return { markdown: `![${alt}](${publicUrl})` };
}
