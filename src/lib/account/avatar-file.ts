// Profile pictures: what the `avatars` bucket accepts (supabase/migrations/20261203150008_avatars.sql
// sets the same limits, so the storage server refuses anything else too), checked in the browser
// before uploading so a person hears why at once.
export const avatarTypes: Record<string, string> = {
	'image/png': 'png',
	'image/jpeg': 'jpg',
	'image/webp': 'webp',
	'image/gif': 'gif'
};
export const maxAvatarBytes = 2 * 1024 * 1024;

/** Why `file` cannot be a profile picture, or undefined when it can. */
export function avatarFileProblem(file: Pick<File, 'type' | 'size'>): string | undefined {
	if (!(file.type in avatarTypes)) return 'Choose a PNG, JPEG, WebP or GIF image.';
	if (file.size === 0) return 'That file is empty. Choose another picture.';
	if (file.size > maxAvatarBytes) return 'Choose a picture of 2 MB or less.';
}

/** A fresh object path for `file` in the person's own folder, as the bucket's policies require. */
export const avatarObjectPath = (userId: string, file: Pick<File, 'type'>) =>
	`${userId}/${crypto.randomUUID()}.${avatarTypes[file.type]}`;
